import type { Logger } from 'pino';
import type { StorageService } from '../storage/service.js';
import type { Db } from '../store/db.js';
import { listPools } from '../store/pools.js';

/** A pool with less than this share free is "nearly full" (manual, "Sparse Hard Drives"). */
export const NEARLY_FULL_FREE_RATIO = 0.1;

export interface PoolSpaceReport {
  poolId: string;
  name: string;
  freeRatio: number;
  nearlyFull: boolean;
}

/**
 * Checks every online pool's free space and logs an error for each that is nearly full:
 * when it fills, every sparse drive on it fails at once. (Mail to the administrator comes
 * with the mail capability; the log is where the warning goes until then.)
 */
export async function checkPoolSpace(db: Db, storage: StorageService, logger: Logger): Promise<PoolSpaceReport[]> {
  const reports: PoolSpaceReport[] = [];
  for (const pool of listPools(db).filter((p) => p.online)) {
    try {
      const space = await storage.pool(pool.id).space();
      const freeRatio = space.sizeBytes > 0 ? space.freeBytes / space.sizeBytes : 0;
      const nearlyFull = freeRatio < NEARLY_FULL_FREE_RATIO;
      if (nearlyFull) {
        logger.error(
          { pool: pool.name, poolId: pool.id, freeBytes: space.freeBytes, sizeBytes: space.sizeBytes },
          `storage pool "${pool.name}" is nearly full (${(freeRatio * 100).toFixed(1)} % free): sparse drives on it will fail to write when it fills; free space or add a pool`,
        );
      }
      reports.push({ poolId: pool.id, name: pool.name, freeRatio, nearlyFull });
    } catch (error) {
      logger.error({ pool: pool.name, poolId: pool.id, err: error }, `storage pool "${pool.name}" could not be read`);
    }
  }
  return reports;
}

/** Runs `job` now and then every `everyMs`; a tick that finds it still running is skipped. */
export function every(everyMs: number, job: () => Promise<unknown>): { stop(): Promise<void> } {
  let current: Promise<unknown> | undefined;
  const tick = () => {
    if (current) return;
    current = job()
      .catch(() => undefined)
      .finally(() => {
        current = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
