import { fail, InfinityError } from '../../lib/errors.js';
import type { Db } from '../store/db.js';
import { getDrive, listDrives, type DriveRow } from '../store/drives.js';
import { getHostGroup, getHostGroupByName, type HostGroup } from '../store/host-groups.js';
import { getHost, getHostByName, type Host } from '../store/hosts.js';
import { getVmGroup, getVmGroupByName, type VmGroup } from '../store/vm-groups.js';
import { getVm, getVmByName, type Vm } from '../store/vms.js';
import { canSee, isAdmin, type Actor } from './policy.js';

/**
 * Which objects a caller may see, found by id or by name: routes read through these, and
 * commands check through them. An object the caller cannot see is "not found", never
 * "forbidden", so names of others' objects do not leak.
 */

/** Finds a VM (or template) by id or name among those the actor may see. */
export function resolveVm(db: Db, actor: Actor, ref: string, field?: string): Vm {
  const vm = getVm(db, ref) ?? getVmByName(db, ref);
  if (!vm || !canSee(db, actor, 'vm', vm.id)) {
    throw new InfinityError('INF_ERR_NOT_FOUND', `VM "${ref}" does not exist (or you have no access to it).`, field ? { field } : {});
  }
  return vm;
}

/** Finds a Host Group by id or name among those the actor may use. */
export function resolveHostGroup(db: Db, actor: Actor, ref: string, field = 'hostGroup'): HostGroup {
  const group = getHostGroup(db, ref) ?? getHostGroupByName(db, ref);
  if (!group || !canSee(db, actor, 'host_group', group.id)) {
    throw new InfinityError('INF_ERR_NOT_FOUND', `Host Group "${ref}" does not exist or is not assigned to you.`, { field });
  }
  return group;
}

/** Finds a Host by id or name among those of the Host Groups the actor can see. */
export function resolveHost(db: Db, actor: Actor, ref: string, field?: string): Host {
  const host = getHost(db, ref) ?? getHostByName(db, ref);
  if (!host || !canSee(db, actor, 'host_group', host.hostGroupId)) {
    throw new InfinityError('INF_ERR_NOT_FOUND', `Host "${ref}" does not exist (or you have no access to its Host Group).`, field ? { field } : {});
  }
  return host;
}

/** Finds a VM Group by id or name among those the actor may see. */
export function resolveVmGroup(db: Db, actor: Actor, ref: string, field?: string): VmGroup {
  const group = getVmGroup(db, ref) ?? getVmGroupByName(db, ref);
  if (!group || !canSee(db, actor, 'vm_group', group.id)) {
    throw new InfinityError('INF_ERR_NOT_FOUND', `VM Group "${ref}" does not exist (or you have no access to it).`, field ? { field } : {});
  }
  return group;
}

/** A drive is visible through a grant on it or on its VM. */
export function canSeeDrive(db: Db, actor: Actor, drive: DriveRow): boolean {
  return canSee(db, actor, 'drive', drive.id) || (drive.vmId !== null && canSee(db, actor, 'vm', drive.vmId));
}

export function resolveDrive(db: Db, actor: Actor, ref: string, field?: string): DriveRow {
  const drive = getDrive(db, ref);
  if (!drive || !canSeeDrive(db, actor, drive)) {
    throw new InfinityError('INF_ERR_NOT_FOUND', `Drive "${ref}" does not exist (or you have no access to it).`, field ? { field } : {});
  }
  return drive;
}

export function visibleDrives(db: Db, actor: Actor, filter: { vmId?: string; poolId?: string } = {}): DriveRow[] {
  return listDrives(db, { ...filter, ...(isAdmin(actor) ? {} : { visibleTo: actor.id }) });
}

export function requireDriveChange(db: Db, actor: Actor, drive: DriveRow, what: string): void {
  if (actor.role === 'restricted') throw fail.forbidden(`Restricted users can use drive "${drive.name}" but not ${what}.`);
  if (drive.vmId !== null) {
    const vm = resolveVm(db, actor, drive.vmId);
    if (vm.isTemplate && !isAdmin(actor) && vm.createdBy !== actor.id) {
      throw fail.forbidden(`Drive "${drive.name}" belongs to template "${vm.name}"; only its creator or an administrator can ${what}.`);
    }
  }
}
