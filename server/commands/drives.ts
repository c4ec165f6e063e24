import { driveSizeProblem, formatSize } from '../../lib/sizes.js';
import { fail, InfinityError } from '../../lib/errors.js';
import { deleteOutcome, requireCreator, type Actor } from '../access/policy.js';
import type { Compression, IoSync } from '../../lib/catalog.js';
import type { VolumeSpec } from '../storage/pool.js';
import { exportSpecOf } from './export-spec.js';
import type { StorageService } from '../storage/service.js';
import type { Db } from '../store/db.js';
import { clonesOfSnapshot, deleteDrive, driveNameExists, getDrive, insertDrive, nextDrivePosition, setDriveOrigin, updateDrive, type DriveRow } from '../store/drives.js';
import { getExport, type ExportRow } from '../store/exports.js';
import { addGrant, removeGrant, removeObjectGrants } from '../store/grants.js';
import { getPool, thickBytes, type PoolRow } from '../store/pools.js';
import { deleteSnapshot, getSnapshot, listDriveSnapshots, moveSnapshotsToDrive, type SnapshotRow } from '../store/snapshots.js';
import { defineCommand, type CommandDeps } from './command.js';
import type { EffectRunner } from './effects.js';
import { driveLocks, poolLock, vmLock, type LockKey } from './locks.js';
import { canSeeDrive, requireDriveChange, resolveDrive, resolveVm } from '../access/visibility.js';

/** An online pool to put new drives on: the one asked for, or the first online pool. */
export function resolvePool(db: Db, ref: string | undefined, field = 'pool'): PoolRow {
  if (ref === undefined) {
    const first = db.prepare('SELECT id FROM storage_pools WHERE online = 1 ORDER BY created_at, name LIMIT 1').get() as { id: string } | undefined;
    if (!first) throw new InfinityError('INF_ERR_CONFLICT', 'No storage pool is online; an administrator must add a pool or bring one online.', { field });
    return getPool(db, first.id)!;
  }
  const pool = getPool(db, ref);
  if (!pool) throw new InfinityError('INF_ERR_NOT_FOUND', `Storage pool "${ref}" does not exist.`, { field });
  if (!pool.online) throw new InfinityError('INF_ERR_CONFLICT', `Storage pool "${pool.name}" is offline; only online pools receive new drives.`, { field });
  return pool;
}

/** A clone lives in the pool of the drive it comes from, so that pool must take new drives. */
export function requireClonePool(db: Db, source: DriveRow, field?: string): PoolRow {
  const pool = getPool(db, source.poolId)!;
  if (!pool.online) {
    throw new InfinityError(
      'INF_ERR_CONFLICT',
      `Storage pool "${pool.name}" is offline; only online pools receive new drives, and a clone of "${source.name}" would be made there (clones share their origin's pool). Bring the pool online first.`,
      field ? { field } : {},
    );
  }
  return pool;
}

export function checkSize(sizeBytes: number, field = 'sizeBytes'): void {
  const problem = driveSizeProblem(sizeBytes);
  if (problem) throw fail.validation(field, problem);
}

/** Thick drives are promised their whole size: refuse one the pool cannot hold. */
export async function checkThickSpace(storage: StorageService, db: Db, pool: PoolRow, bytes: number): Promise<void> {
  const space = await storage.pool(pool.id).space();
  if (bytes > space.freeBytes) {
    throw new InfinityError(
      'INF_ERR_STORAGE_NO_SPACE',
      `Storage pool "${pool.name}" has ${formatSize(space.freeBytes)} free (thick drives there hold `
        + `${formatSize(thickBytes(db, pool.id))}); a thick drive of ${formatSize(bytes)} does not fit. `
        + 'Make it sparse or smaller.',
      { field: 'sizeBytes' },
    );
  }
}

/** Dynamic reservation is refused up front on pools that cannot reserve (file pools). */
export async function checkReservation(storage: StorageService, poolId: string, percent: number | undefined, field = 'reservationPercent'): Promise<void> {
  if (percent === undefined || percent === 0) return;
  if (!(await storage.pool(poolId).capabilities()).reservation) {
    throw new InfinityError('INF_ERR_STORAGE_UNSUPPORTED', 'This storage pool cannot reserve space for sparse drives (dynamic reservation); use a ZFS pool, or leave it at 0 %.', { field });
  }
}

export interface DriveSettingsInput {
  sparse?: boolean;
  compression?: Compression;
  type?: string;
  ioSync?: IoSync;
  reservationPercent?: number;
  readOnly?: boolean;
  comment?: string;
}

export interface CreateDriveInput extends DriveSettingsInput {
  name?: string;
  vm?: string;
  pool?: string;
  sizeBytes: number;
}

export function newDriveRow(p: { id: string; name: string; vmId: string | null; position: number | null; poolId: string; sizeBytes: number; originSnapshotId: string | null }, s: DriveSettingsInput, at: string, actorId: string): DriveRow {
  return {
    ...p,
    sparse: s.sparse ?? false,
    compression: s.compression ?? 'off',
    readOnly: s.readOnly ?? false,
    isPrimary: true,
    autoFailover: false,
    reservationPercent: s.reservationPercent ?? 0,
    type: s.type ?? 'sata',
    ioSync: s.ioSync ?? 'standard',
    comment: s.comment ?? '',
    createdAt: at,
    createdBy: actorId,
  };
}

export function volumeSpec(d: Pick<DriveRow, 'id' | 'sizeBytes' | 'sparse' | 'compression' | 'readOnly' | 'ioSync'>): VolumeSpec {
  return { id: d.id, sizeBytes: d.sizeBytes, sparse: d.sparse, compression: d.compression, readOnly: d.readOnly, ioSync: d.ioSync };
}

export function createDrive({ storage }: CommandDeps) {
  const plan = (db: Db, p: CreateDriveInput & { id: string }, actor: Actor) => {
    requireCreator(actor, 'create drives');
    checkSize(p.sizeBytes);
    const vm = p.vm === undefined ? undefined : resolveVm(db, actor, p.vm, 'vm');
    if (vm && actor.role === 'restricted') throw fail.forbidden('Restricted users cannot add drives.');
    const pool = resolvePool(db, p.pool);
    const position = vm ? nextDrivePosition(db, vm.id) : null;
    const name = p.name ?? (vm ? `${vm.name}-${position}` : undefined);
    if (name === undefined) throw fail.validation('name', 'A drive that belongs to no VM needs a name.');
    if (driveNameExists(db, name)) throw fail.nameTaken('drive', name);
    return { vm, pool, position, name };
  };
  return defineCommand({
    type: 'drive.create',
    prepare: (input: CreateDriveInput, ctx) => ({ ...input, id: ctx.newId() }),
    locks(db, p, actor) {
      const { vm, pool } = plan(db, p, actor);
      return [...(vm ? [vmLock(vm.id)] : []), ...(p.sparse ? [] : [poolLock(pool.id)])];
    },
    async effects(db, p, fx, { actor, at }) {
      const { pool, name, vm, position } = plan(db, p, actor);
      const row = newDriveRow({ id: p.id, name, vmId: vm?.id ?? null, position, poolId: pool.id, sizeBytes: p.sizeBytes, originSnapshotId: null }, p, at, actor.id);
      if (!row.sparse) await checkThickSpace(storage, db, pool, row.sizeBytes);
      await checkReservation(storage, pool.id, p.reservationPercent);
      await fx.run('volume.create', { poolId: pool.id, spec: volumeSpec(row) });
    },
    apply(db, p, { actor, at }) {
      const { pool, name, vm, position } = plan(db, p, actor);
      insertDrive(db, newDriveRow({ id: p.id, name, vmId: vm?.id ?? null, position, poolId: pool.id, sizeBytes: p.sizeBytes, originSnapshotId: null }, p, at, actor.id));
      if (!vm) addGrant(db, { userId: actor.id, objectType: 'drive', objectId: p.id, grantedAt: at });
      return { id: p.id };
    },
  });
}

export interface UpdateDriveInput {
  id: string;
  name?: string;
  compression?: Compression;
  readOnly?: boolean;
  ioSync?: IoSync;
  type?: string;
  reservationPercent?: number;
  isPrimary?: boolean;
  autoFailover?: boolean;
  comment?: string;
}

export function updateDriveCommand({ storage }: CommandDeps) {
  const check = (db: Db, p: UpdateDriveInput, actor: Actor) => {
    const drive = resolveDrive(db, actor, p.id);
    requireDriveChange(db, actor, drive, 'change it');
    if (p.name !== undefined && p.name.toLowerCase() !== drive.name.toLowerCase() && driveNameExists(db, p.name)) throw fail.nameTaken('drive', p.name);
    if (p.isPrimary === false) {
      throw fail.notAvailableYet('Failing over to a secondary copy (unticking Primary)', 'replication to a second Infinity server');
    }
    if (p.reservationPercent !== undefined && p.reservationPercent > 0 && !drive.sparse) {
      throw fail.validation('reservationPercent', 'Dynamic reservation applies to sparse drives only; thick drives already hold their whole size.');
    }
    return drive;
  };
  return defineCommand({
    type: 'drive.update',
    prepare: (input: UpdateDriveInput) => input,
    locks: (db, p, actor) => driveLocks([check(db, p, actor)]),
    async effects(db, p, fx, { actor }) {
      const drive = check(db, p, actor);
      await checkReservation(storage, drive.poolId, p.reservationPercent);
      const after = {
        ...(p.compression === undefined ? {} : { compression: p.compression }),
        ...(p.readOnly === undefined ? {} : { readOnly: p.readOnly }),
        ...(p.ioSync === undefined ? {} : { ioSync: p.ioSync }),
      };
      if (Object.keys(after).length === 0) return;
      const before = { compression: drive.compression, readOnly: drive.readOnly, ioSync: drive.ioSync };
      await fx.run('volume.setProperties', { poolId: drive.poolId, volumeId: drive.id, before, after });
      // A live export serves the drive with its write protection and sync mode: it follows them.
      const exported = getExport(db, drive.id);
      if (exported && (after.readOnly !== undefined || after.ioSync !== undefined)) {
        const spec = exportSpecOf(exported, { ...drive, ...after }, storage);
        await fx.run('iscsi.export', { poolId: drive.poolId, spec, previous: exportSpecOf(exported, drive, storage) });
      }
    },
    apply(db, p, { actor }) {
      const drive = check(db, p, actor);
      const { id: _id, ...patch } = p;
      updateDrive(db, drive.id, patch);
      return { id: drive.id };
    },
  });
}

export function growDrive({ storage }: CommandDeps) {
  const check = (db: Db, p: { id: string; sizeBytes: number }, actor: Actor) => {
    const drive = resolveDrive(db, actor, p.id);
    requireDriveChange(db, actor, drive, 'grow it');
    checkSize(p.sizeBytes);
    if (p.sizeBytes < drive.sizeBytes) {
      const message = `Drives can only grow: "${drive.name}" is ${formatSize(drive.sizeBytes)}; ask for more.`;
      throw new InfinityError('INF_ERR_STORAGE_SHRINK', message, { field: 'sizeBytes' });
    }
    return drive;
  };
  return defineCommand({
    type: 'drive.grow',
    prepare: (input: { id: string; sizeBytes: number }) => input,
    locks(db, p, actor) {
      const drive = check(db, p, actor);
      return [...driveLocks([drive]), ...(drive.sparse ? [] : [poolLock(drive.poolId)])];
    },
    async effects(db, p, fx, { actor }) {
      const drive = check(db, p, actor);
      if (p.sizeBytes === drive.sizeBytes) return;
      if (!drive.sparse) await checkThickSpace(storage, db, getPool(db, drive.poolId)!, p.sizeBytes - drive.sizeBytes);
      await fx.run('volume.grow', { poolId: drive.poolId, volumeId: drive.id, sizeBytes: p.sizeBytes });
      if (getExport(db, drive.id)) await fx.run('iscsi.showNewSize', { poolId: drive.poolId, driveId: drive.id });
    },
    apply(db, p, { actor }) {
      const drive = check(db, p, actor);
      updateDrive(db, drive.id, { sizeBytes: p.sizeBytes });
      return { id: drive.id };
    },
  });
}

/** One hand-over: `heir` (a clone of `moved`'s last snapshot) takes `moved` from `drive`. */
export interface Promotion {
  drive: DriveRow;
  heir: DriveRow;
  moved: SnapshotRow[];
}

export interface DriveDeletion {
  /** Exported drives are taken off iSCSI first: a deleted image must not stay reachable. */
  exports: { drive: DriveRow; row: ExportRow }[];
  promotions: Promotion[];
  /** Clones before their origins, so no destroy meets a clone that still depends on it. */
  order: DriveRow[];
}

/**
 * Deleting drives whose snapshots have clones (the manual: "create a VM from the template,
 * then delete the template"). As `zfs promote` does, the first clone (by name) of the
 * newest snapshot that still has clones outside the deletion inherits that snapshot and
 * every older one, so the clones outlive their origin. Computed from the database alone,
 * the same way in `effects` and `apply`, so storage and database hand over the same things.
 */
export function planDriveDeletion(db: Db, drives: DriveRow[]): DriveDeletion {
  const deleting = new Map(drives.map((d) => [d.id, d]));
  const originDrive = (d: DriveRow) => (d.originSnapshotId === null ? undefined : deleting.get(getSnapshot(db, d.originSnapshotId)?.driveId ?? ''));
  const promotions: Promotion[] = [];
  for (const drive of drives) {
    const snapshots = listDriveSnapshots(db, drive.id);
    let last = -1;
    let heir: DriveRow | undefined;
    snapshots.forEach((snapshot, i) => {
      const survivor = clonesOfSnapshot(db, snapshot.id).find((c) => !deleting.has(c.id));
      if (survivor) [last, heir] = [i, survivor];
    });
    if (!heir) continue;
    const parent = originDrive(drive);
    if (parent) {
      throw fail.conflict(`Drive "${drive.name}" was cloned from a snapshot of "${parent.name}", which is deleted with it, and "${heir.name}" still depends on "${drive.name}"; delete "${heir.name}" first, or remove "${drive.name}" from its VM.`);
    }
    promotions.push({ drive, heir, moved: snapshots.slice(0, last + 1) });
  }
  const order: DriveRow[] = [];
  const visit = (d: DriveRow) => {
    if (order.includes(d)) return;
    for (const child of drives) if (originDrive(child) === d) visit(child);
    order.push(d);
  };
  drives.forEach(visit);
  const exports = drives.flatMap((drive) => {
    const row = getExport(db, drive.id);
    return row ? [{ drive, row }] : [];
  });
  return { exports, promotions, order };
}

/** Unexports and hand-overs first (each undone if a later step fails), then the destroys, which cannot be undone. */
export async function destroyDrives(fx: EffectRunner, plan: DriveDeletion, storage: StorageService): Promise<void> {
  for (const { drive, row } of plan.exports) {
    const previous = exportSpecOf(row, drive, storage);
    await fx.run('iscsi.unexport', { poolId: drive.poolId, driveId: drive.id, previous });
  }
  for (const { drive, heir } of plan.promotions) await fx.run('volume.promote', { poolId: drive.poolId, cloneId: heir.id, originId: drive.id });
  // Consecutive destroys on one pool go as one batch (one channel program on a ZFS pool).
  const batches: { poolId: string; volumeIds: string[] }[] = [];
  for (const drive of plan.order) {
    const last = batches.at(-1);
    if (last?.poolId === drive.poolId) last.volumeIds.push(drive.id);
    else batches.push({ poolId: drive.poolId, volumeIds: [drive.id] });
  }
  for (const batch of batches) await fx.run('volume.destroyMany', batch);
}

/** A deletion holds the drives it deletes and their VMs, and the clones (and VMs) that take over their snapshots. */
export function deletionLocks(plan: DriveDeletion | undefined, drives: DriveRow[]): LockKey[] {
  return driveLocks([...drives, ...(plan ? [...plan.order, ...plan.promotions.map((x) => x.heir)] : [])]);
}

export function recordDrivesDeleted(db: Db, plan: DriveDeletion): void {
  for (const { drive, heir, moved } of plan.promotions) {
    moveSnapshotsToDrive(db, moved.map((s) => s.id), heir);
    setDriveOrigin(db, heir.id, drive.originSnapshotId);
  }
  for (const drive of plan.order) {
    for (const s of listDriveSnapshots(db, drive.id)) deleteSnapshot(db, s.id);
    removeObjectGrants(db, 'drive', drive.id);
    deleteDrive(db, drive.id);
  }
}

export function deleteDriveCommand({ storage }: CommandDeps) {
  const check = (db: Db, p: { id: string }, actor: Actor) => {
    const drive = resolveDrive(db, actor, p.id);
    if (drive.vmId !== null) {
      throw fail.conflict(`Drive "${drive.name}" belongs to a VM; remove it from the VM first (or delete the VM).`);
    }
    const outcome = deleteOutcome(db, actor, 'drive', drive.id, 'drive');
    return { drive, outcome, plan: outcome === 'delete' ? planDriveDeletion(db, [drive]) : undefined };
  };
  return defineCommand({
    type: 'drive.delete',
    prepare: (input: { id: string }) => input,
    locks: (db, p, actor) => deletionLocks(check(db, p, actor).plan, [resolveDrive(db, actor, p.id)]),
    async effects(db, p, fx, { actor }) {
      const { plan } = check(db, p, actor);
      if (plan) await destroyDrives(fx, plan, storage);
    },
    apply(db, p, { actor }) {
      const { drive, outcome, plan } = check(db, p, actor);
      if (plan) recordDrivesDeleted(db, plan);
      else removeGrant(db, actor.id, 'drive', drive.id);
      return { id: drive.id, outcome };
    },
  });
}

/** Deletes many snapshots at once (the manual's multi-select); all or nothing. */
export function deleteSnapshots({ storage }: CommandDeps) {
  const check = (db: Db, p: { ids: string[] }, actor: Actor) =>
    p.ids.map((id, i) => {
      const snapshot = getSnapshot(db, id);
      const drive = snapshot && getDrive(db, snapshot.driveId);
      if (!snapshot || !drive || !canSeeDrive(db, actor, drive)) {
        throw new InfinityError('INF_ERR_NOT_FOUND', `Snapshot "${id}" does not exist (or you have no access to it).`, { field: `ids/${i}` });
      }
      requireDriveChange(db, actor, drive, 'delete its snapshots');
      const clones = clonesOfSnapshot(db, id);
      if (clones.length > 0) {
        throw new InfinityError(
          'INF_ERR_STORAGE_HAS_CLONES',
          `The snapshot can not be deleted as long as it has clones: snapshot ${id} of "${drive.name}" has ${clones.map((c) => c.name).join(', ')}.`,
          { field: `ids/${i}` },
        );
      }
      return { snapshot, drive };
    });
  return defineCommand({
    type: 'snapshot.deleteMany',
    prepare: (input: { ids: string[] }) => ({ ids: [...new Set(input.ids)] }),
    locks: (db, p, actor) => driveLocks(check(db, p, actor).map((x) => x.drive)),
    async effects(db, p, fx, { actor }) {
      for (const { snapshot, drive } of check(db, p, actor)) {
        await fx.run('snapshot.destroy', { poolId: drive.poolId, volumeId: drive.id, snapshotId: snapshot.id });
      }
    },
    apply(db, p, { actor }) {
      for (const { snapshot } of check(db, p, actor)) deleteSnapshot(db, snapshot.id);
      return { ids: p.ids };
    },
  });
}

