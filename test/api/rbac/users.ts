import { statuses, type RbacCase } from './fixtures.js';

/** Accounts and grants: only administrators create users or change roles (manual, "User Accounts"). */
export const userCases: RbacCase[] = [
  { route: 'GET /api/v1/users', access: 'user', what: 'list', request: () => ({ method: 'GET', url: '/api/v1/users' }), expect: statuses(200, 200, 200, 401) },
  {
    route: 'POST /api/v1/users', access: 'admin', what: 'a new regular user',
    request: (f) => ({ method: 'POST', url: '/api/v1/users', payload: { name: f.name('new-user'), password: 'password-123', role: 'regular' } }),
    expect: statuses(201, [403, 'INF_ERR_FORBIDDEN'], [403, 'INF_ERR_FORBIDDEN'], 401),
  },
  {
    route: 'GET /api/v1/users/:id', access: 'user', what: "rita's account (restricted users see only themselves)",
    request: (f) => ({ method: 'GET', url: `/api/v1/users/${f.userId('regular')}` }),
    expect: statuses(200, 200, 404, 401),
  },
  {
    route: 'GET /api/v1/users/:id', access: 'user', what: "rob's account (everyone sees it, rob too)",
    request: (f) => ({ method: 'GET', url: `/api/v1/users/${f.userId('restricted')}` }),
    expect: statuses(200, 200, 200, 401),
  },
  {
    route: 'PATCH /api/v1/users/:id', access: 'admin', what: "change another user's role",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/users/${(await f.user('regular')).id}`, payload: { role: 'restricted' } }),
    expect: statuses(200, [403, 'INF_ERR_FORBIDDEN'], [403, 'INF_ERR_FORBIDDEN'], 401),
  },
  {
    route: 'PATCH /api/v1/users/:id', access: 'admin', what: 'promote yourself',
    request: (f, caller) => ({ method: 'PATCH', url: `/api/v1/users/${caller === 'restricted' ? f.userId('restricted') : f.userId('regular')}`, payload: { role: caller === 'admin' ? 'regular' : 'admin' } }),
    // The admin call sets rita's role to regular, which it already is, so the shared callers keep their roles.
    expect: statuses(200, [403, 'INF_ERR_FORBIDDEN'], [403, 'INF_ERR_FORBIDDEN'], 401),
  },
  {
    route: 'DELETE /api/v1/users/:id', access: 'admin', what: 'another user',
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/users/${(await f.user('regular')).id}` }),
    expect: statuses(200, [403, 'INF_ERR_FORBIDDEN'], [403, 'INF_ERR_FORBIDDEN'], 401),
  },
  {
    route: 'PUT /api/v1/users/:id/password', access: 'admin', what: "another user's password",
    request: async (f) => ({ method: 'PUT', url: `/api/v1/users/${(await f.user('regular')).id}/password`, payload: { password: 'password-456' } }),
    expect: statuses(200, [403, 'INF_ERR_FORBIDDEN'], [403, 'INF_ERR_FORBIDDEN'], 401),
  },
  {
    route: 'GET /api/v1/users/:id/grants', access: 'user', what: "rita's grants (only she and administrators see them)",
    request: (f) => ({ method: 'GET', url: `/api/v1/users/${f.userId('regular')}/grants` }),
    expect: statuses(200, 200, 404, 401),
  },
  {
    route: 'GET /api/v1/users/:id/grants', access: 'user', what: "rob's grants",
    request: (f) => ({ method: 'GET', url: `/api/v1/users/${f.userId('restricted')}/grants` }),
    expect: statuses(200, 404, 200, 401),
  },
  {
    route: 'POST /api/v1/users/:id/grants', access: 'creator', what: "share rita's VM with rob",
    request: async (f) => ({ method: 'POST', url: `/api/v1/users/${f.userId('restricted')}/grants`, payload: { objectType: 'vm', objectId: await f.vm('regular') } }),
    expect: statuses(201, 201, [403, 'INF_ERR_FORBIDDEN'], 401),
  },
  {
    route: 'POST /api/v1/users/:id/grants', access: 'creator', what: "share admin's VM with rob (rita cannot see it)",
    request: async (f) => ({ method: 'POST', url: `/api/v1/users/${f.userId('restricted')}/grants`, payload: { objectType: 'vm', objectId: await f.vm('admin') } }),
    expect: statuses(201, 404, [403, 'INF_ERR_FORBIDDEN'], 401),
  },
  {
    route: 'POST /api/v1/users/:id/grants', access: 'creator', what: "share rita's Host Group with rob",
    request: async (f) => ({ method: 'POST', url: `/api/v1/users/${f.userId('restricted')}/grants`, payload: { objectType: 'host_group', objectId: await f.hostGroup('regular') } }),
    expect: statuses(201, 201, [403, 'INF_ERR_FORBIDDEN'], 401),
  },
  {
    route: 'DELETE /api/v1/users/:id/grants/:objectType/:objectId', access: 'creator', what: "unshare rita's VM from rob",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/users/${f.userId('restricted')}/grants/vm/${await f.vm('regular', { grantToRestricted: true })}` }),
    expect: statuses(200, 200, [403, 'INF_ERR_FORBIDDEN'], 401),
  },
  {
    route: 'DELETE /api/v1/users/:id/grants/:objectType/:objectId', access: 'creator', what: "unshare admin's VM from rob",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/users/${f.userId('restricted')}/grants/vm/${await f.vm('admin', { grantToRestricted: true })}` }),
    expect: statuses(200, 404, [403, 'INF_ERR_FORBIDDEN'], 401),
  },
];
