import type { Db } from './store/db.js';
import { listPools } from './store/pools.js';

/** What the start notes read of the assembled core. */
export interface StartedParts {
  db: Db;
  storage: { pool(poolId: string): { capabilities(): Promise<{ thinClones: boolean }> } };
  iscsi: { local: { health(): { status: string; reason?: string } } };
}

/**
 * The optional parts of this server that are off, each as "PART: why, and what turns it on", for the
 * start banner and the log: iSCSI without tgtd, and file pools whose file system cannot share
 * blocks (every clone and snapshot there is a full copy).
 */
export async function partsOff(core: StartedParts): Promise<string[]> {
  const off: string[] = [];
  const iscsi = core.iscsi.local.health();
  if (iscsi.status !== 'ok') off.push(`iSCSI: ${iscsi.reason ?? iscsi.status}`);
  for (const pool of listPools(core.db)) {
    if (pool.driver !== 'file' || !pool.online) continue;
    const thin = await core.storage.pool(pool.id).capabilities().then((c) => c.thinClones, () => true);
    if (!thin) {
      off.push(
        `Thin clones in pool "${pool.name}": ${pool.location} is on a file system without reflink, so its clones and ` +
          'snapshots are full copies. For thin ones add a pool on XFS or btrfs ' +
          '(infinity pool add --name NAME --driver file --path DIR) or on ZFS (--driver zfs --dataset POOL/PATH).',
      );
    }
  }
  return off;
}
