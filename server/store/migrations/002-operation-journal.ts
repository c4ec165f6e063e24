/**
 * The operation journal of the command layer (DESIGN.md, "Command layer"): a command with
 * effects outside SQLite (storage, iSCSI) records each effect here before doing it, so
 * that a failure, or a restart after a crash, can undo them in reverse order. A row lives
 * only while its command is in flight; it is deleted in the commit's own transaction.
 */
export const sql = /* sql */ `
CREATE TABLE operation_journal (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  actor_id TEXT,
  started_at TEXT NOT NULL,
  effects TEXT NOT NULL DEFAULT '[]'
);
`;
