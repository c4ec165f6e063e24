import { fail } from '../../lib/errors.js';
import { canSee, requireCreator, type Actor } from '../access/policy.js';
import type { Db } from '../store/db.js';
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
  if (!objectExists(db, type, id) || !canSee(db, actor, type, id)) throw fail.notFound(kind, id);
  requireCreator(actor, `share a ${kind}`);
}
