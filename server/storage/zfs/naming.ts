import { InfinityError } from '../../../lib/errors.js';
import { isStorageId } from '../naming.js';

/**
 * Dataset names come from ids and parse back to them: `<parent>/drive-<id>` for a drive,
 * `<parent>/drive-<id>@snap-<id>` for its snapshots. A name that does not parse is not
 * ours, and the driver leaves it alone.
 */
const VOLUME_PREFIX = 'drive-';
const SNAPSHOT_PREFIX = 'snap-';

/** ZFS component characters (zfs_namecheck.c), minus the ones that start snapshots/bookmarks. */
const COMPONENT = /^[A-Za-z0-9_.:-]+$/;

export function assertParentDataset(parent: string): string {
  const parts = parent.split('/');
  const ok = parent.length > 0 && parent.length <= 200 && parts.every((p) => COMPONENT.test(p) && p !== '.' && p !== '..') && /^[A-Za-z]/.test(parent);
  if (!ok) {
    throw new InfinityError('INF_ERR_VALIDATION', `"${parent}" is not a ZFS dataset name (pool/path: letters, digits, _ . : -, starting with a letter).`, { field: 'dataset' });
  }
  return parent;
}

export function volumeDataset(parent: string, id: string): string {
  if (!isStorageId(id)) throw new InfinityError('INF_ERR_VALIDATION', `Volume id "${id}" is not a valid storage id (a-z, 0-9, -).`);
  return `${parent}/${VOLUME_PREFIX}${id}`;
}

export function parseVolumeDataset(parent: string, name: string): string | undefined {
  const prefix = `${parent}/${VOLUME_PREFIX}`;
  if (!name.startsWith(prefix)) return undefined;
  const id = name.slice(prefix.length);
  return isStorageId(id) ? id : undefined;
}

export function snapshotName(parent: string, volumeId: string, snapshotId: string): string {
  if (!isStorageId(snapshotId)) throw new InfinityError('INF_ERR_VALIDATION', `Snapshot id "${snapshotId}" is not a valid storage id (a-z, 0-9, -).`);
  return `${volumeDataset(parent, volumeId)}@${SNAPSHOT_PREFIX}${snapshotId}`;
}

export function parseSnapshotName(parent: string, name: string): { volumeId: string; snapshotId: string } | undefined {
  const at = name.indexOf('@');
  if (at < 0) return undefined;
  const volumeId = parseVolumeDataset(parent, name.slice(0, at));
  const tail = name.slice(at + 1);
  if (volumeId === undefined || !tail.startsWith(SNAPSHOT_PREFIX)) return undefined;
  const snapshotId = tail.slice(SNAPSHOT_PREFIX.length);
  return isStorageId(snapshotId) ? { volumeId, snapshotId } : undefined;
}
