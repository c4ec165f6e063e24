import type { Runner } from '../../lib/exec/run.js';
import { fail } from '../../lib/errors.js';
import type { EffectRegistry } from '../commands/effects.js';
import type { Db } from '../store/db.js';
import { getPool } from '../store/pools.js';
import type { StoragePool, VolumeProperties, VolumeSpec } from './pool.js';
import { createStoragePool } from './registry.js';

/**
 * The server's pools, by pool id: one driver instance per configured pool, made on first
 * use from the pool's row. Also the storage effects the command layer journals.
 */
export class StorageService {
  private readonly pools = new Map<string, StoragePool>();

  constructor(private readonly db: Db, private readonly runner: Runner) {}

  /** A service whose effects the bus journals: the way every server process builds one. */
  static attach(db: Db, effects: EffectRegistry, runner: Runner): StorageService {
    const storage = new StorageService(db, runner);
    // A second app on the same bus (tests do this) shares the first one's effects.
    if (!effects.has('volume.create')) storage.registerEffects(effects);
    return storage;
  }

  pool(poolId: string): StoragePool {
    let pool = this.pools.get(poolId);
    if (!pool) {
      const row = getPool(this.db, poolId);
      if (!row) throw fail.notFound('Storage pool', poolId);
      pool = createStoragePool(row, this.runner);
      this.pools.set(poolId, pool);
    }
    return pool;
  }

  /** Checks a configuration without keeping it (for `pool.add`). */
  probe(driver: 'file' | 'zfs', location: string): StoragePool {
    return createStoragePool({ driver, location }, this.runner);
  }

  forget(poolId: string): void {
    this.pools.delete(poolId);
  }

  registerEffects(effects: EffectRegistry): void {
    effects.register<{ poolId: string; spec: VolumeSpec }>('volume.create', {
      do: ({ poolId, spec }) => this.pool(poolId).createVolume(spec),
      undo: async ({ poolId, spec }) => {
        if (await this.pool(poolId).getVolume(spec.id)) await this.pool(poolId).destroyVolume(spec.id);
      },
    });
    effects.register<{ poolId: string; volumeId: string; snapshotId: string; clone: VolumeSpec }>('volume.clone', {
      do: ({ poolId, volumeId, snapshotId, clone }) => this.pool(poolId).cloneSnapshot(volumeId, snapshotId, clone),
      undo: async ({ poolId, clone }) => {
        if (await this.pool(poolId).getVolume(clone.id)) await this.pool(poolId).destroyVolume(clone.id);
      },
    });
    effects.register<{ poolId: string; volumeId: string; snapshotId: string }>('volume.snapshot', {
      do: ({ poolId, volumeId, snapshotId }) => this.pool(poolId).snapshot(volumeId, snapshotId),
      undo: async ({ poolId, volumeId, snapshotId }) => {
        const pool = this.pool(poolId);
        if (!(await pool.getVolume(volumeId))) return;
        if ((await pool.listSnapshots(volumeId)).some((s) => s.id === snapshotId)) await pool.destroySnapshot(volumeId, snapshotId);
      },
    });
    effects.register<{ poolId: string; volumeId: string; before: VolumeProperties; after: VolumeProperties }>('volume.setProperties', {
      do: ({ poolId, volumeId, after }) => this.pool(poolId).setProperties(volumeId, after),
      undo: ({ poolId, volumeId, before }) => this.pool(poolId).setProperties(volumeId, before),
    });
    // Promoting the origin back hands the snapshots back: only while it is still the clone's clone.
    effects.register<{ poolId: string; cloneId: string; originId: string }>('volume.promote', {
      do: ({ poolId, cloneId }) => this.pool(poolId).promote(cloneId),
      undo: async ({ poolId, cloneId, originId }) => {
        if ((await this.pool(poolId).getVolume(originId))?.origin?.volumeId === cloneId) await this.pool(poolId).promote(originId);
      },
    });
    // Growing, destroying a volume and destroying a snapshot cannot be undone: commands do
    // them last, after every check, so only the SQLite commit can still fail after them.
    effects.register<{ poolId: string; volumeId: string; sizeBytes: number }>('volume.grow', {
      do: ({ poolId, volumeId, sizeBytes }) => this.pool(poolId).growVolume(volumeId, sizeBytes),
      undo: async () => undefined,
    });
    effects.register<{ poolId: string; volumeId: string }>('volume.destroy', {
      do: async ({ poolId, volumeId }) => {
        if (await this.pool(poolId).getVolume(volumeId)) await this.pool(poolId).destroyVolume(volumeId);
      },
      undo: async () => undefined,
    });
    effects.register<{ poolId: string; volumeId: string; snapshotId: string }>('snapshot.destroy', {
      do: async ({ poolId, volumeId, snapshotId }) => {
        const pool = this.pool(poolId);
        if ((await pool.listSnapshots(volumeId)).some((s) => s.id === snapshotId)) await pool.destroySnapshot(volumeId, snapshotId);
      },
      undo: async () => undefined,
    });
  }
}
