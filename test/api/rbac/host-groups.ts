import { statuses, type RbacCase } from './fixtures.js';

const FORBIDDEN = [403, 'INF_ERR_FORBIDDEN'] as const;
const NOT_FOUND = [404, 'INF_ERR_NOT_FOUND'] as const;

/** Host Groups: created by administrators and regular users, usable by whoever they are assigned to. */
export const hostGroupCases: RbacCase[] = [
  { route: 'GET /api/v1/host-groups', access: 'user', what: 'list', request: () => ({ method: 'GET', url: '/api/v1/host-groups' }), expect: statuses(200, 200, 200, 401) },
  {
    route: 'POST /api/v1/host-groups', access: 'creator', what: 'create',
    request: (f) => ({ method: 'POST', url: '/api/v1/host-groups', payload: { name: f.name('new-hg') } }),
    expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'GET /api/v1/host-groups/:id', access: 'user', what: "rita's group",
    request: async (f) => ({ method: 'GET', url: `/api/v1/host-groups/${await f.hostGroup('regular')}` }),
    expect: statuses(200, 200, NOT_FOUND, 401),
  },
  {
    route: 'GET /api/v1/host-groups/:id', access: 'user', what: "admin's group",
    request: async (f) => ({ method: 'GET', url: `/api/v1/host-groups/${await f.hostGroup('admin')}` }),
    expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
  },
  {
    route: 'GET /api/v1/host-groups/:id', access: 'user', what: "admin's group assigned to rob",
    request: async (f) => ({ method: 'GET', url: `/api/v1/host-groups/${await f.hostGroup('admin', { grantToRestricted: true })}` }),
    expect: statuses(200, NOT_FOUND, 200, 401),
  },
  {
    route: 'PATCH /api/v1/host-groups/:id', access: 'user', what: "rita's group",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/host-groups/${await f.hostGroup('regular')}`, payload: { type: 'replicated' } }),
    expect: statuses(200, 200, NOT_FOUND, 401),
  },
  {
    route: 'PATCH /api/v1/host-groups/:id', access: 'user', what: "admin's group",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/host-groups/${await f.hostGroup('admin')}`, payload: { type: 'replicated' } }),
    expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
  },
  {
    route: 'PATCH /api/v1/host-groups/:id', access: 'user', what: "rita's group assigned to rob",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/host-groups/${await f.hostGroup('regular', { grantToRestricted: true })}`, payload: { type: 'replicated' } }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/host-groups/:id', access: 'creator', what: "rita's group",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/host-groups/${await f.hostGroup('regular')}` }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/host-groups/:id', access: 'creator', what: "admin's group",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/host-groups/${await f.hostGroup('admin')}` }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
];
