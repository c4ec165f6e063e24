import { long, type BadCase, type RouteInput } from './types.js';

const MAIL = { host: 'smtp.example.org', from: 'infinity@example.org', recipients: ['ops@example.org'] };

export const inputs: RouteInput[] = [
  { route: 'POST /api/v1/vm-groups', body: async (f) => ({ name: f.name('new-vmg'), vms: [await f.vm('admin')] }) },
  { route: 'GET /api/v1/vm-groups/:id', params: async (f) => ({ id: await f.vmGroup('admin') }) },
  { route: 'PATCH /api/v1/vm-groups/:id', params: async (f) => ({ id: await f.vmGroup('admin') }), body: () => ({ comment: 'changed' }) },
  { route: 'DELETE /api/v1/vm-groups/:id', params: async (f) => ({ id: await f.vmGroup('admin') }) },
  { route: 'POST /api/v1/vm-groups/:id/vms', params: async (f) => ({ id: await f.vmGroup('admin') }), body: async (f) => ({ vms: [await f.vm('admin')] }) },
  {
    route: 'DELETE /api/v1/vm-groups/:id/vms/:vm',
    params: async (f) => {
      const vm = await f.vm('admin');
      return { id: await f.vmGroup('admin', { vms: [vm] }), vm };
    },
  },
  { route: 'POST /api/v1/vm-groups/:id/apply', params: async (f) => ({ id: await f.vmGroup('admin', { vms: [await f.vm('admin')] }) }), body: async (f) => ({ hostGroup: await f.hostGroup('admin') }) },
  { route: 'GET /api/v1/servers/:id', params: async (f) => ({ id: await f.localServer() }) },
  { route: 'GET /api/v1/servers/:id/logs', params: async (f) => ({ id: await f.localServer() }) },
  { route: 'PUT /api/v1/settings/mail', body: () => ({ ...MAIL }) },
  { route: 'DELETE /api/v1/settings/mail' },
  { route: 'PUT /api/v1/settings/ntp', body: () => ({ servers: ['ntp.example.org'] }) },
];

export const cases: BadCase[] = [
  { route: 'POST /api/v1/vm-groups', what: '65-character name', request: () => ({ method: 'POST', url: '/api/v1/vm-groups', payload: { name: long(65) } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'name' },
  { route: 'POST /api/v1/vm-groups', what: 'huge comment', request: () => ({ method: 'POST', url: '/api/v1/vm-groups', payload: { name: 'bad-vmg', comment: long(4097) } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'comment' },
  { route: 'POST /api/v1/vm-groups', what: 'an unknown member', request: () => ({ method: 'POST', url: '/api/v1/vm-groups', payload: { name: 'bad-vmg', vms: ['no-such-vm'] } }), status: 404, code: 'INF_ERR_NOT_FOUND' },
  { route: 'POST /api/v1/vm-groups', what: 'a member that is not a string', request: () => ({ method: 'POST', url: '/api/v1/vm-groups', payload: { name: 'bad-vmg', vms: [42] } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'vms/0' },
  {
    route: 'POST /api/v1/vm-groups/:id/vms', what: 'an empty list',
    request: async (f) => ({ method: 'POST', url: `/api/v1/vm-groups/${await f.vmGroup('admin')}/vms`, payload: { vms: [] } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'vms',
  },
  {
    route: 'POST /api/v1/vm-groups/:id/vms', what: 'an unknown VM',
    request: async (f) => ({ method: 'POST', url: `/api/v1/vm-groups/${await f.vmGroup('admin')}/vms`, payload: { vms: ['no-such-vm'] } }), status: 404, code: 'INF_ERR_NOT_FOUND',
  },
  {
    route: 'POST /api/v1/vm-groups/:id/apply', what: 'an unknown Host Group',
    request: async (f) => ({ method: 'POST', url: `/api/v1/vm-groups/${await f.vmGroup('admin', { vms: [await f.vm('admin')] })}/apply`, payload: { hostGroup: 'no-such-group' } }), status: 404, code: 'INF_ERR_NOT_FOUND',
  },
  {
    route: 'GET /api/v1/servers/:id/logs', what: 'limit 0',
    request: async (f) => ({ method: 'GET', url: `/api/v1/servers/${await f.localServer()}/logs?limit=0` }), status: 400, code: 'INF_ERR_VALIDATION', field: 'limit',
  },
  {
    route: 'GET /api/v1/servers/:id/logs', what: 'limit "ten"',
    request: async (f) => ({ method: 'GET', url: `/api/v1/servers/${await f.localServer()}/logs?limit=ten` }), status: 400, code: 'INF_ERR_VALIDATION', field: 'limit',
  },
  {
    route: 'GET /api/v1/servers/:id/logs', what: 'level "loud"',
    request: async (f) => ({ method: 'GET', url: `/api/v1/servers/${await f.localServer()}/logs?level=loud` }), status: 400, code: 'INF_ERR_VALIDATION', field: 'level',
  },
  {
    route: 'GET /api/v1/servers/:id/logs', what: 'an unknown query parameter',
    request: async (f) => ({ method: 'GET', url: `/api/v1/servers/${await f.localServer()}/logs?since=yesterday` }), status: 400, code: 'INF_ERR_VALIDATION', field: 'since',
  },
  { route: 'PUT /api/v1/settings/mail', what: 'port 0', request: () => ({ method: 'PUT', url: '/api/v1/settings/mail', payload: { ...MAIL, port: 0 } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'port' },
  { route: 'PUT /api/v1/settings/mail', what: 'port 65536', request: () => ({ method: 'PUT', url: '/api/v1/settings/mail', payload: { ...MAIL, port: 65536 } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'port' },
  { route: 'PUT /api/v1/settings/mail', what: 'no recipients', request: () => ({ method: 'PUT', url: '/api/v1/settings/mail', payload: { ...MAIL, recipients: [] } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'recipients' },
  { route: 'PUT /api/v1/settings/mail', what: 'a user with a newline', request: () => ({ method: 'PUT', url: '/api/v1/settings/mail', payload: { ...MAIL, user: 'ops\nBCC: x' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'user' },
  { route: 'PUT /api/v1/settings/ntp', what: 'no servers', request: () => ({ method: 'PUT', url: '/api/v1/settings/ntp', payload: { servers: [] } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'servers' },
  { route: 'PUT /api/v1/settings/ntp', what: '17 servers', request: () => ({ method: 'PUT', url: '/api/v1/settings/ntp', payload: { servers: Array.from({ length: 17 }, (_, i) => `ntp${i}.example.org`) } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'servers' },
  { route: 'PUT /api/v1/settings/ntp', what: 'a 254-character host', request: () => ({ method: 'PUT', url: '/api/v1/settings/ntp', payload: { servers: [long(254)] } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'servers/0' },
];
