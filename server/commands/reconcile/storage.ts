import type { Db } from '../../store/db.js';
import { listDrives } from '../../store/drives.js';
import { listPools } from '../../store/pools.js';
import type { StorageService } from '../../storage/service.js';

export interface StorageDrift {
  /** Volumes in a pool with no drive in the database: reported, never removed (we may not have made them). */
  orphanVolumes: { poolId: string; volumeId: string }[];
  /** Drives the database records whose volume is missing. */
  missingVolumes: { poolId: string; driveId: string; name: string }[];
  /** Pools that could not be read at all. */
  unreadablePools: { poolId: string; error: string }[];
  /** What interrupted operations had staged (our own naming), removed. */
  swept: { poolId: string; path: string }[];
}

/**
 * Compares every online pool with the database (the truth), at start, before serving.
 * Interrupted commands are already rolled back by the operation journal before this runs;
 * what they staged is swept away; anything else found here is drift from outside
 * Infinity, and it is reported for an administrator to decide.
 */
export async function reconcileStorage(db: Db, storage: StorageService): Promise<StorageDrift> {
  const drift: StorageDrift = { orphanVolumes: [], missingVolumes: [], unreadablePools: [], swept: [] };
  for (const pool of listPools(db).filter((p) => p.online)) {
    let volumes: string[];
    try {
      for (const path of await storage.pool(pool.id).sweep()) drift.swept.push({ poolId: pool.id, path });
      volumes = (await storage.pool(pool.id).listVolumes()).map((v) => v.id);
    } catch (error) {
      drift.unreadablePools.push({ poolId: pool.id, error: (error as Error).message });
      continue;
    }
    const drives = listDrives(db, { poolId: pool.id });
    const known = new Set(drives.map((d) => d.id));
    const present = new Set(volumes);
    for (const id of volumes) if (!known.has(id)) drift.orphanVolumes.push({ poolId: pool.id, volumeId: id });
    for (const d of drives) if (!present.has(d.id)) drift.missingVolumes.push({ poolId: pool.id, driveId: d.id, name: d.name });
  }
  return drift;
}
