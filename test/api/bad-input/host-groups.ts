import { long, type BadCase, type RouteInput } from './types.js';

export const inputs: RouteInput[] = [
  { route: 'POST /api/v1/host-groups', body: (f) => ({ name: f.name('new-hg') }) },
  { route: 'GET /api/v1/host-groups/:id', params: async (f) => ({ id: await f.hostGroup('admin') }) },
  { route: 'PATCH /api/v1/host-groups/:id', params: async (f) => ({ id: await f.hostGroup('admin') }), body: () => ({ type: 'replicated' }) },
  { route: 'DELETE /api/v1/host-groups/:id', params: async (f) => ({ id: await f.hostGroup('admin') }) },
  { route: 'GET /api/v1/host-groups/:id/hosts', params: async (f) => ({ id: await f.hostGroup('admin') }) },
];

const create = (what: string, payload: Record<string, unknown>, field: string | undefined, status = 400, code = 'INF_ERR_VALIDATION'): BadCase => ({
  route: 'POST /api/v1/host-groups', what, request: () => ({ method: 'POST', url: '/api/v1/host-groups', payload }), status, code, ...(field === undefined ? {} : { field }),
});

export const cases: BadCase[] = [
  create('65-character name', { name: long(65) }, 'name'),
  create('type "mesh"', { name: 'bad-hg', type: 'mesh' }, 'type'),
  create('BareMetal without a MAC', { name: 'bad-hg', type: 'baremetal' }, 'mac'),
  create('Distributed with a MAC', { name: 'bad-hg', type: 'distributed', mac: '52:54:00:12:34:56' }, 'mac'),
  create('malformed MAC', { name: 'bad-hg', type: 'baremetal', mac: '52-54-00-12-34-56' }, 'mac'),
  {
    route: 'POST /api/v1/host-groups', what: 'the name of a group you can see',
    request: async (f) => {
      const id = await f.hostGroup('admin');
      const group = (await f.t.as(f.token('admin'), { method: 'GET', url: `/api/v1/host-groups/${id}` })).json() as { name: string };
      return { method: 'POST', url: '/api/v1/host-groups', payload: { name: group.name } };
    },
    status: 409, code: 'INF_ERR_NAME_TAKEN', field: 'name',
  },
  {
    route: 'PATCH /api/v1/host-groups/:id', what: 'no fields',
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/host-groups/${await f.hostGroup('admin')}`, payload: {} }), status: 400, code: 'INF_ERR_VALIDATION',
  },
  {
    route: 'PATCH /api/v1/host-groups/:id', what: 'BareMetal without a MAC',
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/host-groups/${await f.hostGroup('admin')}`, payload: { type: 'baremetal' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'mac',
  },
];
