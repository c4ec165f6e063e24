import { createHash } from 'node:crypto';
import { fail, InfinityError } from '../../lib/errors.js';
import { requireCreator, type Actor } from '../access/policy.js';
import type { CloneRequest } from '../storage/pool.js';
import type { StorageService } from '../storage/service.js';
import type { Db } from '../store/db.js';
import { driveNameExists, getDrive, insertDrive, listDrives, type DriveRow } from '../store/drives.js';
import { addGrant } from '../store/grants.js';
import { insertSnapshot, listVmSnapshots, snapshotsOfVmSnapshot, type SnapshotRow } from '../store/snapshots.js';
import { insertVm, vmNameExists, type Vm } from '../store/vms.js';
import { defineCommand, type CommandDeps } from './command.js';
import { driveLocks, poolLock, vmLock, type LockKey } from './locks.js';
import { checkReservation, checkSize, checkThickSpace, newDriveRow, requireClonePool, resolvePool, volumeSpec, type DriveSettingsInput } from './drives.js';
import type { ServerEffects } from './effect-kinds.js';
import type { EffectArgs, EffectRunner, JournalledEffect } from './effects.js';
import { checkOs, copyNames, defaultSettings, mergeSettings, pickSettings, prepareNics, type CreateVmInput } from './vms.js';
import { requireDriveChange, resolveHostGroup, resolveVm } from '../access/visibility.js';

/**
 * Making VMs with storage: blank VMs (with an optional new drive), VMs from a template,
 * clones of a VM (N copies in one call), and VMs from a VM snapshot. One planner decides
 * every row and every storage effect from the payload and the current state, so the
 * `effects` step and the `apply` step (and a replay elsewhere) agree exactly.
 */
export type Source =
  | { kind: 'blank'; disk?: DiskInput }
  | { kind: 'template'; ref: string }
  | { kind: 'vm'; ref: string; comment: string }
  | { kind: 'vmSnapshot'; id: string };

export interface DiskInput extends DriveSettingsInput {
  sizeBytes: number;
  pool?: string;
}

export interface ProvisionInput extends Omit<CreateVmInput, 'template'> {
  source: Source;
}

interface Payload {
  input: ProvisionInput;
  /** Seeds every id and MAC the plan needs, so replaying the payload makes the same ones. */
  seed: string;
}

export interface Plan {
  vms: Vm[];
  drives: DriveRow[];
  snapshots: SnapshotRow[];
  effects: JournalledEffect[];
  thick: { poolId: string; bytes: number }[];
  /** The VM and drives it copies from, and the pools whose free space it counts on. */
  locks: LockKey[];
}

/** A UUID-shaped id derived from the command's seed and a role, stable across replays. */
export function derivedId(seed: string, ...parts: (string | number)[]): string {
  const h = createHash('sha256').update([seed, ...parts].join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A MAC in VirtualBox's OUI derived from the seed, stable across replays. */
export function derivedMac(seed: string, ...parts: (string | number)[]): string {
  const h = createHash('sha256').update([seed, 'mac', ...parts].join('\u0000')).digest('hex');
  return `08:00:27:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}

/** The latest complete VM snapshot (every current drive in it), if any. */
function latestVmSnapshot(db: Db, vm: Vm, drives: DriveRow[]): SnapshotRow[] | undefined {
  const groups = new Map<string, SnapshotRow[]>();
  for (const s of listVmSnapshots(db, vm.id)) {
    if (!s.vmSnapshotId) continue;
    groups.set(s.vmSnapshotId, [...(groups.get(s.vmSnapshotId) ?? []), s]);
  }
  const complete = [...groups.values()].filter((g) => drives.every((d) => g.some((s) => s.driveId === d.id)));
  return complete.at(-1);
}

export function plan(db: Db, actor: Actor, at: string, p: Payload): Plan {
  requireCreator(actor, 'create VMs');
  const { input, seed } = p;
  const { source } = input;
  const copies = input.copies ?? 1;
  const names = copyNames(input.name, copies);
  const group = input.hostGroup ? resolveHostGroup(db, actor, input.hostGroup) : undefined;
  const result: Plan = { vms: [], drives: [], snapshots: [], effects: [], thick: [], locks: [] };

  // Which VM the copies start from, and which snapshot of each of its drives they clone.
  let base: Vm | undefined;
  let origins: { drive: DriveRow; snapshotId: string }[] = [];
  if (source.kind === 'template' || source.kind === 'vm') {
    base = resolveVm(db, actor, source.ref, source.kind === 'template' ? 'template' : 'id');
    if (source.kind === 'template' && !base.isTemplate) throw fail.validation('template', `"${base.name}" is a VM, not a template; turn it into a template first, or clone it.`);
    if (source.kind === 'vm' && base.isTemplate) throw fail.validation('id', `"${base.name}" is a template; create VMs from it instead of cloning it.`);
    const drives = listDrives(db, { vmId: base.id });
    const existing = source.kind === 'template' ? latestVmSnapshot(db, base, drives) : undefined;
    if (existing) {
      origins = drives.map((drive) => ({ drive, snapshotId: existing.find((s) => s.driveId === drive.id)!.id }));
    } else if (drives.length > 0) {
      // A clone always starts from a snapshot taken now; a template without one gets one.
      for (const drive of drives) requireDriveChange(db, actor, drive, 'snapshot it');
      const vmSnapshotId = derivedId(seed, 'vm-snapshot');
      const comment = source.kind === 'vm' ? source.comment : `Taken to create VMs from template ${base.name}`;
      for (const drive of drives) {
        const id = derivedId(seed, 'snapshot', drive.id);
        result.snapshots.push({ id, driveId: drive.id, vmId: base.id, vmSnapshotId, createdAt: at, comment, taskId: null });
        result.effects.push({ kind: 'volume.snapshot', args: { poolId: drive.poolId, volumeId: drive.id, snapshotId: id } });
        origins.push({ drive, snapshotId: id });
      }
    }
  } else if (source.kind === 'vmSnapshot') {
    const members = snapshotsOfVmSnapshot(db, source.id);
    const first = members[0];
    if (!first || first.vmId === null) throw new InfinityError('INF_ERR_NOT_FOUND', `VM snapshot "${source.id}" does not exist.`, { field: 'snapshot' });
    base = resolveVm(db, actor, first.vmId, 'snapshot');
    origins = members.map((s) => ({ drive: getDrive(db, s.driveId)!, snapshotId: s.id }));
  }

  if (base) result.locks.push(vmLock(base.id));
  result.locks.push(...driveLocks(origins.map((o) => o.drive)));
  const settings = base ? { ...pickSettings(base), comment: '' } : defaultSettings(input.vendor ?? 'Other', input.osType ?? 'Other (64 bit)');
  const merged = mergeSettings(settings, input);
  checkOs(merged.vendor, merged.osType);
  const nicInput = input.nics ?? (base ? base.nics.map(({ type, attachment, network }) => ({ type, attachment, network })) : [{ type: '82540EM', attachment: 'nat' as const }]);
  const disk = source.kind === 'blank' ? source.disk : undefined;
  const diskPool = disk ? resolvePool(db, disk.pool, 'disk/pool') : undefined;
  if (disk) checkSize(disk.sizeBytes, 'disk/sizeBytes');

  names.forEach((name, copy) => {
    if (vmNameExists(db, name)) throw fail.nameTaken('VM', name);
    const vmId = derivedId(seed, 'vm', copy);
    const nics = (prepareNics(nicInput, []) ?? []).map((nic, i) => ({ ...nic, mac: input.nics?.[i]?.mac ?? derivedMac(seed, copy, i) }));
    result.vms.push({
      ...merged, id: vmId, name, isTemplate: false, state: 'POWERED_OFF', hostGroupId: group?.id ?? null, hostGroup: group?.name ?? null,
      hostId: null, nics, createdAt: at, updatedAt: at, createdBy: actor.id,
    });
    const addDrive = (row: DriveRow) => {
      if (driveNameExists(db, row.name) || result.drives.some((d) => d.name.toLowerCase() === row.name.toLowerCase())) throw fail.nameTaken('drive', row.name);
      result.drives.push(row);
    };
    if (disk && diskPool) {
      const row = newDriveRow({ id: derivedId(seed, 'drive', copy, 0), name: `${name}-0`, vmId, position: 0, poolId: diskPool.id, sizeBytes: disk.sizeBytes, originSnapshotId: null }, disk, at, actor.id);
      addDrive(row);
      result.effects.push({ kind: 'volume.create', args: { poolId: diskPool.id, spec: volumeSpec(row) } });
      if (!row.sparse) result.thick.push({ poolId: diskPool.id, bytes: row.sizeBytes });
    }
    origins.forEach(({ drive, snapshotId }, position) => {
      requireClonePool(db, drive, source.kind === 'vm' ? 'id' : source.kind);
      const row: DriveRow = {
        ...drive, id: derivedId(seed, 'drive', copy, position), name: `${name}-${position}`, vmId, position, originSnapshotId: snapshotId,
        comment: '', createdAt: at, createdBy: actor.id, isPrimary: true, autoFailover: false,
      };
      addDrive(row);
      // A clone of a thick drive is made thick too (it holds its whole size).
      if (!row.sparse) result.thick.push({ poolId: drive.poolId, bytes: row.sizeBytes });
      result.effects.push({ kind: 'volume.clone', args: { poolId: drive.poolId, volumeId: drive.id, snapshotId, clone: volumeSpec(row) } });
    });
  });
  result.locks.push(...result.thick.map((t) => poolLock(t.poolId)));
  result.effects = batchClones(result.effects);
  return result;
}

/** Consecutive clones on one pool become one batch, which a ZFS pool makes side by side. */
export function batchClones(effects: readonly JournalledEffect[]): JournalledEffect[] {
  const batched: JournalledEffect[] = [];
  for (const effect of effects) {
    if (effect.kind !== 'volume.clone' && effect.kind !== 'volume.cloneMany') {
      batched.push(effect);
      continue;
    }
    const { poolId } = effect.args;
    const requests = effect.kind === 'volume.clone' ? [cloneRequest(effect.args)] : effect.args.requests;
    const last = batched.at(-1);
    if (last?.kind === 'volume.cloneMany' && last.args.poolId === poolId) last.args.requests.push(...requests);
    else batched.push({ kind: 'volume.cloneMany', args: { poolId, requests: [...requests] } });
  }
  return batched;
}

function cloneRequest({ volumeId, snapshotId, clone }: EffectArgs<ServerEffects, 'volume.clone'>): CloneRequest {
  return { volumeId, snapshotId, clone };
}

export function provisionVms({ storage }: CommandDeps, type: 'vm.create' | 'vm.clone' | 'vmSnapshot.clone') {
  return defineCommand({
    type,
    prepare: (input: ProvisionInput, ctx) => ({ input, seed: ctx.newId() }),
    locks: (db, p, actor) => plan(db, actor, new Date().toISOString(), p).locks,
    effects: (db, p, fx, { actor, at }) => runPlan(storage, db, fx, plan(db, actor, at, p)),
    apply: (db, p, { actor, at }) => commitPlan(db, actor, at, plan(db, actor, at, p)),
  });
}

/** Storage first: thick space is checked for the whole plan, then every effect in order. */
export async function runPlan(storage: StorageService, db: Db, fx: EffectRunner, planned: Plan): Promise<void> {
  for (const drive of planned.drives) await checkReservation(storage, drive.poolId, drive.reservationPercent, 'disk/reservationPercent');
  for (const poolId of new Set(planned.thick.map((t) => t.poolId))) {
    const bytes = planned.thick.filter((t) => t.poolId === poolId).reduce((sum, t) => sum + t.bytes, 0);
    await checkThickSpace(storage, db, resolvePool(db, poolId), bytes);
  }
  await fx.runAll(planned.effects);
}

export function commitPlan(db: Db, actor: Actor, at: string, planned: Plan): { ids: string[] } {
  for (const snapshot of planned.snapshots) insertSnapshot(db, snapshot);
  for (const vm of planned.vms) {
    insertVm(db, vm);
    addGrant(db, { userId: actor.id, objectType: 'vm', objectId: vm.id, grantedAt: at });
  }
  for (const drive of planned.drives) insertDrive(db, drive);
  return { ids: planned.vms.map((vm) => vm.id) };
}

/** One plan from several (a VM Group applied member by member); their names differ, so their rows cannot collide. */
export function mergePlans(plans: Plan[]): Plan {
  return {
    vms: plans.flatMap((x) => x.vms),
    drives: plans.flatMap((x) => x.drives),
    snapshots: plans.flatMap((x) => x.snapshots),
    effects: batchClones(plans.flatMap((x) => x.effects)),
    thick: plans.flatMap((x) => x.thick),
    locks: plans.flatMap((x) => x.locks),
  };
}
