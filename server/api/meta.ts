import type { FastifyInstance } from 'fastify';
import { OS_CATALOG } from '../../lib/catalog.js';
import { AUTHED_ERRORS, errors } from '../../lib/protocol/common.js';
import { FirstLoginReply, Health, OsTypes } from '../../lib/protocol/meta.js';
import { VERSION } from '../../lib/protocol/version.js';
import { FirstLogin } from '../access/first-login.js';

/** Entries of the manual's server page; each says whether this build already serves it. */
const PAGE_ENTRIES = [
  { title: 'Admin Console', path: '/console/', available: true, note: 'manage VMs, users, Host Groups and servers in the browser' },
  { title: 'Agent', path: '/agent', available: false, note: 'turn this computer into a Host' },
  { title: 'Remote Access', path: '/remote', available: false, note: 'connect to a running VM' },
  { title: 'API documentation', path: '/docs', available: true, note: 'the REST API, browsable (OpenAPI at /api/openapi.json)' },
] as const;

const FIRST_LOGIN = ' First login: user <code>admin</code>, password <code>admin</code>; '
  + 'you will be asked to change it.';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The server's own page; the first-login steps only while they still work (see FirstLogin). */
export function renderServerPage(firstLogin: boolean): string {
  const items = PAGE_ENTRIES.map((e) =>
    e.available
      ? `<li><a href="${e.path}">${escapeHtml(e.title)}</a>: ${escapeHtml(e.note)}</li>`
      : `<li><strong>${escapeHtml(e.title)}</strong>: ${escapeHtml(e.note)} (not available in this build yet)</li>`,
  ).join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Infinity Server</title>
    <link rel="icon" type="image/svg+xml" href="/console/favicon.svg">
  </head>
  <body>
    <h1>Infinity Server</h1>
    <p>Version ${VERSION}.${firstLogin ? FIRST_LOGIN : ''}</p>
    <ul>
      ${items}
    </ul>
  </body>
</html>
`;
}

export default async function metaRoutes(app: FastifyInstance) {
  const firstLogin = new FirstLogin(app.db);

  app.get('/api/v1/health', {
    schema: {
      tags: ['meta'], operationId: 'getHealth', summary: 'Health',
      description: 'Answers while the server runs and its database answers; needs no login (for monitoring). '
        + 'A part that is down (the iSCSI exporter lost, say) makes the status "degraded" and is named with why.',
      response: { 200: Health },
    },
    config: { access: 'public' },
  }, async () => {
    app.db.prepare('SELECT 1').get();
    const parts = [app.iscsi.local.health()];
    const status = parts.some((p) => p.status === 'degraded') ? 'degraded' as const : 'ok' as const;
    return { status, version: VERSION, parts };
  });

  app.get('/api/v1/os-types', {
    schema: {
      tags: ['meta'], operationId: 'listOsTypes', summary: 'List OS types',
      description: 'The vendors and their OS types a VM can be created with (its `vendor` and `osType`).',
      response: { 200: OsTypes, ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'user' },
  }, async () => OS_CATALOG);

  app.get('/api/v1/first-login', {
    schema: {
      tags: ['meta'], operationId: 'getFirstLogin', summary: 'First login',
      description: 'Whether the first login (user admin, password admin) still works: true until the built-in admin '
        + 'chooses its own password. The login pages show the first-login steps only then; needs no login.',
      response: { 200: FirstLoginReply },
    },
    config: { access: 'public' },
  }, async () => ({ pending: await firstLogin.pending() }));

  app.get('/', {
    schema: { hide: true },
    config: { access: 'public' },
  }, async (_request, reply) => {
    const page = renderServerPage(await firstLogin.pending());
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
