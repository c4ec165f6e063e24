import { InfinityError } from '../../lib/errors.js';
import type { Runner } from '../../lib/exec/run.js';
import { FilePool } from './file/file-pool.js';
import type { StoragePool } from './pool.js';

export interface PoolLocation {
  driver: 'file' | 'zfs';
  location: string;
}

/** The only place that maps a configured pool kind to its driver. */
export function createStoragePool(config: PoolLocation, runner: Runner): StoragePool {
  switch (config.driver) {
    case 'file':
      return new FilePool({ path: config.location }, runner);
    case 'zfs':
      throw new InfinityError(
        'INF_ERR_STORAGE_UNSUPPORTED',
        'ZFS pools are not available in this Infinity build yet; add a file pool (--driver file --path DIR) for now.',
        { field: 'driver' },
      );
  }
}
