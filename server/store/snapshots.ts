import type { Db } from './db.js';

export interface SnapshotRow {
  id: string;
  driveId: string;
  vmId: string | null;
  vmSnapshotId: string | null;
  createdAt: string;
  comment: string;
  taskId: string | null;
}

interface Raw { id: string; drive_id: string; vm_id: string | null; vm_snapshot_id: string | null; created_at: string; comment: string; task_id: string | null }

const toSnapshot = (r: Raw): SnapshotRow => ({
  id: r.id, driveId: r.drive_id, vmId: r.vm_id, vmSnapshotId: r.vm_snapshot_id, createdAt: r.created_at, comment: r.comment, taskId: r.task_id,
});

export function listDriveSnapshots(db: Db, driveId: string): SnapshotRow[] {
  return (db.prepare('SELECT * FROM snapshots WHERE drive_id = ? ORDER BY created_at, rowid').all(driveId) as Raw[]).map(toSnapshot);
}

export function listVmSnapshots(db: Db, vmId: string): SnapshotRow[] {
  return (db.prepare('SELECT * FROM snapshots WHERE vm_id = ? ORDER BY created_at, rowid').all(vmId) as Raw[]).map(toSnapshot);
}

export function getSnapshot(db: Db, id: string): SnapshotRow | undefined {
  const r = db.prepare('SELECT * FROM snapshots WHERE id = ?').get(id) as Raw | undefined;
  return r && toSnapshot(r);
}

export function snapshotsOfVmSnapshot(db: Db, vmSnapshotId: string): SnapshotRow[] {
  return (db.prepare('SELECT * FROM snapshots WHERE vm_snapshot_id = ? ORDER BY rowid').all(vmSnapshotId) as Raw[]).map(toSnapshot);
}

export function insertSnapshot(db: Db, s: SnapshotRow): void {
  db.prepare('INSERT INTO snapshots (id, drive_id, vm_id, vm_snapshot_id, created_at, comment, task_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    s.id, s.driveId, s.vmId, s.vmSnapshotId, s.createdAt, s.comment, s.taskId,
  );
}

export function setSnapshotComment(db: Db, id: string, comment: string): void {
  db.prepare('UPDATE snapshots SET comment = ? WHERE id = ?').run(comment, id);
}

/** A promoted clone's drive takes these over; they stop being part of any VM snapshot. */
export function moveSnapshotsToDrive(db: Db, ids: string[], drive: { id: string; vmId: string | null }): void {
  const move = db.prepare('UPDATE snapshots SET drive_id = ?, vm_id = ?, vm_snapshot_id = NULL WHERE id = ?');
  for (const id of ids) move.run(drive.id, drive.vmId, id);
}

export function deleteSnapshot(db: Db, id: string): void {
  db.prepare('DELETE FROM snapshots WHERE id = ?').run(id);
}
