import type { Db } from './db.js';

export interface ExportRow {
  driveId: string;
  initiatorIqn: string;
  chapUser: string | null;
  chapSecret: string | null;
  exportedAt: string;
  exportedBy: string | null;
}

interface Raw { drive_id: string; initiator_iqn: string; chap_user: string | null; chap_secret: string | null; exported_at: string; exported_by: string | null }

const toRow = (r: Raw): ExportRow => ({
  driveId: r.drive_id, initiatorIqn: r.initiator_iqn, chapUser: r.chap_user, chapSecret: r.chap_secret, exportedAt: r.exported_at, exportedBy: r.exported_by,
});

export function listExports(db: Db): ExportRow[] {
  return (db.prepare('SELECT * FROM drive_exports ORDER BY exported_at').all() as Raw[]).map(toRow);
}

export function getExport(db: Db, driveId: string): ExportRow | undefined {
  const r = db.prepare('SELECT * FROM drive_exports WHERE drive_id = ?').get(driveId) as Raw | undefined;
  return r && toRow(r);
}

export function upsertExport(db: Db, e: ExportRow): void {
  db.prepare(
    `INSERT INTO drive_exports (drive_id, initiator_iqn, chap_user, chap_secret, exported_at, exported_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (drive_id) DO UPDATE SET initiator_iqn = excluded.initiator_iqn, chap_user = excluded.chap_user,
       chap_secret = excluded.chap_secret, exported_at = excluded.exported_at, exported_by = excluded.exported_by`,
  ).run(e.driveId, e.initiatorIqn, e.chapUser, e.chapSecret, e.exportedAt, e.exportedBy);
}

export function deleteExport(db: Db, driveId: string): void {
  db.prepare('DELETE FROM drive_exports WHERE drive_id = ?').run(driveId);
}
