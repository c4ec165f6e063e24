import type { HostGroupType } from '../../lib/catalog.js';
import type { Db } from './db.js';
import { normalName } from '../../lib/names.js';

export interface HostGroup {
  id: string;
  name: string;
  type: HostGroupType;
  mac: string | null;
  createdAt: string;
  createdBy: string | null;
}

interface Raw {
  id: string;
  name: string;
  type: HostGroupType;
  mac: string | null;
  created_at: string;
  created_by: string | null;
}

const toGroup = (r: Raw): HostGroup => ({ id: r.id, name: r.name, type: r.type, mac: r.mac, createdAt: r.created_at, createdBy: r.created_by });

export function listHostGroups(db: Db, visibleTo?: string): HostGroup[] {
  const rows =
    visibleTo === undefined
      ? (db.prepare('SELECT * FROM host_groups ORDER BY name').all() as Raw[])
      : (db
          .prepare(
            `SELECT * FROM host_groups WHERE id IN (SELECT object_id FROM grants WHERE user_id = ? AND object_type = 'host_group') ORDER BY name`,
          )
          .all(visibleTo) as Raw[]);
  return rows.map(toGroup);
}

export function getHostGroup(db: Db, id: string): HostGroup | undefined {
  const r = db.prepare('SELECT * FROM host_groups WHERE id = ?').get(id) as Raw | undefined;
  return r && toGroup(r);
}

export function getHostGroupByName(db: Db, name: string): HostGroup | undefined {
  const r = db.prepare('SELECT * FROM host_groups WHERE name = ?').get(normalName(name)) as Raw | undefined;
  return r && toGroup(r);
}

export function getHostGroupByMac(db: Db, mac: string): HostGroup | undefined {
  const r = db.prepare('SELECT * FROM host_groups WHERE mac = ?').get(mac) as Raw | undefined;
  return r && toGroup(r);
}

export function insertHostGroup(db: Db, g: HostGroup): void {
  db.prepare('INSERT INTO host_groups (id, name, type, mac, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(
    g.id, g.name, g.type, g.mac, g.createdAt, g.createdBy,
  );
}

export function updateHostGroup(db: Db, id: string, patch: { type?: HostGroupType; mac?: string | null }): void {
  // One statement: the table checks that a group has a MAC exactly when it is BareMetal,
  // which holds before and after a type change but not between two separate updates.
  db.prepare('UPDATE host_groups SET type = coalesce(?, type), mac = CASE WHEN ? THEN ? ELSE mac END WHERE id = ?').run(
    patch.type ?? null, patch.mac === undefined ? 0 : 1, patch.mac ?? null, id,
  );
}

export function deleteHostGroup(db: Db, id: string): void {
  db.prepare('DELETE FROM host_groups WHERE id = ?').run(id);
}

export function hostGroupUsage(db: Db, id: string): { vms: number; hosts: number } {
  const vms = (db.prepare('SELECT count(*) AS n FROM vms WHERE host_group_id = ?').get(id) as { n: number }).n;
  const hosts = (db.prepare('SELECT count(*) AS n FROM hosts WHERE host_group_id = ?').get(id) as { n: number }).n;
  return { vms, hosts };
}
