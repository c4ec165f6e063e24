import { fail, InfinityError } from '../../lib/errors.js';
import { canSee, requireCreator, type Actor } from '../access/policy.js';
import type { Db } from '../store/db.js';
import { getHostGroup, getHostGroupByName, hostGroupUsage, type HostGroup } from '../store/host-groups.js';
import { deleteHost, getHostByMac, getHostByName, insertHost, updateHost, type HostSettings } from '../store/hosts.js';
import { defineCommand } from './command.js';
import { createHostGroup } from './host-groups.js';
import { resolveHost, resolveHostGroup } from '../access/visibility.js';

/** A BareMetal Host Group is one PC, so it takes a Host only while it has none. */
function requireRoomFor(db: Db, group: HostGroup): void {
  if (group.type === 'baremetal' && hostGroupUsage(db, group.id).hosts > 0) {
    throw fail.conflict(`"${group.name}" is a BareMetal Host Group and already has its one Host.`, 'hostGroup');
  }
}

/**
 * The manual's join rule: a Host joins the Host Group it names (by default its own
 * name), and the group is created when missing. A group of that name the actor cannot
 * see is someone else's, so the actor gets (or reuses) their own "NAME-user" group, the
 * same rule as creating a Host Group.
 */
function joinOrCreateGroup(db: Db, actor: Actor, ref: string, newGroupId: string, at: string): { group: HostGroup; created: boolean } {
  const byId = getHostGroup(db, ref);
  if (byId) {
    if (!canSee(db, actor, 'host_group', byId.id)) throw fail.notFound('Host Group', ref);
    return { group: byId, created: false };
  }
  for (const name of [ref, `${ref}-${actor.name}`]) {
    const existing = getHostGroupByName(db, name);
    if (existing && canSee(db, actor, 'host_group', existing.id)) return { group: existing, created: false };
  }
  try {
    const { id } = createHostGroup.apply(db, { name: ref, type: 'distributed', id: newGroupId }, { actor, at });
    return { group: getHostGroup(db, id)!, created: true };
  } catch (error) {
    if (error instanceof InfinityError && error.code === 'INF_ERR_NAME_TAKEN') throw new InfinityError(error.code, error.message, { field: 'hostGroup' });
    throw error;
  }
}

function checkMacFree(db: Db, mac: string | null, hostId?: string): void {
  if (!mac) return;
  const owner = getHostByMac(db, mac);
  if (owner && owner.id !== hostId) throw fail.conflict(`Another Host ("${owner.name}") already has MAC address ${mac}.`, 'mac');
}

export const registerHost = defineCommand({
  type: 'host.register',
  prepare: (input: { name: string; mac?: string; hostGroup?: string }, ctx) => ({ ...input, id: ctx.newId(), groupId: ctx.newId() }),
  apply(db, p, { actor, at }) {
    requireCreator(actor, 'register Hosts');
    if (getHostByName(db, p.name)) throw fail.nameTaken('Host', p.name);
    const mac = p.mac?.toLowerCase() ?? null;
    checkMacFree(db, mac);
    const { group, created } = joinOrCreateGroup(db, actor, p.hostGroup ?? p.name, p.groupId, at);
    requireRoomFor(db, group);
    insertHost(db, { id: p.id, name: p.name, hostGroupId: group.id, mac, createdAt: at, createdBy: actor.id });
    return { id: p.id, hostGroupId: group.id, hostGroupCreated: created };
  },
});

export interface UpdateHostInput extends Partial<HostSettings> {
  id: string;
  name?: string;
  mac?: string | null;
}

/** Display modes that cannot be combined: each pair names the field reported as wrong. */
const EXCLUSIVE: readonly [keyof HostSettings, keyof HostSettings, string][] = [
  ['kiosk', 'headless', 'A kiosk shows its VM on the Host\'s screen; a headless Host has none. Turn one of them off.'],
  ['seamless', 'headless', 'Seamless windows need the Host\'s desktop; a headless Host has none. Turn one of them off.'],
  ['seamless', 'kiosk', 'A kiosk runs its VM full screen, which rules out seamless windows. Turn one of them off.'],
];

export const updateHostCommand = defineCommand({
  type: 'host.update',
  prepare: (input: UpdateHostInput) => input,
  apply(db, p, { actor }) {
    const host = resolveHost(db, actor, p.id);
    requireCreator(actor, 'change Hosts');
    const { id: _id, name, mac: macInput, ...settings } = p;
    if (name !== undefined && name.toLowerCase() !== host.name.toLowerCase() && getHostByName(db, name)) throw fail.nameTaken('Host', name);
    const mac = macInput === undefined ? undefined : macInput?.toLowerCase() ?? null;
    if (mac !== undefined) checkMacFree(db, mac, host.id);
    const merged = { ...host, ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) } as HostSettings;
    for (const [a, b, message] of EXCLUSIVE) {
      if (merged[a] && merged[b]) throw fail.validation(settings[a] !== undefined ? a : b, message);
    }
    updateHost(db, host.id, { ...settings, ...(name === undefined ? {} : { name }), ...(mac === undefined ? {} : { mac }) });
    return { id: host.id };
  },
});

/** The console's drag and drop of a Host onto another Host Group. */
export const moveHostCommand = defineCommand({
  type: 'host.move',
  prepare: (input: { id: string; hostGroup: string }) => input,
  apply(db, p, { actor }) {
    const host = resolveHost(db, actor, p.id);
    requireCreator(actor, 'move Hosts');
    const target = resolveHostGroup(db, actor, p.hostGroup);
    if (target.id === host.hostGroupId) return { id: host.id, moved: false };
    if (host.runningVms > 0) {
      throw fail.conflict(`Host "${host.name}" is running ${host.runningVms} VM(s) of "${host.hostGroup}"; power them off or teleport them before moving it.`);
    }
    requireRoomFor(db, target);
    updateHost(db, host.id, { hostGroupId: target.id });
    return { id: host.id, moved: true };
  },
});

export const deleteHostCommand = defineCommand({
  type: 'host.delete',
  prepare: (input: { id: string }) => input,
  apply(db, p, { actor }) {
    const host = resolveHost(db, actor, p.id);
    requireCreator(actor, 'delete Hosts');
    if (host.online) throw fail.conflict(`Host "${host.name}" is online; stop its agent first.`);
    if (host.runningVms > 0) throw fail.conflict(`Host "${host.name}" is running ${host.runningVms} VM(s); power them off first.`);
    deleteHost(db, host.id);
    return { id: host.id };
  },
});
