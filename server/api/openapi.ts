import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { errors, type ErrorStatus } from '../../lib/protocol/common.js';
import { VERSION } from '../../lib/protocol/version.js';

/** The tags routes use, in the order the documentation shows them. */
export const TAGS = [
  { name: 'meta', description: 'The server itself: health, OS types, its TLS certificate, the event stream' },
  { name: 'auth', description: 'Logging in and out, and your own account' },
  { name: 'users', description: 'User accounts, their roles, and the objects granted to them (administrators)' },
  { name: 'vms', description: 'VMs and templates: create, change, clone, snapshot, and their drives' },
  { name: 'storage', description: 'Storage pools, hard drives, snapshots and iSCSI exports' },
  { name: 'host-groups', description: 'Host Groups: where VMs run (Distributed, Replicated or BareMetal)' },
  { name: 'hosts', description: 'Hosts: the PCs that run VMs, and the Host Group each belongs to' },
  { name: 'vm-groups', description: 'VM Groups: sets of VMs and templates applied to Host Groups together' },
  { name: 'servers', description: 'Infinity Servers, their live figures and their logs' },
  { name: 'settings', description: 'Settings every server shares: mail and time servers' },
] as const;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The statuses the server answers on a route whatever its handler does. On every route:
 * what Node's HTTP parser refuses before routing (bytes that are not HTTP: 400; headers that
 * take over 60 s: 408; headers over 16 KiB: 431) and an unexpected failure (500). On methods
 * that carry a body, also a body that is not JSON (400), too large (413) or of another media
 * type (415), even where the route reads none: fastify parses it before the route runs.
 */
function frameworkStatuses(method: string): ErrorStatus[] {
  return BODY_METHODS.has(method) ? [400, 408, 413, 415, 431, 500] : [400, 408, 431, 500];
}

/**
 * Completes a documented route's schema from what the server decides outside its handler:
 * the framework's statuses join its responses, and a public route needs no token.
 */
function documentRoute(route: RouteOptions): void {
  const schema = route.schema as FastifySchema | undefined;
  if (schema === undefined || schema.hide === true) return;
  const methods = [route.method].flat();
  const added = methods.flatMap(frameworkStatuses);
  const own = schema.response as Record<number, unknown> | undefined;
  const isPublic = (route.config as { access?: string } | undefined)?.access === 'public';
  route.schema = { ...schema, response: { ...errors(...added), ...own }, ...(isPublic ? { security: [] } : {}) };
}

/**
 * Registered before any route: swagger collects routes through onRoute, so the OpenAPI
 * document, validation and types all come from the same schemas.
 */
export default fp(
  async function openapiPlugin(app: FastifyInstance) {
    app.addHook('onRoute', documentRoute);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Infinity Server API',
          version: VERSION,
          description:
            'Every action of the CLI and the Admin Console goes through this API. Log in with POST /api/v1/login ' +
            'and send the token it returns as `Authorization: Bearer TOKEN`. Every error answers ' +
            '`{"error": {"code", "message", "field"}}`. A change may carry an `Idempotency-Key` header ' +
            '(8-128 letters, digits or `. _ : -`): sent again with the same key and body, it is done once; ' +
            'with another body it is a 409.',
          contact: { name: 'The administrator of this Infinity Server' },
          license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
        },
        servers: [{ url: '/', description: 'The Infinity Server that serves this document' }],
        tags: [...TAGS],
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
  },
  { name: 'openapi', dependencies: ['errors'] },
);
