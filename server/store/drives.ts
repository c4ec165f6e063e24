import type { Compression, IoSync } from '../../lib/catalog.js';
import type { Db } from './db.js';
import { normalName } from '../../lib/names.js';

export interface DriveRow {
  id: string;
  name: string;
  vmId: string | null;
  position: number | null;
  poolId: string;
  sizeBytes: number;
  sparse: boolean;
  compression: Compression;
  readOnly: boolean;
  isPrimary: boolean;
  autoFailover: boolean;
  reservationPercent: number;
  type: string;
  ioSync: IoSync;
  comment: string;
  originSnapshotId: string | null;
  createdAt: string;
  createdBy: string | null;
}

type Raw = Record<string, string | number | null>;

const toDrive = (r: Raw): DriveRow => ({
  id: r.id as string,
  name: r.name as string,
  vmId: r.vm_id as string | null,
  position: r.position as number | null,
  poolId: r.pool_id as string,
  sizeBytes: r.size_bytes as number,
  sparse: r.sparse === 1,
  compression: r.compression as Compression,
  readOnly: r.read_only === 1,
  isPrimary: r.is_primary === 1,
  autoFailover: r.auto_failover === 1,
  reservationPercent: r.reservation_percent as number,
  type: r.type as string,
  ioSync: r.io_sync as IoSync,
  comment: r.comment as string,
  originSnapshotId: r.origin_snapshot_id as string | null,
  createdAt: r.created_at as string,
  createdBy: r.created_by as string | null,
});

export interface DriveFilter {
  visibleTo?: string;
  vmId?: string;
  poolId?: string;
}

export function listDrives(db: Db, filter: DriveFilter = {}): DriveRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.visibleTo !== undefined) {
    // A drive is visible through a grant on it, or on the VM it belongs to.
    where.push(`(id IN (SELECT object_id FROM grants WHERE user_id = ? AND object_type = 'drive')
      OR vm_id IN (SELECT object_id FROM grants WHERE user_id = ? AND object_type = 'vm'))`);
    args.push(filter.visibleTo, filter.visibleTo);
  }
  if (filter.vmId !== undefined) {
    where.push('vm_id = ?');
    args.push(filter.vmId);
  }
  if (filter.poolId !== undefined) {
    where.push('pool_id = ?');
    args.push(filter.poolId);
  }
  const order = filter.vmId !== undefined ? 'position, name' : 'name';
  return (db.prepare(`SELECT * FROM drives${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`).all(...args) as Raw[]).map(toDrive);
}

export function getDrive(db: Db, ref: string): DriveRow | undefined {
  const r = db.prepare('SELECT * FROM drives WHERE id = ? OR name = ?').get(ref, normalName(ref)) as Raw | undefined;
  return r && toDrive(r);
}

export function driveNameExists(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM drives WHERE name = ?').get(normalName(name)) !== undefined;
}

export function insertDrive(db: Db, d: DriveRow): void {
  db.prepare(
    `INSERT INTO drives (id, name, vm_id, position, pool_id, size_bytes, sparse, compression, read_only, is_primary, auto_failover,
       reservation_percent, type, io_sync, comment, origin_snapshot_id, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    d.id, d.name, d.vmId, d.position, d.poolId, d.sizeBytes, d.sparse ? 1 : 0, d.compression, d.readOnly ? 1 : 0, d.isPrimary ? 1 : 0,
    d.autoFailover ? 1 : 0, d.reservationPercent, d.type, d.ioSync, d.comment, d.originSnapshotId, d.createdAt, d.createdBy,
  );
}

const COLUMNS: Record<string, string> = {
  name: 'name', vmId: 'vm_id', position: 'position', sizeBytes: 'size_bytes', compression: 'compression', readOnly: 'read_only',
  isPrimary: 'is_primary', autoFailover: 'auto_failover', reservationPercent: 'reservation_percent', type: 'type', ioSync: 'io_sync', comment: 'comment',
};

export function updateDrive(db: Db, id: string, patch: Partial<Omit<DriveRow, 'id' | 'poolId' | 'createdAt' | 'createdBy' | 'sparse' | 'originSnapshotId'>>): void {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const column = COLUMNS[field];
    if (column === undefined || value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
  }
  if (sets.length > 0) db.prepare(`UPDATE drives SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
}

export function setDriveOrigin(db: Db, id: string, originSnapshotId: string | null): void {
  db.prepare('UPDATE drives SET origin_snapshot_id = ? WHERE id = ?').run(originSnapshotId, id);
}

export function deleteDrive(db: Db, id: string): void {
  db.prepare('DELETE FROM drives WHERE id = ?').run(id);
}

export function nextDrivePosition(db: Db, vmId: string): number {
  return (db.prepare('SELECT coalesce(max(position) + 1, 0) AS n FROM drives WHERE vm_id = ?').get(vmId) as { n: number }).n;
}

export function clonesOfSnapshot(db: Db, snapshotId: string): DriveRow[] {
  return (db.prepare('SELECT * FROM drives WHERE origin_snapshot_id = ? ORDER BY name').all(snapshotId) as Raw[]).map(toDrive);
}
