import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Static } from 'typebox';
import { InfinityError } from '../../lib/errors.js';
import { verifyPassword } from '../access/passwords.js';
import { newToken, hashToken } from '../access/tokens.js';
import { deleteExpiredSessions, deleteSession, insertSession } from '../store/sessions.js';
import { getUser, getUserByName } from '../store/users.js';
import { ChangePasswordBody, LoginBody, LoginReply, Me } from '../../lib/protocol/auth.js';
import { AUTHED_ERRORS, errors, Ok } from '../../lib/protocol/common.js';

export interface AuthOptions {
  tokenTtlMs: number;
  loginAttemptsPerMinute: number;
}

/** A fixed hash to verify against for unknown users, so timing does not reveal names. */
const UNKNOWN_USER_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export default async function authRoutes(app: FastifyInstance, opts: AuthOptions) {
  await app.register(rateLimit, { global: false });

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/login',
    {
      schema: {
        tags: ['auth'], operationId: 'login', summary: 'Log in',
        description: 'Log in with user name and password; returns a bearer token for `Authorization: Bearer TOKEN` ' +
          'and when it expires. Attempts are limited per user name and address.',
        body: LoginBody, response: { 200: LoginReply, ...errors(400, 401, 429) },
      },
      config: {
        access: 'public',
        rateLimit: {
          // After validation, so the key below sees the body's user name (in onRequest it is not parsed yet).
          hook: 'preHandler',
          max: opts.loginAttemptsPerMinute,
          timeWindow: '1 minute',
          keyGenerator: (request) => `${request.ip}|${String((request.body as { user?: unknown } | undefined)?.user ?? '').toLowerCase()}`,
          errorResponseBuilder: (_request, context) => {
            const error = new InfinityError('INF_ERR_RATE_LIMITED', `Too many login attempts; wait ${Math.ceil(context.ttl / 1000)} s and try again.`);
            return Object.assign(error, { statusCode: 429 });
          },
        },
      },
    },
    async (request) => {
      const user = getUserByName(app.db, request.body.user);
      const valid = await verifyPassword(request.body.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!user || !valid) throw new InfinityError('INF_ERR_AUTH_INVALID', 'Wrong user name or password.');
      const token = newToken();
      const now = new Date();
      const expiresAt = new Date(now.getTime() + opts.tokenTtlMs).toISOString();
      deleteExpiredSessions(app.db, now.toISOString());
      insertSession(app.db, { tokenHash: hashToken(token), userId: user.id, createdAt: now.toISOString(), expiresAt });
      request.log.info({ user: user.name }, 'login');
      return { token, expiresAt, user: { id: user.id, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword } };
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'], operationId: 'logout', summary: 'Log out',
        description: 'Revokes the token this request carries; other sessions of the user stay.',
        response: { 200: Ok, ...errors(...AUTHED_ERRORS) },
      },
      config: { access: 'user', beforePasswordChange: true },
    },
    async (request) => {
      if (request.tokenHash) deleteSession(app.db, request.tokenHash);
      app.eventHub.revoked();
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'], operationId: 'getMe', summary: 'Who am I',
        description: 'The logged-in user: id, name, role, and whether the password must be changed first.',
        response: { 200: Me, ...errors(...AUTHED_ERRORS) },
      },
      config: { access: 'user', beforePasswordChange: true },
    },
    async (request) => {
      const user = getUser(app.db, request.actor!.id)!;
      return { id: user.id, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword };
    },
  );

  app.post<{ Body: Static<typeof ChangePasswordBody> }>(
    '/me/password',
    {
      schema: {
        tags: ['auth'], operationId: 'changeMyPassword', summary: 'Change your password',
        description: 'Change your own password (also the way out of the forced change of admin/admin); your other ' +
          'sessions are logged out.',
        body: ChangePasswordBody, response: { 200: Ok, ...errors(...AUTHED_ERRORS, 409) },
      },
      config: { access: 'user', beforePasswordChange: true },
    },
    async (request) => {
      const user = getUser(app.db, request.actor!.id)!;
      if (!(await verifyPassword(request.body.old, user.passwordHash))) {
        throw new InfinityError('INF_ERR_VALIDATION', 'The old password is wrong.', { field: 'old' });
      }
      if (request.body.old === request.body.new) {
        throw new InfinityError('INF_ERR_VALIDATION', 'The new password must differ from the old one.', { field: 'new' });
      }
      await app.execute(request, 'user.setPassword', { id: user.id, password: request.body.new, keepSession: request.tokenHash ?? undefined });
      return { ok: true as const };
    },
  );
}
