import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { InfinityError } from '../../lib/errors.js';
import { deleteSession, getSession } from '../store/sessions.js';
import { getUser } from '../store/users.js';
import type { Actor } from './policy.js';
import { hashToken } from './tokens.js';

/**
 * Who may call a route, declared on every route as `config.access`:
 * public (anyone), user (logged in), creator (administrators and regular users),
 * admin. Object-level rules (grants, the manual's delete rules) live in the commands
 * and queries; this is the coarse gate every request passes first.
 */
export const ACCESS_LEVELS = ['public', 'user', 'creator', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** One registered route and who may call it, as the access gate enforces it. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
  /** Reachable while the user must still change their password. */
  readonly beforePasswordChange: boolean;
  /** Swagger UI's static documentation routes (public, under /docs). */
  readonly documentation: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after the access plugin, with its declared access, in registration order. */
    routeCatalogue(): readonly RouteEntry[];
  }
  interface FastifyContextConfig {
    access?: Access;
    /** Reachable while the user must still change their password (passwd, logout, me). */
    beforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    tokenHash: string | null;
  }
}

/** Routes that plugins (swagger-ui) add are public documentation. */
const DOCUMENTATION = /^\/docs(\/|$)|^\/api\/openapi\.json$/;

export default fp(
  async function accessPlugin(app: FastifyInstance) {
    app.decorateRequest('actor', null);
    app.decorateRequest('tokenHash', null);

    const catalogue: RouteEntry[] = [];
    app.decorate('routeCatalogue', () => [...catalogue]);

    app.addHook('onRoute', (route: RouteOptions) => {
      const config = (route.config ?? {}) as { access?: Access; beforePasswordChange?: boolean };
      let documentation = false;
      if (config.access === undefined) {
        if (!DOCUMENTATION.test(route.url)) {
          throw new Error(`Route ${String(route.method)} ${route.url} declares no config.access; every route must say who may call it.`);
        }
        route.config = { ...(route.config ?? {}), access: 'public' };
        documentation = true;
      }
      const access = (route.config as { access: Access }).access;
      for (const method of [route.method].flat()) {
        catalogue.push(Object.freeze({ method, url: route.url, access, beforePasswordChange: config.beforePasswordChange === true, documentation }));
      }
    });

    app.addHook('onRequest', async (request) => {
      const config = request.routeOptions.config;
      const access = config.access ?? 'public';
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      if (token) {
        const tokenHash = hashToken(token);
        const session = getSession(app.db, tokenHash);
        if (session && session.expiresAt <= new Date().toISOString()) {
          deleteSession(app.db, tokenHash);
          if (access !== 'public') throw new InfinityError('INF_ERR_TOKEN_EXPIRED', 'Your session has expired; log in again.');
        } else if (session) {
          const user = getUser(app.db, session.userId);
          if (user) {
            request.actor = { id: user.id, name: user.name, role: user.role };
            request.tokenHash = tokenHash;
            if (user.mustChangePassword && access !== 'public' && !config.beforePasswordChange) {
              throw new InfinityError(
                'INF_ERR_PASSWORD_CHANGE_REQUIRED',
                `The password of "${user.name}" must be changed before anything else: POST /api/v1/me/password or \`infinity passwd\`.`,
              );
            }
          }
        }
      }
      if (access === 'public') return;
      if (!request.actor) {
        throw new InfinityError(
          token ? 'INF_ERR_AUTH_INVALID' : 'INF_ERR_AUTH_REQUIRED',
          token ? 'The token is not valid (logged out or revoked); log in again.' : 'Log in first: POST /api/v1/login, then send Authorization: Bearer TOKEN.',
        );
      }
      if (access === 'admin' && request.actor.role !== 'admin') {
        throw new InfinityError('INF_ERR_FORBIDDEN', 'Only administrators can do this.');
      }
      if (access === 'creator' && request.actor.role === 'restricted') {
        throw new InfinityError('INF_ERR_FORBIDDEN', 'Restricted users cannot create, change or delete this; ask an administrator.');
      }
    });
  },
  { name: 'access', dependencies: ['store'] },
);
