import { long, nics, type BadCase, type RouteInput } from './types.js';

export const inputs: RouteInput[] = [
  { route: 'POST /api/v1/vms', body: (f) => ({ name: f.name('new-vm') }) },
  { route: 'GET /api/v1/vms/:id', params: async (f) => ({ id: await f.vm('admin') }) },
  { route: 'PATCH /api/v1/vms/:id', params: async (f) => ({ id: await f.vm('admin') }), body: () => ({ comment: 'changed' }) },
  { route: 'DELETE /api/v1/vms/:id', params: async (f) => ({ id: await f.vm('admin') }) },
  { route: 'POST /api/v1/vms/:id/template', params: async (f) => ({ id: await f.vm('admin') }) },
  { route: 'GET /api/v1/vms/:id/users', params: async (f) => ({ id: await f.vm('admin') }) },
  { route: 'GET /api/v1/vms/:id/teleports', params: async (f) => ({ id: await f.vm('admin') }) },
  { route: 'POST /api/v1/vms/:id/power', params: async (f) => ({ id: await f.vm('admin') }), body: () => ({ action: 'start' }) },
];

const create = (what: string, payload: Record<string, unknown>, field: string | undefined, status = 400, code = 'INF_ERR_VALIDATION'): BadCase => ({
  // A fresh name each time, so one wrongly accepted request cannot make the next fail for its name.
  route: 'POST /api/v1/vms', what, request: (f) => ({ method: 'POST', url: '/api/v1/vms', payload: { name: f.name('bad-vm'), ...payload } }), status, code, ...(field === undefined ? {} : { field }),
});
const update = (what: string, payload: Record<string, unknown>, field: string | undefined, status = 400, code = 'INF_ERR_VALIDATION'): BadCase => ({
  route: 'PATCH /api/v1/vms/:id', what, request: async (f) => ({ method: 'PATCH', url: `/api/v1/vms/${await f.vm('regular')}`, payload }), status, code, caller: 'regular', ...(field === undefined ? {} : { field }),
});

export const cases: BadCase[] = [
  create('9 NICs', { nics: nics(9) }, 'nics'),
  create('virtual network 51', { nics: [{ type: 'virtio', attachment: 'virtual', network: 51 }] }, 'nics/0/network'),
  create('virtual network 0', { nics: [{ type: 'virtio', attachment: 'virtual', network: 0 }] }, 'nics/0/network'),
  create('virtual NIC without a network', { nics: [{ type: 'virtio', attachment: 'virtual' }] }, 'nics/0/network'),
  create('NAT NIC with a network', { nics: [{ type: 'virtio', attachment: 'nat', network: 3 }] }, 'nics/0/network'),
  create('unknown NIC type', { nics: [{ type: 'e1000e', attachment: 'nat' }] }, 'nics/0/type'),
  create('unknown NIC field', { nics: [{ type: 'virtio', attachment: 'nat', speed: 10 }] }, 'nics/0/speed'),
  create('malformed MAC', { nics: [{ type: 'virtio', attachment: 'nat', mac: '08:00:27:zz:00:01' }] }, 'nics/0/mac'),
  create('RAM 0', { ramMb: 0 }, 'ramMb'),
  create('RAM as a string', { ramMb: '512' }, 'ramMb'),
  create('RAM 1.5', { ramMb: 1.5 }, 'ramMb'),
  create('copies 0', { copies: 0 }, 'copies'),
  create('copies 101', { copies: 101 }, 'copies'),
  create('65 CPUs', { advanced: { cpuCount: 65 } }, 'advanced/cpuCount'),
  create('unknown advanced setting', { advanced: { turbo: true } }, 'advanced/turbo'),
  create('CDROM "yes"', { cdrom: 'yes' }, 'cdrom'),
  create('audio "loud"', { audio: 'loud' }, 'audio'),
  create('65-character name', { name: long(65) }, 'name'),
  create('empty name', { name: '' }, 'name'),
  create('name with a backslash', { name: 'a\\b' }, 'name'),
  create('huge comment (4097 characters)', { comment: long(4097) }, 'comment'),
  create('body over 1 MiB', { comment: long(1_100_000) }, undefined, 413, 'INF_ERR_PAYLOAD_TOO_LARGE'),
  create('unknown vendor', { vendor: 'Acme' }, 'vendor'),
  create('OS type of another vendor', { vendor: 'Linux', osType: 'Windows 7 (64 bit)' }, 'osType'),
  create('Page Fusion on a 32 bit OS', { vendor: 'Linux', osType: 'Debian (32 bit)', fusion: true }, 'fusion'),
  create('unknown template', { template: 'no-such-template' }, 'template', 404, 'INF_ERR_NOT_FOUND'),
  create('unknown Host Group', { hostGroup: 'no-such-group' }, 'hostGroup', 404, 'INF_ERR_NOT_FOUND'),
  {
    route: 'POST /api/v1/vms', what: 'a VM (not a template) as template',
    request: async (f) => ({ method: 'POST', url: '/api/v1/vms', payload: { name: 'bad-vm', template: await f.vm('admin') } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'template',
  },
  {
    route: 'POST /api/v1/vms', what: 'the name of an existing VM', caller: 'regular',
    request: async (f) => {
      const id = await f.vm('admin');
      const vm = (await f.t.as(f.token('admin'), { method: 'GET', url: `/api/v1/vms/${id}` })).json() as { name: string };
      return { method: 'POST', url: '/api/v1/vms', payload: { name: vm.name } };
    },
    status: 409, code: 'INF_ERR_NAME_TAKEN', field: 'name',
  },
  update('no fields', {}, undefined),
  update('9 NICs', { nics: nics(9) }, 'nics'),
  update('virtual network 51', { nics: [{ type: 'virtio', attachment: 'virtual', network: 51 }] }, 'nics/0/network'),
  update('RAM 0', { ramMb: 0 }, 'ramMb'),
  update('65 CPUs', { advanced: { cpuCount: 65 } }, 'advanced/cpuCount'),
  update('execution cap 0', { advanced: { executionCap: 0 } }, 'advanced/executionCap'),
  update('65-character name', { name: long(65) }, 'name'),
  update('huge comment', { comment: long(100_000) }, 'comment'),
  update('isTemplate false (a template stays a template)', { isTemplate: false }, 'isTemplate'),
  update('state RUNNING (the agent reports state)', { state: 'RUNNING' }, 'state'),
  update("a Host Group rita cannot see", { hostGroup: 'no-such-group' }, 'hostGroup', 404, 'INF_ERR_NOT_FOUND'),
  update('Page Fusion on a 32 bit OS', { vendor: 'Linux', osType: 'Debian (32 bit)', fusion: true }, 'fusion'),
  {
    route: 'POST /api/v1/vms/:id/power', what: 'action "explode"',
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vm('admin')}/power`, payload: { action: 'explode' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'action',
  },
  {
    route: 'GET /api/v1/vms/:id', what: 'bad percent-encoding in the id',
    request: () => ({ method: 'GET', url: '/api/v1/vms/%E0%A4%A' }), status: 400, code: 'INF_ERR_VALIDATION',
  },
  {
    route: 'GET /api/v1/vms/:id', what: 'a 300-character id (longer than the router takes)',
    request: () => ({ method: 'GET', url: `/api/v1/vms/${long(300)}` }), status: 400, code: 'INF_ERR_VALIDATION',
  },
  {
    route: 'GET /api/v1/vms/:id', what: 'a 128-character id is looked up, not refused by the router',
    request: () => ({ method: 'GET', url: `/api/v1/vms/${long(128)}` }), status: 404, code: 'INF_ERR_NOT_FOUND',
  },
  {
    route: 'GET /api/v1/vms', what: 'template=maybe',
    request: () => ({ method: 'GET', url: '/api/v1/vms?template=maybe' }), status: 400, code: 'INF_ERR_VALIDATION', field: 'template',
  },
  {
    route: 'GET /api/v1/vms', what: 'unknown query parameter',
    request: () => ({ method: 'GET', url: '/api/v1/vms?colour=red' }), status: 400, code: 'INF_ERR_VALIDATION', field: 'colour',
  },
  {
    route: 'GET /api/v1/vms', what: 'unknown Host Group filter',
    request: () => ({ method: 'GET', url: '/api/v1/vms?hostGroup=no-such-group' }), status: 404, code: 'INF_ERR_NOT_FOUND', field: 'hostGroup',
  },
];
