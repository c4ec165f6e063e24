import type { Runner } from '../../lib/exec/run.js';
import { SshLinks } from '../../lib/exec/ssh-links.js';
import { fail } from '../../lib/errors.js';
import type { StoragePool } from './pool.js';
import { createStoragePool, type PoolLocation } from './registry.js';

/** Where a configured pool is, by its id (the server answers from its database). */
export type PoolLocator = (poolId: string) => PoolLocation | undefined;

/**
 * The server's pools, by pool id: one driver instance per configured pool, made on first
 * use from where `locate` says the pool is.
 */
export class StorageService {
  private readonly pools = new Map<string, StoragePool>();

  constructor(
    private readonly locate: PoolLocator,
    private readonly runner: Runner,
    private readonly links = new SshLinks(runner),
  ) {}

  pool(poolId: string): StoragePool {
    let pool = this.pools.get(poolId);
    if (!pool) {
      const location = this.locate(poolId);
      if (!location) throw fail.notFound('Storage pool', poolId);
      pool = createStoragePool(location, this.runner, this.links);
      this.pools.set(poolId, pool);
    }
    return pool;
  }

  /** Checks a configuration without keeping it (for `pool.add`). */
  probe(driver: 'file' | 'zfs', location: string): StoragePool {
    return createStoragePool({ driver, location }, this.runner, this.links);
  }

  forget(poolId: string): void {
    this.pools.delete(poolId);
  }
}
