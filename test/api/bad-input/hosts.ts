import { long, type BadCase, type RouteInput } from './types.js';

export const inputs: RouteInput[] = [
  { route: 'POST /api/v1/hosts', body: (f) => ({ name: f.name('new-host') }) },
  { route: 'GET /api/v1/hosts/:id', params: async (f) => ({ id: (await f.host('admin')).id }) },
  { route: 'PATCH /api/v1/hosts/:id', params: async (f) => ({ id: (await f.host('admin')).id }), body: () => ({ comment: 'changed' }) },
  { route: 'POST /api/v1/hosts/:id/host-group', params: async (f) => ({ id: (await f.host('admin')).id }), body: async (f) => ({ hostGroup: await f.hostGroup('admin') }) },
  { route: 'DELETE /api/v1/hosts/:id', params: async (f) => ({ id: (await f.host('admin')).id }) },
];

const update = (what: string, payload: Record<string, unknown>, field: string | undefined, status = 400, code = 'INF_ERR_VALIDATION'): BadCase => ({
  route: 'PATCH /api/v1/hosts/:id', what, request: async (f) => ({ method: 'PATCH', url: `/api/v1/hosts/${(await f.host('admin')).id}`, payload }), status, code, ...(field === undefined ? {} : { field }),
});

export const cases: BadCase[] = [
  { route: 'POST /api/v1/hosts', what: '65-character name', request: () => ({ method: 'POST', url: '/api/v1/hosts', payload: { name: long(65) } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'name' },
  { route: 'POST /api/v1/hosts', what: 'malformed MAC', request: () => ({ method: 'POST', url: '/api/v1/hosts', payload: { name: 'bad-host', mac: 'not-a-mac' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'mac' },
  { route: 'POST /api/v1/hosts', what: '65-character Host Group', request: () => ({ method: 'POST', url: '/api/v1/hosts', payload: { name: 'bad-host', hostGroup: long(65) } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'hostGroup' },
  update('no fields', {}, undefined),
  update('RAM cap -1', { ramCapMb: -1 }, 'ramCapMb'),
  update('log level "chatty"', { logLevel: 'chatty' }, 'logLevel'),
  update('relative backup directory', { backupDirectory: 'backups' }, 'backupDirectory'),
  update('RDP command with a newline', { rdpCommand: 'xfreerdp\nrm -rf /' }, 'rdpCommand'),
  update('huge comment', { comment: long(100_000) }, 'comment'),
  update('kiosk and headless together', { kiosk: true, headless: true }, 'kiosk'),
  update('online (the agent reports it)', { online: true }, 'online'),
  {
    route: 'POST /api/v1/hosts/:id/host-group', what: 'unknown Host Group',
    request: async (f) => ({ method: 'POST', url: `/api/v1/hosts/${(await f.host('admin')).id}/host-group`, payload: { hostGroup: 'no-such-group' } }), status: 404, code: 'INF_ERR_NOT_FOUND', field: 'hostGroup',
  },
];
