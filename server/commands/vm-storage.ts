import { fail, InfinityError } from '../../lib/errors.js';
import { deleteOutcome, requireChange, type Actor } from '../access/policy.js';
import type { Db } from '../store/db.js';
import { driveNameExists, insertDrive, listDrives, nextDrivePosition, updateDrive } from '../store/drives.js';
import { addGrant, removeGrant, removeObjectGrants } from '../store/grants.js';
import { insertSnapshot, setSnapshotComment, getSnapshot } from '../store/snapshots.js';
import { deleteVm } from '../store/vms.js';
import { defineCommand, type CommandDeps } from './command.js';
import { checkThickSpace, deletionLocks, destroyDrives, requireClonePool, planDriveDeletion, recordDrivesDeleted, volumeSpec } from './drives.js';
import { driveLocks, poolLock, vmLock } from './locks.js';
import { derivedId } from './provision.js';
import { canSeeDrive, requireDriveChange, resolveDrive, resolveVm } from '../access/visibility.js';

/** "VM Snapshot": every drive of the VM at once, one comment, one VM snapshot id. */
function checkVmSnapshot(db: Db, p: { vm: string }, actor: Actor) {
  const vm = resolveVm(db, actor, p.vm, 'id');
  const drives = listDrives(db, { vmId: vm.id });
  if (drives.length === 0) throw fail.conflict(`"${vm.name}" has no hard drives to snapshot; add a drive first.`);
  for (const drive of drives) requireDriveChange(db, actor, drive, 'snapshot it');
  return { vm, drives };
}

export const snapshotVm = defineCommand({
  type: 'vm.snapshot',
  prepare: (input: { vm: string; comment?: string; taskId?: string }, ctx) => ({ ...input, seed: ctx.newId() }),
  locks(db, p, actor) {
    const { vm, drives } = checkVmSnapshot(db, p, actor);
    return [vmLock(vm.id), ...driveLocks(drives)];
  },
  async effects(db, p, fx, { actor }) {
    for (const drive of checkVmSnapshot(db, p, actor).drives) {
      await fx.run('volume.snapshot', { poolId: drive.poolId, volumeId: drive.id, snapshotId: derivedId(p.seed, 'snapshot', drive.id) });
    }
  },
  apply(db, p, { actor, at }) {
    const { vm, drives } = checkVmSnapshot(db, p, actor);
    const vmSnapshotId = derivedId(p.seed, 'vm-snapshot');
    for (const drive of drives) {
      insertSnapshot(db, { id: derivedId(p.seed, 'snapshot', drive.id), driveId: drive.id, vmId: vm.id, vmSnapshotId, createdAt: at, comment: p.comment ?? '', taskId: p.taskId ?? null });
    }
    return { vmSnapshotId, snapshotIds: drives.map((d) => derivedId(p.seed, 'snapshot', d.id)) };
  },
});

/** A snapshot of one drive (the Servers view's drive panel). */
function checkDriveSnapshot(db: Db, p: { drive: string }, actor: Actor) {
  const drive = resolveDrive(db, actor, p.drive, 'id');
  requireDriveChange(db, actor, drive, 'snapshot it');
  return drive;
}

export const snapshotDrive = defineCommand({
  type: 'drive.snapshot',
  prepare: (input: { drive: string; comment?: string }, ctx) => ({ ...input, id: ctx.newId() }),
  locks: (db, p, actor) => driveLocks([checkDriveSnapshot(db, p, actor)]),
  async effects(db, p, fx, { actor }) {
    const drive = checkDriveSnapshot(db, p, actor);
    await fx.run('volume.snapshot', { poolId: drive.poolId, volumeId: drive.id, snapshotId: p.id });
  },
  apply(db, p, { actor, at }) {
    const drive = checkDriveSnapshot(db, p, actor);
    insertSnapshot(db, { id: p.id, driveId: drive.id, vmId: drive.vmId, vmSnapshotId: null, createdAt: at, comment: p.comment ?? '', taskId: null });
    return { id: p.id };
  },
});

export const updateSnapshotComment = defineCommand({
  type: 'snapshot.update',
  prepare: (input: { id: string; comment: string }) => input,
  apply(db, p, { actor }) {
    const snapshot = getSnapshot(db, p.id);
    const drive = snapshot && resolveDriveOrUndefined(db, actor, snapshot.driveId);
    if (!snapshot || !drive) throw fail.notFound('Snapshot', p.id);
    requireDriveChange(db, actor, drive, 'change its snapshots');
    setSnapshotComment(db, snapshot.id, p.comment);
    return { id: snapshot.id };
  },
});

function resolveDriveOrUndefined(db: Db, actor: Actor, id: string) {
  try {
    const drive = resolveDrive(db, actor, id);
    return canSeeDrive(db, actor, drive) ? drive : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deleting a VM: an administrator's (or the last user's) delete removes the VM with its
 * drives and their snapshots; clones of those snapshots (VMs made from a template) stay,
 * a clone taking over what they share. Others' delete only unassigns.
 */
export function deleteVmWithDrives({ storage }: CommandDeps) {
  const check = (db: Db, p: { id: string }, actor: Actor) => {
    const vm = resolveVm(db, actor, p.id);
    const outcome = deleteOutcome(db, actor, 'vm', vm.id, vm.isTemplate ? 'template' : 'VM');
    if (outcome !== 'delete') return { vm, outcome, plan: undefined };
    if (vm.state !== 'POWERED_OFF') throw fail.conflict(`"${vm.name}" is ${vm.state}; power it off before deleting it.`);
    return { vm, outcome, plan: planDriveDeletion(db, listDrives(db, { vmId: vm.id })) };
  };
  return defineCommand({
    type: 'vm.delete',
    prepare: (input: { id: string }) => input,
    locks(db, p, actor) {
      const { vm, plan } = check(db, p, actor);
      return [vmLock(vm.id), ...deletionLocks(plan, [])];
    },
    async effects(db, p, fx, { actor }) {
      const { plan } = check(db, p, actor);
      if (plan) await destroyDrives(fx, plan, storage);
    },
    apply(db, p, { actor }) {
      const { vm, outcome, plan } = check(db, p, actor);
      if (!plan) {
        removeGrant(db, actor.id, 'vm', vm.id);
        return { id: vm.id, outcome };
      }
      recordDrivesDeleted(db, plan);
      removeObjectGrants(db, 'vm', vm.id);
      deleteVm(db, vm.id);
      return { id: vm.id, outcome };
    },
  });
}

/** "Clone" on a drive snapshot: a new, unassigned drive with the snapshot's contents. */
export function cloneDriveSnapshot({ storage }: CommandDeps) {
  const check = (db: Db, p: { snapshotId: string; name: string }, actor: Actor) => {
    const snapshot = getSnapshot(db, p.snapshotId);
    const drive = snapshot && resolveDriveOrUndefined(db, actor, snapshot.driveId);
    if (!snapshot || !drive) throw fail.notFound('Snapshot', p.snapshotId);
    if (actor.role === 'restricted') throw fail.forbidden('Restricted users cannot create drives.');
    if (driveNameExists(db, p.name)) throw fail.nameTaken('drive', p.name);
    requireClonePool(db, drive, 'snapshotId');
    return { snapshot, drive };
  };
  return defineCommand({
    type: 'snapshot.cloneDrive',
    prepare: (input: { snapshotId: string; name: string }, ctx) => ({ ...input, id: ctx.newId() }),
    locks(db, p, actor) {
      const { drive } = check(db, p, actor);
      return [...driveLocks([drive]), ...(drive.sparse ? [] : [poolLock(drive.poolId)])];
    },
    async effects(db, p, fx, { actor }) {
      const { snapshot, drive } = check(db, p, actor);
      if (!drive.sparse) await checkThickSpace(storage, db, requireClonePool(db, drive), drive.sizeBytes);
      await fx.run('volume.clone', { poolId: drive.poolId, volumeId: drive.id, snapshotId: snapshot.id, clone: volumeSpec({ ...drive, id: p.id }) });
    },
    apply(db, p, { actor, at }) {
      const { snapshot, drive } = check(db, p, actor);
      insertDrive(db, {
        ...drive, id: p.id, name: p.name, vmId: null, position: null, originSnapshotId: snapshot.id, comment: '',
        isPrimary: true, autoFailover: false, createdAt: at, createdBy: actor.id,
      });
      addGrant(db, { userId: actor.id, objectType: 'drive', objectId: p.id, grantedAt: at });
      return { id: p.id };
    },
  });
}

export interface AttachInput {
  vm: string;
  drive: string;
  /** For a drive attached to another VM (manual: "Move or Clone the drive"). */
  mode?: 'move' | 'clone';
}

/**
 * "Manage Drives", add: an unassigned drive joins the VM; a drive of another VM is moved
 * (that VM must be off) or cloned (a snapshot taken now, cloned into a new drive).
 */
export function attachDrive({ storage }: CommandDeps) {
  const check = (db: Db, p: AttachInput & { seed: string }, actor: Actor) => {
    const vm = resolveVm(db, actor, p.vm, 'id');
    requireChange(db, actor, 'vm', vm.id, 'VM', 'add drives to it');
    const drive = resolveDrive(db, actor, p.drive, 'drive');
    if (drive.vmId === vm.id) throw fail.conflict(`Drive "${drive.name}" is already on "${vm.name}".`, 'drive');
    const position = nextDrivePosition(db, vm.id);
    if (p.mode === 'clone') {
      requireDriveChange(db, actor, drive, 'snapshot it for a clone');
      requireClonePool(db, drive, 'drive');
    }
    if (drive.vmId === null) {
      if (p.mode === 'clone') return { vm, drive, position, kind: 'clone' as const };
      requireDriveChange(db, actor, drive, 'add it to a VM');
      return { vm, drive, position, kind: 'attach' as const };
    }
    const owner = resolveVm(db, actor, drive.vmId, 'drive');
    if (p.mode === undefined) {
      throw new InfinityError('INF_ERR_CONFLICT', `Drive "${drive.name}" is on VM "${owner.name}": say whether to move it or clone it (mode "move" or "clone").`, { field: 'mode' });
    }
    if (p.mode === 'move') {
      requireDriveChange(db, actor, drive, 'move it');
      if (owner.state !== 'POWERED_OFF') throw fail.conflict(`VM "${owner.name}" is ${owner.state}; power it off before moving its drive.`, 'drive');
      return { vm, drive, position, kind: 'attach' as const };
    }
    return { vm, drive, position, kind: 'clone' as const };
  };
  return defineCommand({
    type: 'vm.attachDrive',
    prepare: (input: AttachInput, ctx) => ({ ...input, seed: ctx.newId() }),
    locks(db, p, actor) {
      const { vm, drive, kind } = check(db, p, actor);
      return [vmLock(vm.id), ...driveLocks([drive]), ...(kind === 'clone' && !drive.sparse ? [poolLock(drive.poolId)] : [])];
    },
    async effects(db, p, fx, { actor }) {
      const { drive, kind } = check(db, p, actor);
      if (kind !== 'clone') return;
      if (!drive.sparse) await checkThickSpace(storage, db, requireClonePool(db, drive), drive.sizeBytes);
      const snapshotId = derivedId(p.seed, 'snapshot');
      await fx.run('volume.snapshot', { poolId: drive.poolId, volumeId: drive.id, snapshotId });
      await fx.run('volume.clone', { poolId: drive.poolId, volumeId: drive.id, snapshotId, clone: volumeSpec({ ...drive, id: derivedId(p.seed, 'drive') }) });
    },
    apply(db, p, { actor, at }) {
      const { vm, drive, position, kind } = check(db, p, actor);
      if (kind === 'attach') {
        updateDrive(db, drive.id, { vmId: vm.id, position });
        return { id: drive.id };
      }
      const snapshotId = derivedId(p.seed, 'snapshot');
      const id = derivedId(p.seed, 'drive');
      const name = `${vm.name}-${position}`;
      if (driveNameExists(db, name)) throw fail.nameTaken('drive', name);
      insertSnapshot(db, {
        id: snapshotId, driveId: drive.id, vmId: drive.vmId, vmSnapshotId: null, createdAt: at,
        comment: `Taken to clone ${drive.name} for another VM`, taskId: null,
      });
      insertDrive(db, {
        ...drive, id, name, vmId: vm.id, position, originSnapshotId: snapshotId, comment: '', isPrimary: true, autoFailover: false, createdAt: at, createdBy: actor.id,
      });
      return { id };
    },
  });
}

/** "Manage Drives", remove: the drive stays, unassigned (brown), on the actor's account. */
export const detachDrive = defineCommand({
  type: 'vm.detachDrive',
  prepare: (input: { vm: string; drive: string }) => input,
  // A snapshot or clone of the VM in progress plans from its drives: the drive leaves after it.
  locks: (db, p, actor) => [vmLock(resolveVm(db, actor, p.vm, 'id').id), ...driveLocks([resolveDrive(db, actor, p.drive, 'drive')])],
  apply(db, p, { actor, at }) {
    const vm = resolveVm(db, actor, p.vm, 'id');
    requireChange(db, actor, 'vm', vm.id, 'VM', 'remove its drives');
    const drive = resolveDrive(db, actor, p.drive, 'drive');
    if (drive.vmId !== vm.id) throw new InfinityError('INF_ERR_NOT_FOUND', `Drive "${drive.name}" is not on "${vm.name}".`, { field: 'drive' });
    if (vm.state !== 'POWERED_OFF') throw fail.conflict(`"${vm.name}" is ${vm.state}; power it off before removing a drive.`);
    updateDrive(db, drive.id, { vmId: null, position: null });
    addGrant(db, { userId: actor.id, objectType: 'drive', objectId: drive.id, grantedAt: at });
    return { id: drive.id };
  },
});
