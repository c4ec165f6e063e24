/** The part of a pino logger these jobs use, so a request's logger fits too. */
interface Logger {
  error(object: object, message: string): void;
}
import type { StorageService } from '../storage/service.js';
import type { Db } from '../store/db.js';
import { listDrives, type DriveRow } from '../store/drives.js';
import { listPools } from '../store/pools.js';

/**
 * Dynamic reservation (manual): for every sparse drive on a pool that can reserve, keep
 * written + N % of its size reserved, re-read on a schedule as the VM writes. A drive
 * back at 0 % has its reservation removed. Failures are logged and the rest go on.
 */
export async function adjustReservations(db: Db, storage: StorageService, logger: Logger): Promise<{ driveId: string; bytes: number }[]> {
  const adjusted: { driveId: string; bytes: number }[] = [];
  for (const pool of listPools(db).filter((p) => p.online)) {
    const driver = storage.pool(pool.id);
    const capable = await driver.capabilities().then((c) => c.reservation, () => false);
    if (!capable) continue;
    for (const drive of listDrives(db, { poolId: pool.id }).filter((d) => d.sparse)) {
      const bytes = await reserveDrive(storage, drive, logger);
      if (bytes !== undefined) adjusted.push({ driveId: drive.id, bytes });
    }
  }
  return adjusted;
}

/**
 * Brings one drive's reservation to its percentage. A pool that cannot reserve (a file
 * pool) holds no reservation to change: only 0 % is ever stored for its drives (anything
 * more is refused up front), so there is nothing to do and nothing to report.
 */
export async function reserveDrive(storage: StorageService, drive: DriveRow, logger: Logger): Promise<number | undefined> {
  try {
    const pool = storage.pool(drive.poolId);
    if (!(await pool.capabilities()).reservation) return undefined;
    return await pool.reserve(drive.id, drive.reservationPercent);
  } catch (error) {
    logger.error({ drive: drive.name, driveId: drive.id, err: error }, `could not adjust the dynamic reservation of drive "${drive.name}"`);
    return undefined;
  }
}
