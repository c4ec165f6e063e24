import { ROLES, type Role } from '../../lib/catalog.js';
import type { Actor } from '../access/policy.js';
import type { ObjectRef } from '../store/changes.js';
import type { Db } from '../store/db.js';
import { getDrive } from '../store/drives.js';
import { grantHolders } from '../store/grants.js';
import { getHost } from '../store/hosts.js';

/**
 * Who may hear about an object: everyone of these roles, and these users. Decided when
 * the event is published and kept with it, so a replay filters exactly as the live
 * stream did, even after the object or its grants are gone.
 */
export interface Audience {
  roles: readonly Role[];
  users: readonly string[];
}

const ADMINS: readonly Role[] = ['admin'];

/**
 * The API's read rules, turned round to "who": administrators see everything; VMs,
 * drives (through a grant on them or on their VM), Host Groups, their Hosts and VM
 * Groups are seen through grants (`canSee`, `canSeeDrive`, `resolveHost`); regular users
 * see every account and restricted users only their own (`GET /users`); a user's grants
 * are theirs and the administrators' (`GET /users/:id/grants`); pools and servers are
 * listed to everyone; settings only to administrators.
 */
export function audienceOf(db: Db, ref: ObjectRef): Audience {
  switch (ref.kind) {
    case 'vm':
      return { roles: ADMINS, users: grantHolders(db, 'vm', ref.id) };
    case 'drive': {
      const vmId = getDrive(db, ref.id)?.vmId ?? null;
      const users = [...grantHolders(db, 'drive', ref.id), ...(vmId === null ? [] : grantHolders(db, 'vm', vmId))];
      return { roles: ADMINS, users: [...new Set(users)] };
    }
    case 'hostGroup':
      return { roles: ADMINS, users: grantHolders(db, 'host_group', ref.id) };
    case 'host': {
      const groupId = getHost(db, ref.id)?.hostGroupId;
      return { roles: ADMINS, users: groupId === undefined ? [] : grantHolders(db, 'host_group', groupId) };
    }
    case 'vmGroup':
      return { roles: ADMINS, users: grantHolders(db, 'vm_group', ref.id) };
    case 'user':
      return { roles: ['admin', 'regular'], users: [ref.id] };
    case 'grants':
      return { roles: ADMINS, users: [ref.id] };
    case 'pool':
    case 'server':
      return { roles: ROLES, users: [] };
    case 'settings':
      return { roles: ADMINS, users: [] };
  }
}

export function widen(audience: Audience, users: readonly string[]): Audience {
  return users.length === 0 ? audience : { roles: audience.roles, users: [...new Set([...audience.users, ...users])] };
}

export function hears(actor: Actor, audience: Audience): boolean {
  return audience.roles.includes(actor.role) || audience.users.includes(actor.id);
}
