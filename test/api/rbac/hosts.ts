import { statuses, type RbacCase } from './fixtures.js';

const FORBIDDEN = [403, 'INF_ERR_FORBIDDEN'] as const;
const NOT_FOUND = [404, 'INF_ERR_NOT_FOUND'] as const;

/** Hosts: seen through their Host Group; regular users add Hosts (manual, "Regular User"), restricted users change none. */
export const hostCases: RbacCase[] = [
  { route: 'GET /api/v1/hosts', access: 'user', what: 'list', request: () => ({ method: 'GET', url: '/api/v1/hosts' }), expect: statuses(200, 200, 200, 401) },
  {
    route: 'POST /api/v1/hosts', access: 'creator', what: 'register',
    request: (f) => ({ method: 'POST', url: '/api/v1/hosts', payload: { name: f.name('new-host') } }),
    expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'GET /api/v1/hosts/:id', access: 'user', what: "rita's Host",
    request: async (f) => ({ method: 'GET', url: `/api/v1/hosts/${(await f.host('regular')).id}` }),
    expect: statuses(200, 200, NOT_FOUND, 401),
  },
  {
    route: 'GET /api/v1/hosts/:id', access: 'user', what: "admin's Host",
    request: async (f) => ({ method: 'GET', url: `/api/v1/hosts/${(await f.host('admin')).id}` }),
    expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
  },
  {
    route: 'GET /api/v1/hosts/:id', access: 'user', what: "rita's Host, its group assigned to rob",
    request: async (f) => ({ method: 'GET', url: `/api/v1/hosts/${(await f.host('regular', { grantGroupToRestricted: true })).id}` }),
    expect: statuses(200, 200, 200, 401),
  },
  {
    route: 'PATCH /api/v1/hosts/:id', access: 'creator', what: "rita's Host",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/hosts/${(await f.host('regular')).id}`, payload: { comment: 'changed' } }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'PATCH /api/v1/hosts/:id', access: 'creator', what: "admin's Host",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/hosts/${(await f.host('admin')).id}`, payload: { comment: 'changed' } }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/hosts/:id/host-group', access: 'creator', what: "rita's Host to another of her groups",
    request: async (f) => ({ method: 'POST', url: `/api/v1/hosts/${(await f.host('regular')).id}/host-group`, payload: { hostGroup: await f.hostGroup('regular') } }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/hosts/:id/host-group', access: 'creator', what: "rita's Host to admin's group",
    request: async (f) => ({ method: 'POST', url: `/api/v1/hosts/${(await f.host('regular')).id}/host-group`, payload: { hostGroup: await f.hostGroup('admin') } }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/hosts/:id/host-group', access: 'creator', what: "admin's Host to admin's group",
    request: async (f) => ({ method: 'POST', url: `/api/v1/hosts/${(await f.host('admin')).id}/host-group`, payload: { hostGroup: await f.hostGroup('admin') } }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/hosts/:id', access: 'creator', what: "rita's Host",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/hosts/${(await f.host('regular')).id}` }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/hosts/:id', access: 'creator', what: "admin's Host",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/hosts/${(await f.host('admin')).id}` }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'GET /api/v1/host-groups/:id/hosts', access: 'user', what: "rita's group",
    request: async (f) => ({ method: 'GET', url: `/api/v1/host-groups/${(await f.host('regular')).hostGroupId}/hosts` }),
    expect: statuses(200, 200, NOT_FOUND, 401),
  },
  {
    route: 'GET /api/v1/host-groups/:id/hosts', access: 'user', what: "admin's group",
    request: async (f) => ({ method: 'GET', url: `/api/v1/host-groups/${(await f.host('admin')).hostGroupId}/hosts` }),
    expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
  },
  {
    route: 'GET /api/v1/host-groups/:id/hosts', access: 'user', what: "rita's group assigned to rob",
    request: async (f) => ({ method: 'GET', url: `/api/v1/host-groups/${(await f.host('regular', { grantGroupToRestricted: true })).hostGroupId}/hosts` }),
    expect: statuses(200, 200, 200, 401),
  },
];
