import { statuses, type RbacCase } from './fixtures.js';

const FORBIDDEN = [403, 'INF_ERR_FORBIDDEN'] as const;
const ADMIN_ONLY = (ok: number) => statuses(ok, FORBIDDEN, FORBIDDEN, 401);

/** Servers and their logs, and the site-wide mail and NTP settings (administrators only). */
export const serverSettingsCases: RbacCase[] = [
  { route: 'GET /api/v1/servers', access: 'user', what: 'list', request: () => ({ method: 'GET', url: '/api/v1/servers' }), expect: statuses(200, 200, 200, 401) },
  {
    route: 'GET /api/v1/servers/:id', access: 'user', what: 'the local server',
    request: async (f) => ({ method: 'GET', url: `/api/v1/servers/${await f.localServer()}` }),
    expect: statuses(200, 200, 200, 401),
  },
  {
    route: 'GET /api/v1/servers/:id/logs', access: 'admin', what: "the local server's log",
    request: async (f) => ({ method: 'GET', url: `/api/v1/servers/${await f.localServer()}/logs?limit=5` }),
    expect: ADMIN_ONLY(200),
  },
  { route: 'GET /api/v1/settings/mail', access: 'admin', what: 'read', request: () => ({ method: 'GET', url: '/api/v1/settings/mail' }), expect: ADMIN_ONLY(200) },
  {
    route: 'PUT /api/v1/settings/mail', access: 'admin', what: 'set',
    request: () => ({ method: 'PUT', url: '/api/v1/settings/mail', payload: { host: 'smtp.example.org', from: 'infinity@example.org', recipients: ['ops@example.org'] } }),
    expect: ADMIN_ONLY(200),
  },
  { route: 'DELETE /api/v1/settings/mail', access: 'admin', what: 'remove', request: () => ({ method: 'DELETE', url: '/api/v1/settings/mail' }), expect: ADMIN_ONLY(200) },
  { route: 'GET /api/v1/settings/ntp', access: 'admin', what: 'read', request: () => ({ method: 'GET', url: '/api/v1/settings/ntp' }), expect: ADMIN_ONLY(200) },
  {
    route: 'PUT /api/v1/settings/ntp', access: 'admin', what: 'set',
    request: () => ({ method: 'PUT', url: '/api/v1/settings/ntp', payload: { servers: ['ntp.example.org'] } }),
    expect: ADMIN_ONLY(200),
  },
];
