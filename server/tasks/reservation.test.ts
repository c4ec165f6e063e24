import { describe, expect, it } from 'vitest';
import { InfinityError } from '../../lib/errors.js';
import type { PoolCapabilities } from '../storage/pool.js';
import type { StorageService } from '../storage/service.js';
import type { DriveRow } from '../store/drives.js';
import { reserveDrive } from './reservation.js';

const drive = { id: 'd-1', name: 'thin-disk', poolId: 'p-1', sparse: true, reservationPercent: 0 } as DriveRow;

/** A pool with the given capability whose `reserve` answers as the file and ZFS pools do. */
function storage(capabilities: Partial<PoolCapabilities>) {
  const reserved: number[] = [];
  const pool = {
    capabilities: async () => ({ compression: false, reservation: false, thinClones: false, ...capabilities }),
    reserve: async (_id: string, percent: number) => {
      if (!capabilities.reservation) {
        throw new InfinityError('INF_ERR_STORAGE_UNSUPPORTED', 'File pools cannot reserve space for sparse drives.');
      }
      reserved.push(percent);
      return percent * 1024;
    },
  };
  return { service: { pool: () => pool } as unknown as StorageService, reserved };
}

function logger() {
  const errors: string[] = [];
  return { errors, error: (_object: object, message: string) => void errors.push(message) };
}

describe('reserveDrive', () => {
  it('setting a file-pool drive back to 0 % does nothing and logs no error (it holds no reservation)', async () => {
    const log = logger();
    expect(await reserveDrive(storage({ reservation: false }).service, drive, log)).toBeUndefined();
    expect(log.errors).toEqual([]);
  });

  it('a pool that can reserve is asked, also for 0 % (which removes the reservation)', async () => {
    const log = logger();
    const zfs = storage({ reservation: true });
    expect(await reserveDrive(zfs.service, { ...drive, reservationPercent: 10 }, log)).toBe(10 * 1024);
    expect(await reserveDrive(zfs.service, drive, log)).toBe(0);
    expect(zfs.reserved).toEqual([10, 0]);
    expect(log.errors).toEqual([]);
  });
});
