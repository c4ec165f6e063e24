import type { Db } from './db.js';
import type { GrantType } from './grants.js';

const TABLE: Record<GrantType, string> = { vm: 'vms', drive: 'drives', host_group: 'host_groups', vm_group: 'vm_groups' };

/** The display name of a granted object (grants are polymorphic, so no join does this). */
export function objectName(db: Db, type: GrantType, id: string): string {
  const row = db.prepare(`SELECT name FROM ${TABLE[type]} WHERE id = ?`).get(id) as { name: string } | undefined;
  return row?.name ?? id;
}

/** What messages and the sharing rules need of a granted object: its name, creator and kind. */
export interface ObjectFacts {
  name: string;
  createdBy: string | null;
  /** The creator's user name (null once that user is deleted). */
  creatorName: string | null;
  template: boolean;
}

export function objectFacts(db: Db, type: GrantType, id: string): ObjectFacts | undefined {
  const template = type === 'vm' ? 'o.is_template' : '0';
  const row = db
    .prepare(`SELECT o.name, o.created_by, u.name AS creator, ${template} AS template
      FROM ${TABLE[type]} o LEFT JOIN users u ON u.id = o.created_by WHERE o.id = ?`)
    .get(id) as { name: string; created_by: string | null; creator: string | null; template: number } | undefined;
  return row && { name: row.name, createdBy: row.created_by, creatorName: row.creator, template: row.template === 1 };
}
