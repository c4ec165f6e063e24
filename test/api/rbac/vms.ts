import { statuses, type RbacCase } from './fixtures.js';

const FORBIDDEN = [403, 'INF_ERR_FORBIDDEN'] as const;
const NOT_FOUND = [404, 'INF_ERR_NOT_FOUND'] as const;
const NOT_YET = [501, 'INF_ERR_NOT_AVAILABLE_YET'] as const;

/**
 * VMs and templates. Regular users see what they created or were granted (others' VMs are
 * 404, so ids are not confirmed); restricted users use what is assigned and change nothing.
 */
export const vmCases: RbacCase[] = [
  { route: 'GET /api/v1/vms', access: 'user', what: 'list', request: () => ({ method: 'GET', url: '/api/v1/vms' }), expect: statuses(200, 200, 200, 401) },
  {
    route: 'POST /api/v1/vms', access: 'creator', what: 'create',
    request: (f) => ({ method: 'POST', url: '/api/v1/vms', payload: { name: f.name('new-vm') } }),
    expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vms', access: 'creator', what: "from admin's template (rita has no access to it)",
    request: async (f) => ({ method: 'POST', url: '/api/v1/vms', payload: { name: f.name('new-vm'), template: await f.template('admin') } }),
    expect: statuses(201, NOT_FOUND, FORBIDDEN, 401),
  },
  ...(['', '/users', '/teleports'] as const).flatMap((tail): RbacCase[] => [
    {
      route: `GET /api/v1/vms/:id${tail}`, access: 'user', what: "rita's VM",
      request: async (f) => ({ method: 'GET', url: `/api/v1/vms/${await f.vm('regular')}${tail}` }),
      expect: statuses(200, 200, NOT_FOUND, 401),
    },
    {
      route: `GET /api/v1/vms/:id${tail}`, access: 'user', what: "admin's VM",
      request: async (f) => ({ method: 'GET', url: `/api/v1/vms/${await f.vm('admin')}${tail}` }),
      expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
    },
    {
      route: `GET /api/v1/vms/:id${tail}`, access: 'user', what: "rita's VM assigned to rob",
      request: async (f) => ({ method: 'GET', url: `/api/v1/vms/${await f.vm('regular', { grantToRestricted: true })}${tail}` }),
      expect: statuses(200, 200, 200, 401),
    },
  ]),
  {
    route: 'PATCH /api/v1/vms/:id', access: 'user', what: "rita's VM",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/vms/${await f.vm('regular')}`, payload: { comment: 'changed' } }),
    expect: statuses(200, 200, NOT_FOUND, 401),
  },
  {
    route: 'PATCH /api/v1/vms/:id', access: 'user', what: "admin's VM",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/vms/${await f.vm('admin')}`, payload: { comment: 'changed' } }),
    expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
  },
  {
    route: 'PATCH /api/v1/vms/:id', access: 'user', what: "rita's VM assigned to rob (he may use it, not change it)",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/vms/${await f.vm('regular', { grantToRestricted: true })}`, payload: { comment: 'changed' } }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/vms/:id', access: 'creator', what: "rita's VM",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/vms/${await f.vm('regular')}` }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/vms/:id', access: 'creator', what: "admin's VM",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/vms/${await f.vm('admin')}` }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/vms/:id', access: 'creator', what: "rita's template",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/vms/${await f.template('regular')}` }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/template', access: 'creator', what: "rita's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vm('regular')}/template` }),
    expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/template', access: 'creator', what: "admin's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vm('admin')}/template` }),
    expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/power', access: 'user', what: "start rita's VM (no agents yet: 501 for whoever may use it)",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vm('regular')}/power`, payload: { action: 'start' } }),
    expect: statuses(NOT_YET, NOT_YET, NOT_FOUND, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/power', access: 'user', what: "start rita's VM assigned to rob",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vm('regular', { grantToRestricted: true })}/power`, payload: { action: 'start' } }),
    expect: statuses(NOT_YET, NOT_YET, NOT_YET, 401),
  },
];
