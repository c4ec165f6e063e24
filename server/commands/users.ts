import type { Role } from '../../lib/catalog.js';
import { fail, InfinityError } from '../../lib/errors.js';
import { isAdmin, requireAdmin, requireRevoke } from '../access/policy.js';
import { hashPassword } from '../access/passwords.js';
import type { Db } from '../store/db.js';
import { addGrant, removeGrant, type GrantType } from '../store/grants.js';
import { objectFacts } from '../store/names.js';
import { deleteUserSessions } from '../store/sessions.js';
import { carrySecret, keepSecret } from '../store/secrets.js';
import { countAdmins, deleteUser, getUser, getUserByName, insertUser, setPassword, updateUser } from '../store/users.js';
import { defineCommand } from './command.js';
import { grantKind, requireGrantable } from './objects.js';

function requireUser(db: Db, id: string) {
  const user = getUser(db, id);
  if (!user) throw fail.notFound('User', id);
  return user;
}

export const createUser = defineCommand({
  type: 'user.create',
  sensitive: true,
  async prepare(input: { name: string; password: string; role: Role }, ctx) {
    const passwordHash = carrySecret(ctx.newId(), await hashPassword(input.password));
    return { id: ctx.newId(), name: input.name, role: input.role, passwordHash };
  },
  apply(db, p, { actor, at }) {
    requireAdmin(actor, 'create users');
    if (getUserByName(db, p.name)) throw fail.nameTaken('user', p.name);
    const passwordHash = keepSecret(db, p.passwordHash);
    insertUser(db, {
      id: p.id, name: p.name, role: p.role, passwordHash, mustChangePassword: false, builtin: false, createdAt: at,
    });
    return { id: p.id };
  },
});

export const updateUserCommand = defineCommand({
  type: 'user.update',
  prepare: (input: { id: string; name?: string; role?: Role }) => input,
  apply(db, p, { actor }) {
    requireAdmin(actor, 'rename users or change roles');
    const user = requireUser(db, p.id);
    if (user.builtin && p.name !== undefined && p.name !== user.name) {
      throw new InfinityError('INF_ERR_BUILTIN_ADMIN', 'The built-in "admin" account cannot be renamed; create another administrator instead.', { field: 'name' });
    }
    if (user.builtin && p.role !== undefined && p.role !== 'admin') {
      throw new InfinityError('INF_ERR_BUILTIN_ADMIN', 'The built-in "admin" account must stay an administrator.', { field: 'role' });
    }
    if (p.name !== undefined && p.name.toLowerCase() !== user.name.toLowerCase() && getUserByName(db, p.name)) {
      throw fail.nameTaken('user', p.name);
    }
    updateUser(db, p.id, { ...(p.name === undefined ? {} : { name: p.name }), ...(p.role === undefined ? {} : { role: p.role }) });
    return { id: p.id };
  },
});

export const deleteUserCommand = defineCommand({
  type: 'user.delete',
  prepare: (input: { id: string }) => input,
  apply(db, p, { actor }) {
    requireAdmin(actor, 'delete users');
    const user = requireUser(db, p.id);
    if (user.builtin) throw new InfinityError('INF_ERR_BUILTIN_ADMIN', 'The built-in "admin" account cannot be deleted: the Infinity server uses it.');
    if (user.id === actor.id) throw fail.conflict('You cannot delete the account you are logged in with; log in as another administrator.');
    if (user.role === 'admin' && countAdmins(db) <= 1) throw fail.conflict('This is the last administrator; make another administrator first.');
    deleteUser(db, p.id);
    return { id: p.id };
  },
});

/**
 * Sets a password. A user changes their own (proving the old one in the route); an
 * administrator may set anyone's, which makes that user choose a new one at next login.
 */
export const setUserPassword = defineCommand({
  type: 'user.setPassword',
  sensitive: true,
  async prepare(input: { id: string; password: string; keepSession?: string }, ctx) {
    return {
      id: input.id,
      passwordHash: carrySecret(ctx.newId(), await hashPassword(input.password)),
      mustChange: input.id !== ctx.actor.id,
      keepSession: input.keepSession ?? null,
    };
  },
  apply(db, p, { actor }) {
    if (p.id !== actor.id) requireAdmin(actor, "set another user's password");
    requireUser(db, p.id);
    setPassword(db, p.id, keepSecret(db, p.passwordHash), p.mustChange);
    deleteUserSessions(db, p.id, p.keepSession ?? undefined);
    return { id: p.id };
  },
});

export const grantObject = defineCommand({
  type: 'grant.add',
  prepare: (input: { userId: string; objectType: GrantType; objectId: string }) => input,
  apply(db, p, { actor, at }) {
    const user = requireUser(db, p.userId);
    requireGrantable(db, actor, p.objectType, p.objectId);
    if (user.role === 'admin') {
      throw fail.conflict(`${user.name} is an administrator and already has access to everything.`, 'userId');
    }
    addGrant(db, { userId: p.userId, objectType: p.objectType, objectId: p.objectId, grantedAt: at });
    return { userId: p.userId, objectType: p.objectType, objectId: p.objectId };
  },
});

export const revokeObject = defineCommand({
  type: 'grant.remove',
  prepare: (input: { userId: string; objectType: GrantType; objectId: string }) => input,
  apply(db, p, { actor }) {
    const user = requireUser(db, p.userId);
    requireGrantable(db, actor, p.objectType, p.objectId);
    if (!isAdmin(actor) && p.userId === actor.id) {
      throw fail.conflict('To give up your own access, delete the object instead (it is only unassigned while others still have access).');
    }
    const object = objectFacts(db, p.objectType, p.objectId)!;
    const what = `${object.template ? 'template' : grantKind(p.objectType)} "${object.name}"`;
    requireRevoke(actor, { id: object.createdBy, name: object.creatorName }, what);
    if (!removeGrant(db, p.userId, p.objectType, p.objectId)) {
      throw new InfinityError('INF_ERR_NOT_FOUND', `${user.name} has no access to ${what} to take away.`);
    }
    return { userId: p.userId, objectType: p.objectType, objectId: p.objectId };
  },
});
