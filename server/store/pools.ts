import type { Db } from './db.js';
import { normalName } from '../../lib/names.js';

export type PoolDriver = 'file' | 'zfs';

export interface PoolRow {
  id: string;
  name: string;
  serverId: string;
  driver: PoolDriver;
  /** file: a directory; zfs: a parent dataset, optionally `ssh://user@host/dataset`. */
  location: string;
  online: boolean;
  createdAt: string;
}

interface Raw { id: string; name: string; server_id: string; driver: PoolDriver; location: string; online: number; created_at: string }

const toPool = (r: Raw): PoolRow => ({ id: r.id, name: r.name, serverId: r.server_id, driver: r.driver, location: r.location, online: r.online === 1, createdAt: r.created_at });

export function listPools(db: Db): PoolRow[] {
  return (db.prepare('SELECT * FROM storage_pools ORDER BY name').all() as Raw[]).map(toPool);
}

export function getPool(db: Db, ref: string): PoolRow | undefined {
  const r = db.prepare('SELECT * FROM storage_pools WHERE id = ? OR name = ?').get(ref, normalName(ref)) as
    | Raw
    | undefined;
  return r && toPool(r);
}

export function insertPool(db: Db, p: PoolRow): void {
  db.prepare('INSERT INTO storage_pools (id, name, server_id, driver, location, online, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    p.id, p.name, p.serverId, p.driver, p.location, p.online ? 1 : 0, p.createdAt,
  );
}

export function setPoolOnline(db: Db, id: string, online: boolean): void {
  db.prepare('UPDATE storage_pools SET online = ? WHERE id = ?').run(online ? 1 : 0, id);
}

export function deletePool(db: Db, id: string): void {
  db.prepare('DELETE FROM storage_pools WHERE id = ?').run(id);
}

export function poolDriveCount(db: Db, id: string): number {
  return (db.prepare('SELECT count(*) AS n FROM drives WHERE pool_id = ?').get(id) as { n: number }).n;
}

/** Bytes promised to thick drives: a pool never promises more than it has. */
export function thickBytes(db: Db, poolId: string): number {
  return (db.prepare('SELECT coalesce(sum(size_bytes), 0) AS n FROM drives WHERE pool_id = ? AND sparse = 0').get(poolId) as { n: number }).n;
}
