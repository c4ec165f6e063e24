/**
 * Storage lineage: a VM snapshot is the set of its drives' snapshots taken together (one
 * `vm_snapshot_id`), and a cloned drive remembers the snapshot it came from, so the
 * database alone can refuse to delete a snapshot that still has clones.
 */
export const sql = /* sql */ `
ALTER TABLE snapshots ADD COLUMN vm_snapshot_id TEXT;
CREATE INDEX snapshots_vm_snapshot ON snapshots(vm_snapshot_id);
ALTER TABLE drives ADD COLUMN origin_snapshot_id TEXT REFERENCES snapshots(id);
CREATE INDEX drives_origin ON drives(origin_snapshot_id);
CREATE INDEX drives_pool ON drives(pool_id);
`;
