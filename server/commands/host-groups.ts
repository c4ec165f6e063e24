import type { HostGroupType } from '../../lib/catalog.js';
import { fail, InfinityError } from '../../lib/errors.js';
import { canSee, deleteOutcome, requireChange, requireCreator } from '../access/policy.js';
import { addGrant, removeGrant, removeObjectGrants } from '../store/grants.js';
import { normalName } from '../../lib/names.js';
import {
  deleteHostGroup, getHostGroup, getHostGroupByMac, getHostGroupByName, hostGroupUsage, insertHostGroup, updateHostGroup,
} from '../store/host-groups.js';
import { defineCommand } from './command.js';

export const createHostGroup = defineCommand({
  type: 'hostGroup.create',
  prepare: (input: { name: string; type: HostGroupType; mac?: string }, ctx) => ({ ...input, id: ctx.newId() }),
  apply(db, p, { actor, at }) {
    requireCreator(actor, 'create Host Groups');
    checkMac(p.type, p.mac);
    let name = p.name;
    const existing = getHostGroupByName(db, name);
    if (existing) {
      // Manual, "Host Group": a user without access to an existing group of that name
      // gets a group of their own, named with their user name appended.
      if (canSee(db, actor, 'host_group', existing.id)) throw fail.nameTaken('Host Group', name);
      name = `${p.name}-${actor.name}`;
      if (getHostGroupByName(db, name)) throw fail.nameTaken('Host Group', name);
    }
    const mac = p.mac?.toLowerCase() ?? null;
    if (mac && getHostGroupByMac(db, mac)) throw fail.conflict(`A BareMetal Host Group for ${mac} already exists.`, 'mac');
    insertHostGroup(db, { id: p.id, name, type: p.type, mac, createdAt: at, createdBy: actor.id });
    addGrant(db, { userId: actor.id, objectType: 'host_group', objectId: p.id, grantedAt: at });
    return { id: p.id, name };
  },
});

function checkMac(type: HostGroupType, mac: string | null | undefined): void {
  if (type === 'baremetal' && !mac) throw fail.validation('mac', 'A BareMetal Host Group names its one PC by its ethernet (MAC) address: give mac.');
  if (type !== 'baremetal' && mac) throw fail.validation('mac', 'Only BareMetal Host Groups have a MAC address.');
}

export const updateHostGroupCommand = defineCommand({
  type: 'hostGroup.update',
  prepare: (input: { id: string; name?: string; type?: HostGroupType; mac?: string | null }) => input,
  apply(db, p, { actor }) {
    const group = getHostGroup(db, p.id);
    if (!group || !canSee(db, actor, 'host_group', group.id)) throw fail.notFound('Host Group', p.id);
    if (p.name !== undefined && normalName(p.name) !== group.name) {
      throw new InfinityError(
        'INF_ERR_HOST_GROUP_RENAME',
        'Host Groups cannot be renamed: create a new Host Group and move the Hosts to it.',
        { field: 'name' },
      );
    }
    requireChange(db, actor, 'host_group', group.id, 'Host Group', 'change it');
    const type = p.type ?? group.type;
    const mac = p.mac === undefined ? (type === 'baremetal' ? group.mac : null) : p.mac?.toLowerCase() ?? null;
    checkMac(type, mac);
    if (mac && mac !== group.mac && getHostGroupByMac(db, mac)) throw fail.conflict(`A BareMetal Host Group for ${mac} already exists.`, 'mac');
    if (type === 'baremetal' && group.type !== 'baremetal' && hostGroupUsage(db, group.id).hosts > 1) {
      throw fail.conflict('A BareMetal Host Group holds one PC; move the other Hosts out first.', 'type');
    }
    updateHostGroup(db, group.id, { type, mac });
    return { id: group.id };
  },
});

export const deleteHostGroupCommand = defineCommand({
  type: 'hostGroup.delete',
  prepare: (input: { id: string }) => input,
  apply(db, p, { actor }) {
    const group = getHostGroup(db, p.id) ?? getHostGroupByName(db, p.id);
    if (!group || !canSee(db, actor, 'host_group', group.id)) throw fail.notFound('Host Group', p.id);
    const outcome = deleteOutcome(db, actor, 'host_group', group.id, 'Host Group');
    if (outcome === 'unassign') {
      removeGrant(db, actor.id, 'host_group', group.id);
      return { id: group.id, outcome };
    }
    const usage = hostGroupUsage(db, group.id);
    if (usage.vms > 0 || usage.hosts > 0) {
      throw new InfinityError(
        'INF_ERR_HOST_GROUP_IN_USE',
        `Host Group "${group.name}" still has ${usage.vms} VM(s) and ${usage.hosts} Host(s); move them to another Host Group first.`,
      );
    }
    removeObjectGrants(db, 'host_group', group.id);
    deleteHostGroup(db, group.id);
    return { id: group.id, outcome };
  },
});
