/**
 * Drives exported over iSCSI: to which initiator, with which CHAP account. The database
 * is the truth: tgtd keeps nothing across its own restart, so the server re-exports
 * every row here when its exporter starts. The secret is kept because it must be.
 */
export const sql = /* sql */ `
CREATE TABLE drive_exports (
  drive_id TEXT PRIMARY KEY REFERENCES drives(id) ON DELETE CASCADE,
  initiator_iqn TEXT NOT NULL,
  chap_user TEXT,
  chap_secret TEXT,
  exported_at TEXT NOT NULL,
  exported_by TEXT,
  CHECK ((chap_user IS NULL) = (chap_secret IS NULL))
);
`;
