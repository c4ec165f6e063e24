import { fail, InfinityError } from '../../lib/errors.js';
import { deleteOutcome, requireChange, requireCreator, visibilityOf, type Actor } from '../access/policy.js';
import type { Db } from '../store/db.js';
import { addGrant, removeGrant, removeObjectGrants } from '../store/grants.js';
import type { HostGroup } from '../store/host-groups.js';
import { addVmGroupMember, deleteVmGroup, getVmGroupByName, insertVmGroup, removeVmGroupMember, updateVmGroup, vmGroupMembers, type VmGroup, type VmGroupMember } from '../store/vm-groups.js';
import { defineCommand, type CommandDeps } from './command.js';
import { commitPlan, derivedId, mergePlans, plan, runPlan } from './provision.js';
import { resolveHostGroup, resolveVm, resolveVmGroup } from '../access/visibility.js';

/** Members go in only when the actor can see them, so a group never leaks VMs across users. */
function addMembers(db: Db, actor: Actor, groupId: string, refs: readonly string[]): void {
  refs.forEach((ref, i) => addVmGroupMember(db, groupId, resolveVm(db, actor, ref, `vms/${i}`).id));
}

export const createVmGroup = defineCommand({
  type: 'vmGroup.create',
  prepare: (input: { name: string; comment?: string; vms?: string[] }, ctx) => ({ ...input, id: ctx.newId() }),
  apply(db, p, { actor, at }) {
    requireCreator(actor, 'create VM Groups');
    if (getVmGroupByName(db, p.name)) throw fail.nameTaken('VM Group', p.name);
    insertVmGroup(db, { id: p.id, name: p.name, comment: p.comment ?? '', createdAt: at, createdBy: actor.id });
    addGrant(db, { userId: actor.id, objectType: 'vm_group', objectId: p.id, grantedAt: at });
    addMembers(db, actor, p.id, p.vms ?? []);
    return { id: p.id };
  },
});

export const updateVmGroupCommand = defineCommand({
  type: 'vmGroup.update',
  prepare: (input: { id: string; name?: string; comment?: string }) => input,
  apply(db, p, { actor }) {
    const group = resolveVmGroup(db, actor, p.id);
    requireChange(db, actor, 'vm_group', group.id, 'VM Group', 'change it');
    if (p.name !== undefined && p.name.toLowerCase() !== group.name.toLowerCase() && getVmGroupByName(db, p.name)) {
      throw fail.nameTaken('VM Group', p.name);
    }
    updateVmGroup(db, group.id, { ...(p.name === undefined ? {} : { name: p.name }), ...(p.comment === undefined ? {} : { comment: p.comment }) });
    return { id: group.id };
  },
});

export const addVmGroupMembers = defineCommand({
  type: 'vmGroup.addMembers',
  prepare: (input: { id: string; vms: string[] }) => input,
  apply(db, p, { actor }) {
    const group = resolveVmGroup(db, actor, p.id);
    requireChange(db, actor, 'vm_group', group.id, 'VM Group', 'change its members');
    addMembers(db, actor, group.id, p.vms);
    return { id: group.id };
  },
});

export const removeVmGroupMemberCommand = defineCommand({
  type: 'vmGroup.removeMember',
  prepare: (input: { id: string; vm: string }) => input,
  apply(db, p, { actor }) {
    const group = resolveVmGroup(db, actor, p.id);
    requireChange(db, actor, 'vm_group', group.id, 'VM Group', 'change its members');
    const vm = resolveVm(db, actor, p.vm, 'vm');
    if (!removeVmGroupMember(db, group.id, vm.id)) {
      throw new InfinityError('INF_ERR_NOT_FOUND', `"${vm.name}" is not a member of VM Group "${group.name}".`, { field: 'vm' });
    }
    return { id: group.id };
  },
});

export const deleteVmGroupCommand = defineCommand({
  type: 'vmGroup.delete',
  prepare: (input: { id: string }) => input,
  apply(db, p, { actor }) {
    const group = resolveVmGroup(db, actor, p.id);
    const outcome = deleteOutcome(db, actor, 'vm_group', group.id, 'VM Group');
    if (outcome === 'unassign') {
      removeGrant(db, actor.id, 'vm_group', group.id);
      return { id: group.id, outcome };
    }
    removeObjectGrants(db, 'vm_group', group.id);
    deleteVmGroup(db, group.id);
    return { id: group.id, outcome };
  },
});

/**
 * Everything "Apply to a Host Group" checks before it clones: the VM Group and the
 * Host Group are the actor's to use, and the group has members the actor can clone.
 */
export function checkApply(db: Db, actor: Actor, ref: string, hostGroupRef: string): { group: VmGroup; hostGroup: HostGroup; members: VmGroupMember[] } {
  const group = resolveVmGroup(db, actor, ref);
  requireChange(db, actor, 'vm_group', group.id, 'VM Group', 'apply it');
  const hostGroup = resolveHostGroup(db, actor, hostGroupRef);
  requireChange(db, actor, 'host_group', hostGroup.id, 'Host Group', 'assign VMs to it');
  const members = vmGroupMembers(db, group.id, visibilityOf(actor));
  if (members.length === 0) {
    throw fail.conflict(`VM Group "${group.name}" has no VMs or templates you can use; add some before applying it.`);
  }
  return { group, hostGroup, members };
}

/**
 * "Apply" (manual, "VM Group"): every member is cloned onto the Host Group, a VM from a
 * snapshot taken now and a template from its last snapshot, named MEMBER-HOSTGROUP.
 * One command, so a failure part-way undoes every clone already made.
 */
export function applyVmGroup({ storage }: CommandDeps) {
  const planApply = (db: Db, actor: Actor, at: string, p: { group: string; hostGroup: string; seed: string }) => {
    const { group, hostGroup, members } = checkApply(db, actor, p.group, p.hostGroup);
    const plans = members.map((member, i) =>
      plan(db, actor, at, {
        seed: derivedId(p.seed, 'member', i),
        input: {
          name: `${member.name}-${hostGroup.name}`,
          hostGroup: hostGroup.id,
          source: member.isTemplate
            ? { kind: 'template', ref: member.id }
            : { kind: 'vm', ref: member.id, comment: `Taken to apply VM Group ${group.name} to ${hostGroup.name}` },
        },
      }),
    );
    return mergePlans(plans);
  };
  return defineCommand({
    type: 'vmGroup.apply',
    prepare: (input: { group: string; hostGroup: string }, ctx) => ({ ...input, seed: ctx.newId() }),
    locks: (db, p, actor) => planApply(db, actor, new Date().toISOString(), p).locks,
    effects: (db, p, fx, { actor, at }) => runPlan(storage, db, fx, planApply(db, actor, at, p)),
    apply: (db, p, { actor, at }) => commitPlan(db, actor, at, planApply(db, actor, at, p)),
  });
}
