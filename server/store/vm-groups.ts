import type { Db } from './db.js';
import { normalName } from '../../lib/names.js';

export interface VmGroup {
  id: string;
  name: string;
  comment: string;
  createdAt: string;
  createdBy: string | null;
}

export interface VmGroupMember {
  id: string;
  name: string;
  isTemplate: boolean;
  hostGroup: string | null;
}

interface Raw { id: string; name: string; comment: string; created_at: string; created_by: string | null }

const toGroup = (r: Raw): VmGroup => ({ id: r.id, name: r.name, comment: r.comment, createdAt: r.created_at, createdBy: r.created_by });

export function listVmGroups(db: Db, visibleTo?: string): VmGroup[] {
  const rows =
    visibleTo === undefined
      ? (db.prepare('SELECT * FROM vm_groups ORDER BY name').all() as Raw[])
      : (db
          .prepare(`SELECT * FROM vm_groups WHERE id IN (SELECT object_id FROM grants WHERE user_id = ? AND object_type = 'vm_group') ORDER BY name`)
          .all(visibleTo) as Raw[]);
  return rows.map(toGroup);
}

export function getVmGroup(db: Db, id: string): VmGroup | undefined {
  const r = db.prepare('SELECT * FROM vm_groups WHERE id = ?').get(id) as Raw | undefined;
  return r && toGroup(r);
}

export function getVmGroupByName(db: Db, name: string): VmGroup | undefined {
  const r = db.prepare('SELECT * FROM vm_groups WHERE name = ?').get(normalName(name)) as Raw | undefined;
  return r && toGroup(r);
}

export function insertVmGroup(db: Db, g: VmGroup): void {
  db.prepare('INSERT INTO vm_groups (id, name, comment, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(g.id, g.name, g.comment, g.createdAt, g.createdBy);
}

export function updateVmGroup(db: Db, id: string, patch: { name?: string; comment?: string }): void {
  if (patch.name !== undefined) db.prepare('UPDATE vm_groups SET name = ? WHERE id = ?').run(patch.name, id);
  if (patch.comment !== undefined) db.prepare('UPDATE vm_groups SET comment = ? WHERE id = ?').run(patch.comment, id);
}

export function deleteVmGroup(db: Db, id: string): void {
  db.prepare('DELETE FROM vm_groups WHERE id = ?').run(id);
}

/** Members in name order; with `visibleTo`, only the VMs and templates that user holds a grant on. */
export function vmGroupMembers(db: Db, groupId: string, visibleTo?: string): VmGroupMember[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.name, v.is_template, g.name AS host_group FROM vm_group_members m
       JOIN vms v ON v.id = m.vm_id LEFT JOIN host_groups g ON g.id = v.host_group_id
       WHERE m.vm_group_id = ?${visibleTo === undefined ? '' : ` AND v.id IN (SELECT object_id FROM grants WHERE user_id = ? AND object_type = 'vm')`}
       ORDER BY v.name`,
    )
    .all(...(visibleTo === undefined ? [groupId] : [groupId, visibleTo])) as { id: string; name: string; is_template: number; host_group: string | null }[];
  return rows.map((r) => ({ id: r.id, name: r.name, isTemplate: r.is_template === 1, hostGroup: r.host_group }));
}

export function countVmGroupMembers(db: Db, groupId: string): number {
  return (db.prepare('SELECT count(*) AS n FROM vm_group_members WHERE vm_group_id = ?').get(groupId) as { n: number }).n;
}

export function addVmGroupMember(db: Db, groupId: string, vmId: string): void {
  db.prepare('INSERT OR IGNORE INTO vm_group_members (vm_group_id, vm_id) VALUES (?, ?)').run(groupId, vmId);
}

export function removeVmGroupMember(db: Db, groupId: string, vmId: string): boolean {
  return db.prepare('DELETE FROM vm_group_members WHERE vm_group_id = ? AND vm_id = ?').run(groupId, vmId).changes > 0;
}
