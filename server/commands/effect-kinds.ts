import type { ExportSpec } from '../iscsi/exporter.js';
import type { IscsiService } from '../iscsi/service.js';
import type { CloneRequest, VolumeProperties, VolumeSpec } from '../storage/pool.js';
import type { StorageService } from '../storage/service.js';
import type { EffectKind } from './effects.js';

const kind = <A>(effect: EffectKind<A>): EffectKind<A> => effect;

/**
 * Whether an export read back from the journal still has its CHAP secret: the journal
 * keeps none, so after a crash an earlier export is not restored here but by the iSCSI
 * reconcile that runs right after recovery, from the database.
 */
const complete = (spec: ExportSpec) => spec.chap === null || typeof spec.chap.secret === 'string';

/**
 * Every effect a command may run, with how it is done and undone: the storage pools'
 * volumes and snapshots, and the iSCSI exporter's targets. Drivers and exporters know
 * nothing of this; here the command layer wraps them.
 */
export function serverEffects(storage: StorageService, iscsi: IscsiService) {
  return {
    'volume.create': kind<{ poolId: string; spec: VolumeSpec }>({
      do: ({ poolId, spec }) => storage.pool(poolId).createVolume(spec),
      undo: async ({ poolId, spec }) => {
        if (await storage.pool(poolId).getVolume(spec.id)) await storage.pool(poolId).destroyVolume(spec.id);
      },
    }),
    'volume.clone': kind<{ poolId: string; volumeId: string; snapshotId: string; clone: VolumeSpec }>({
      do: ({ poolId, volumeId, snapshotId, clone }) => storage.pool(poolId).cloneSnapshot(volumeId, snapshotId, clone),
      undo: async ({ poolId, clone }) => {
        if (await storage.pool(poolId).getVolume(clone.id)) await storage.pool(poolId).destroyVolume(clone.id);
      },
    }),
    // A plan's clones on one pool, made at once (a ZFS pool runs them side by side). The
    // journal holds every request before any is made, so after a crash mid-batch the undo
    // removes each clone of the batch that exists, and nothing else.
    'volume.cloneMany': kind<{ poolId: string; requests: CloneRequest[] }>({
      do: ({ poolId, requests }) => storage.pool(poolId).cloneMany(requests),
      undo: async ({ poolId, requests }) => {
        const pool = storage.pool(poolId);
        const existing = new Set((await pool.listVolumes()).map((v) => v.id));
        await pool.destroyMany(requests.map((r) => r.clone.id).filter((id) => existing.has(id)).reverse());
      },
    }),
    'volume.snapshot': kind<{ poolId: string; volumeId: string; snapshotId: string }>({
      do: ({ poolId, volumeId, snapshotId }) => storage.pool(poolId).snapshot(volumeId, snapshotId),
      undo: async ({ poolId, volumeId, snapshotId }) => {
        const pool = storage.pool(poolId);
        if (!(await pool.getVolume(volumeId))) return;
        if ((await pool.listSnapshots(volumeId)).some((s) => s.id === snapshotId)) await pool.destroySnapshot(volumeId, snapshotId);
      },
    }),
    'volume.setProperties': kind<{ poolId: string; volumeId: string; before: VolumeProperties; after: VolumeProperties }>({
      do: ({ poolId, volumeId, after }) => storage.pool(poolId).setProperties(volumeId, after),
      undo: ({ poolId, volumeId, before }) => storage.pool(poolId).setProperties(volumeId, before),
    }),
    // Promoting the origin back hands the snapshots back: only while it is still the clone's clone.
    'volume.promote': kind<{ poolId: string; cloneId: string; originId: string }>({
      do: ({ poolId, cloneId }) => storage.pool(poolId).promote(cloneId),
      undo: async ({ poolId, cloneId, originId }) => {
        if ((await storage.pool(poolId).getVolume(originId))?.origin?.volumeId === cloneId) await storage.pool(poolId).promote(originId);
      },
    }),
    // Growing, destroying a volume and destroying a snapshot cannot be undone: commands do
    // them last, after every check, so only the SQLite commit can still fail after them.
    'volume.grow': kind<{ poolId: string; volumeId: string; sizeBytes: number }>({
      do: ({ poolId, volumeId, sizeBytes }) => storage.pool(poolId).growVolume(volumeId, sizeBytes),
      undo: async () => undefined,
    }),
    // In the order given (clones before their origins); volumes already gone are skipped.
    'volume.destroyMany': kind<{ poolId: string; volumeIds: string[] }>({
      do: ({ poolId, volumeIds }) => storage.pool(poolId).destroyMany(volumeIds),
      undo: async () => undefined,
    }),
    'snapshot.destroy': kind<{ poolId: string; volumeId: string; snapshotId: string }>({
      do: async ({ poolId, volumeId, snapshotId }) => {
        const pool = storage.pool(poolId);
        if ((await pool.listSnapshots(volumeId)).some((s) => s.id === snapshotId)) await pool.destroySnapshot(volumeId, snapshotId);
      },
      undo: async () => undefined,
    }),
    // Each pool's drives are served by its own exporter (iscsi/registry.ts). Without one
    // nothing is served: a drive's settings can still change (the export command itself
    // refuses up front when its pool has no exporter).
    'iscsi.export': kind<{ poolId: string; spec: ExportSpec; previous: ExportSpec | null }>({
      do: async ({ poolId, spec }) => {
        await iscsi.choose(poolId).exporter?.export(spec);
      },
      undo: async ({ poolId, spec, previous }) => {
        const exporter = iscsi.choose(poolId).exporter;
        if (!previous) await exporter?.unexport(spec.driveId);
        else if (complete(previous)) await exporter?.export(previous);
      },
    }),
    'iscsi.unexport': kind<{ poolId: string; driveId: string; previous: ExportSpec }>({
      do: async ({ poolId, driveId }) => {
        await iscsi.choose(poolId).exporter?.unexport(driveId);
      },
      undo: async ({ poolId, previous }) => {
        if (complete(previous)) await iscsi.choose(poolId).exporter?.export(previous);
      },
    }),
    // After a grow, which cannot be undone either: the live target shows the new size.
    'iscsi.showNewSize': kind<{ poolId: string; driveId: string }>({
      do: async ({ poolId, driveId }) => {
        await iscsi.choose(poolId).exporter?.showNewSize(driveId);
      },
      undo: async () => undefined,
    }),
  };
}

export type ServerEffects = ReturnType<typeof serverEffects>;
