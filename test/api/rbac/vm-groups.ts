import { statuses, type RbacCase } from './fixtures.js';

const FORBIDDEN = [403, 'INF_ERR_FORBIDDEN'] as const;
const NOT_FOUND = [404, 'INF_ERR_NOT_FOUND'] as const;

/** VM Groups: created by administrators and regular users; members are VMs the caller can see. */
export const vmGroupCases: RbacCase[] = [
  { route: 'GET /api/v1/vm-groups', access: 'user', what: 'list', request: () => ({ method: 'GET', url: '/api/v1/vm-groups' }), expect: statuses(200, 200, 200, 401) },
  {
    route: 'POST /api/v1/vm-groups', access: 'creator', what: 'create with your own VM',
    request: async (f, caller) => ({ method: 'POST', url: '/api/v1/vm-groups', payload: { name: f.name('new-vmg'), vms: caller === 'admin' ? [await f.vm('admin')] : [await f.vm('regular')] } }),
    expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vm-groups', access: 'creator', what: "create with admin's VM",
    request: async (f) => ({ method: 'POST', url: '/api/v1/vm-groups', payload: { name: f.name('new-vmg'), vms: [await f.vm('admin')] } }),
    expect: statuses(201, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'GET /api/v1/vm-groups/:id', access: 'user', what: "rita's group",
    request: async (f) => ({ method: 'GET', url: `/api/v1/vm-groups/${await f.vmGroup('regular')}` }),
    expect: statuses(200, 200, NOT_FOUND, 401),
  },
  {
    route: 'GET /api/v1/vm-groups/:id', access: 'user', what: "admin's group",
    request: async (f) => ({ method: 'GET', url: `/api/v1/vm-groups/${await f.vmGroup('admin')}` }),
    expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
  },
  {
    route: 'GET /api/v1/vm-groups/:id', access: 'user', what: "rita's group assigned to rob",
    request: async (f) => ({ method: 'GET', url: `/api/v1/vm-groups/${await f.vmGroup('regular', { grantToRestricted: true })}` }),
    expect: statuses(200, 200, 200, 401),
  },
  {
    route: 'PATCH /api/v1/vm-groups/:id', access: 'creator', what: "rita's group",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/vm-groups/${await f.vmGroup('regular', { grantToRestricted: true })}`, payload: { comment: 'changed' } }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'PATCH /api/v1/vm-groups/:id', access: 'creator', what: "admin's group",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/vm-groups/${await f.vmGroup('admin')}`, payload: { comment: 'changed' } }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/vm-groups/:id', access: 'creator', what: "rita's group",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/vm-groups/${await f.vmGroup('regular')}` }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/vm-groups/:id', access: 'creator', what: "admin's group",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/vm-groups/${await f.vmGroup('admin')}` }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vm-groups/:id/vms', access: 'creator', what: "rita's VM into rita's group",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vm-groups/${await f.vmGroup('regular')}/vms`, payload: { vms: [await f.vm('regular')] } }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vm-groups/:id/vms', access: 'creator', what: "admin's VM into rita's group",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vm-groups/${await f.vmGroup('regular')}/vms`, payload: { vms: [await f.vm('admin')] } }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/vm-groups/:id/vms/:vm', access: 'creator', what: "rita's VM out of rita's group",
    request: async (f) => {
      const vm = await f.vm('regular');
      return { method: 'DELETE', url: `/api/v1/vm-groups/${await f.vmGroup('regular', { vms: [vm] })}/vms/${vm}` };
    },
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/vm-groups/:id/vms/:vm', access: 'creator', what: "admin's VM out of admin's group",
    request: async (f) => {
      const vm = await f.vm('admin');
      return { method: 'DELETE', url: `/api/v1/vm-groups/${await f.vmGroup('admin', { vms: [vm] })}/vms/${vm}` };
    },
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vm-groups/:id/apply', access: 'creator', what: "rita's group onto rita's Host Group",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vm-groups/${await f.vmGroup('regular', { vms: [await f.vm('regular')] })}/apply`, payload: { hostGroup: await f.hostGroup('regular') } }),
    expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vm-groups/:id/apply', access: 'creator', what: "admin's group onto admin's Host Group",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vm-groups/${await f.vmGroup('admin', { vms: [await f.vm('admin')] })}/apply`, payload: { hostGroup: await f.hostGroup('admin') } }),
    expect: statuses(201, NOT_FOUND, FORBIDDEN, 401),
  },
];
