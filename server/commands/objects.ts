import { fail } from '../../lib/errors.js';
import { canSee, requireCreator, type Actor } from '../access/policy.js';
import { canSeeDrive } from '../access/visibility.js';
import type { Db } from '../store/db.js';
import { getDrive } from '../store/drives.js';
import type { GrantType } from '../store/grants.js';

const TABLES: Record<GrantType, { table: string; kind: string }> = {
  vm: { table: 'vms', kind: 'VM' },
  drive: { table: 'drives', kind: 'Drive' },
  host_group: { table: 'host_groups', kind: 'Host Group' },
  vm_group: { table: 'vm_groups', kind: 'VM Group' },
};

export function grantKind(type: GrantType): string {
  return TABLES[type].kind;
}

export function objectExists(db: Db, type: GrantType, id: string): boolean {
  return db.prepare(`SELECT 1 FROM ${TABLES[type].table} WHERE id = ?`).get(id) !== undefined;
}

/** Whoever shares an object must see it and be allowed to create (not restricted). */
export function requireGrantable(db: Db, actor: Actor, type: GrantType, id: string): void {
  const kind = grantKind(type);
  if (!objectExists(db, type, id) || !visible(db, actor, type, id)) throw fail.notFound(kind, id);
  requireCreator(actor, `share a ${kind}`);
}

/** A drive is seen through a grant on it or on its VM (the drive of one's own VM is one's to share). */
function visible(db: Db, actor: Actor, type: GrantType, id: string): boolean {
  if (type !== 'drive') return canSee(db, actor, type, id);
  const drive = getDrive(db, id);
  return drive !== undefined && canSeeDrive(db, actor, drive);
}
