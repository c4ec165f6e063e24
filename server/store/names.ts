import type { Db } from './db.js';
import type { GrantType } from './grants.js';

const TABLE: Record<GrantType, string> = { vm: 'vms', drive: 'drives', host_group: 'host_groups', vm_group: 'vm_groups' };

/** The display name of a granted object (grants are polymorphic, so no join does this). */
export function objectName(db: Db, type: GrantType, id: string): string {
  const row = db.prepare(`SELECT name FROM ${TABLE[type]} WHERE id = ?`).get(id) as { name: string } | undefined;
  return row?.name ?? id;
}
