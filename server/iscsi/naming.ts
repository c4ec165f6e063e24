import { isStorageId } from '../storage/naming.js';

/**
 * Target and CHAP account names come from drive ids and parse back to them, so listing an
 * exporter tells which targets are ours (and which drive each serves) without guessing.
 */
export const IQN_BASE = 'iqn.2026-11.org.infinity';

export function targetIqn(driveId: string): string {
  return `${IQN_BASE}:drive-${driveId}`;
}

export function parseTargetIqn(iqn: string): string | undefined {
  const prefix = `${IQN_BASE}:drive-`;
  if (!iqn.startsWith(prefix)) return undefined;
  const id = iqn.slice(prefix.length);
  return isStorageId(id) ? id : undefined;
}

/** The CHAP user of a drive's target (tgt's accounts are global, so names must be unique). */
export function chapUser(driveId: string): string {
  return `inf-${driveId}`;
}

/** RFC 3720 iSCSI names: iqn.YYYY-MM.reversed.domain[:anything], lower case, no spaces. */
const IQN = /^iqn\.\d{4}-\d{2}\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[a-z0-9.:_-]+)?$/;

export function isInitiatorIqn(value: string): boolean {
  return value.length <= 223 && IQN.test(value);
}
