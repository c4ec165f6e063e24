import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { fail } from '../../lib/errors.js';
import { isAdmin, type Actor } from '../access/policy.js';
import type { Db } from '../store/db.js';
import { userGrants } from '../store/grants.js';
import { objectName } from '../store/names.js';
import { getUser, getUserByName, listUsers, type UserRow } from '../store/users.js';
import { AUTHED_ERRORS, errors, IdParams, Ok } from '../../lib/protocol/common.js';
import {
  CreateUserBody, Grant, GrantBody, GrantParams, SetPasswordBody, UpdateUserBody, User,
} from '../../lib/protocol/users.js';

const view = (u: UserRow) => ({ id: u.id, name: u.name, role: u.role, builtin: u.builtin, mustChangePassword: u.mustChangePassword, createdAt: u.createdAt });

/** Administrators and regular users see every account (to share with it); restricted users see themselves. */
function visibleUser(db: Db, actor: Actor, ref: string): UserRow {
  const user = getUser(db, ref) ?? getUserByName(db, ref);
  if (!user || (actor.role === 'restricted' && user.id !== actor.id)) throw fail.notFound('User', ref);
  return user;
}

export default async function userRoutes(app: FastifyInstance) {
  const tags = ['users'];

  app.get('/users', {
    schema: {
      tags, operationId: 'listUsers', summary: 'List users',
      description: 'Every user account with its role (a restricted user sees only their own).',
      response: { 200: Type.Array(User), ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const actor = request.actor!;
    return listUsers(app.db).filter((u) => actor.role !== 'restricted' || u.id === actor.id).map(view);
  });

  app.post<{ Body: Static<typeof CreateUserBody> }>('/users', {
    schema: {
      tags, operationId: 'createUser', summary: 'Create a user',
      description: 'Create a user account with a role (administrators only); the name must be free.',
      body: CreateUserBody, response: { 201: User, ...errors(...AUTHED_ERRORS, 409) },
    },
    config: { access: 'admin' },
  }, async (request, reply) => {
    const { id } = await app.execute(request, 'user.create', request.body);
    return reply.status(201).send(view(getUser(app.db, id)!));
  });

  app.get<{ Params: IdParams }>('/users/:id', {
    schema: {
      tags, operationId: 'getUser', summary: 'Get a user',
      description: 'One user account, by id or name (a restricted user sees only their own).',
      params: IdParams, response: { 200: User, ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => view(visibleUser(app.db, request.actor!, request.params.id)));

  app.patch<{ Params: IdParams; Body: Static<typeof UpdateUserBody> }>('/users/:id', {
    schema: {
      tags, operationId: 'updateUser', summary: 'Change a user',
      description: 'Rename a user or change their role (administrators only).',
      params: IdParams, body: UpdateUserBody, response: { 200: User, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    const user = visibleUser(app.db, request.actor!, request.params.id);
    await app.execute(request, 'user.update', { id: user.id, ...request.body });
    return view(getUser(app.db, user.id)!);
  });

  app.delete<{ Params: IdParams }>('/users/:id', {
    schema: {
      tags, operationId: 'deleteUser', summary: 'Delete a user',
      description: 'Delete a user account (administrators only; the built-in admin stays).',
      params: IdParams, response: { 200: Ok, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    const user = visibleUser(app.db, request.actor!, request.params.id);
    await app.execute(request, 'user.delete', { id: user.id });
    return { ok: true as const };
  });

  app.put<{ Params: IdParams; Body: Static<typeof SetPasswordBody> }>('/users/:id/password', {
    schema: {
      tags, operationId: 'setUserPassword', summary: "Set a user's password",
      description: "Set a user's password (administrators); they must change it at their next login.",
      params: IdParams, body: SetPasswordBody, response: { 200: Ok, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    const user = visibleUser(app.db, request.actor!, request.params.id);
    await app.execute(request, 'user.setPassword', { id: user.id, password: request.body.password });
    return { ok: true as const };
  });

  app.get<{ Params: IdParams }>('/users/:id/grants', {
    schema: {
      tags, operationId: 'listUserGrants', summary: "List a user's grants",
      description: "The VMs, templates, drives, Host Groups and VM Groups on a user's account.",
      params: IdParams, response: { 200: Type.Array(Grant), ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const actor = request.actor!;
    const user = visibleUser(app.db, actor, request.params.id);
    if (!isAdmin(actor) && user.id !== actor.id) throw fail.notFound('User', request.params.id);
    return userGrants(app.db, user.id).map((g) => ({ ...g, objectName: objectName(app.db, g.objectType, g.objectId) }));
  });

  app.post<{ Params: IdParams; Body: Static<typeof GrantBody> }>('/users/:id/grants', {
    schema: {
      tags, operationId: 'grantToUser', summary: 'Grant an object',
      description: "Add a VM, template, drive, Host Group or VM Group to a user's account, giving them access to it.",
      params: IdParams, body: GrantBody, response: { 201: Grant, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const user = visibleUser(app.db, request.actor!, request.params.id);
    await app.execute(request, 'grant.add', { userId: user.id, ...request.body });
    const grant = userGrants(app.db, user.id).find((g) => g.objectType === request.body.objectType && g.objectId === request.body.objectId)!;
    return reply.status(201).send({ ...grant, objectName: objectName(app.db, grant.objectType, grant.objectId) });
  });

  app.delete<{ Params: Static<typeof GrantParams> }>('/users/:id/grants/:objectType/:objectId', {
    schema: {
      tags, operationId: 'revokeFromUser', summary: 'Revoke an object',
      description: "Remove an object from a user's account: they lose access to it (the object itself stays).",
      params: GrantParams, response: { 200: Ok, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => {
    const user = visibleUser(app.db, request.actor!, request.params.id);
    await app.execute(request, 'grant.remove', { userId: user.id, objectType: request.params.objectType, objectId: request.params.objectId });
    return { ok: true as const };
  });
}
