import { ADMIN_PASSWORD, USER_PASSWORD } from '../../helpers/app.js';
import { long, type BadCase, type RouteInput } from './types.js';

export const inputs: RouteInput[] = [
  { route: 'POST /api/v1/login', caller: 'anonymous', body: () => ({ user: 'rita', password: USER_PASSWORD }) },
  { route: 'POST /api/v1/logout' },
  { route: 'POST /api/v1/me/password', body: () => ({ old: ADMIN_PASSWORD, new: 'another-password-1' }) },
  { route: 'POST /api/v1/users', body: (f) => ({ name: f.name('new-user'), password: 'password-123', role: 'regular' }) },
  { route: 'GET /api/v1/users/:id', params: (f) => ({ id: f.userId('regular') }) },
  { route: 'PATCH /api/v1/users/:id', params: (f) => ({ id: f.userId('regular') }), body: () => ({ role: 'regular' }) },
  { route: 'DELETE /api/v1/users/:id', params: async (f) => ({ id: (await f.user('regular')).id }) },
  { route: 'PUT /api/v1/users/:id/password', params: (f) => ({ id: f.userId('regular') }), body: () => ({ password: 'password-456' }) },
  { route: 'GET /api/v1/users/:id/grants', params: (f) => ({ id: f.userId('regular') }) },
  { route: 'POST /api/v1/users/:id/grants', params: (f) => ({ id: f.userId('restricted') }), body: async (f) => ({ objectType: 'vm', objectId: await f.vm('admin') }) },
  {
    route: 'DELETE /api/v1/users/:id/grants/:objectType/:objectId', notIds: ['objectType'],
    params: async (f) => ({ id: f.userId('restricted'), objectType: 'vm', objectId: await f.vm('admin', { grantToRestricted: true }) }),
  },
];

export const cases: BadCase[] = [
  {
    route: 'GET /api/v1/events', what: 'a Last-Event-ID that is no event id',
    request: () => ({ method: 'GET', url: '/api/v1/events', headers: { 'last-event-id': 'yesterday' } }),
    status: 400, code: 'INF_ERR_VALIDATION', field: 'Last-Event-ID',
  },
  { route: 'POST /api/v1/login', what: '65-character user name', caller: 'anonymous', request: () => ({ method: 'POST', url: '/api/v1/login', payload: { user: long(65), password: 'x' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'user' },
  { route: 'POST /api/v1/login', what: 'empty password', caller: 'anonymous', request: () => ({ method: 'POST', url: '/api/v1/login', payload: { user: 'rita', password: '' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'password' },
  { route: 'POST /api/v1/login', what: 'unknown user', caller: 'anonymous', request: () => ({ method: 'POST', url: '/api/v1/login', payload: { user: 'nobody', password: 'whatever-1' } }), status: 401, code: 'INF_ERR_AUTH_INVALID' },
  { route: 'POST /api/v1/me/password', what: 'new password too short', request: () => ({ method: 'POST', url: '/api/v1/me/password', payload: { old: ADMIN_PASSWORD, new: 'abc' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'new' },
  { route: 'POST /api/v1/me/password', what: 'wrong old password', request: () => ({ method: 'POST', url: '/api/v1/me/password', payload: { old: 'not-it-at-all', new: 'another-password-1' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'old' },
  { route: 'POST /api/v1/me/password', what: 'new equals old', request: () => ({ method: 'POST', url: '/api/v1/me/password', payload: { old: ADMIN_PASSWORD, new: ADMIN_PASSWORD } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'new' },
  { route: 'POST /api/v1/users', what: 'role "root"', request: () => ({ method: 'POST', url: '/api/v1/users', payload: { name: 'newbie', password: 'password-123', role: 'root' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'role' },
  { route: 'POST /api/v1/users', what: 'name with a slash', request: () => ({ method: 'POST', url: '/api/v1/users', payload: { name: 'a/b', password: 'password-123', role: 'regular' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'name' },
  { route: 'POST /api/v1/users', what: 'name with a tab inside', request: () => ({ method: 'POST', url: '/api/v1/users', payload: { name: 'rita\tthe-second', password: 'password-123', role: 'regular' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'name' },
  { route: 'POST /api/v1/users', what: 'name with a newline inside', request: () => ({ method: 'POST', url: '/api/v1/users', payload: { name: 'rita\nrob', password: 'password-123', role: 'regular' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'name' },
  { route: 'POST /api/v1/users', what: 'name with leading space', request: () => ({ method: 'POST', url: '/api/v1/users', payload: { name: ' rita2', password: 'password-123', role: 'regular' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'name' },
  { route: 'POST /api/v1/users', what: 'an existing name, in other case', request: () => ({ method: 'POST', url: '/api/v1/users', payload: { name: 'RITA', password: 'password-123', role: 'regular' } }), status: 409, code: 'INF_ERR_NAME_TAKEN', field: 'name' },
  { route: 'POST /api/v1/users', what: 'password too short', request: () => ({ method: 'POST', url: '/api/v1/users', payload: { name: 'newbie', password: 'abc', role: 'regular' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'password' },
  { route: 'PATCH /api/v1/users/:id', what: 'no fields', request: (f) => ({ method: 'PATCH', url: `/api/v1/users/${f.userId('regular')}`, payload: {} }), status: 400, code: 'INF_ERR_VALIDATION' },
  { route: 'PATCH /api/v1/users/:id', what: "another user's name", request: (f) => ({ method: 'PATCH', url: `/api/v1/users/${f.userId('regular')}`, payload: { name: 'rob' } }), status: 409, code: 'INF_ERR_NAME_TAKEN', field: 'name' },
  { route: 'PUT /api/v1/users/:id/password', what: 'password too long', request: (f) => ({ method: 'PUT', url: `/api/v1/users/${f.userId('regular')}/password`, payload: { password: long(10_000) } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'password' },
  { route: 'POST /api/v1/users/:id/grants', what: 'object type "planet"', request: async (f) => ({ method: 'POST', url: `/api/v1/users/${f.userId('restricted')}/grants`, payload: { objectType: 'planet', objectId: await f.vm('admin') } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'objectType' },
  { route: 'POST /api/v1/users/:id/grants', what: 'unknown VM', request: (f) => ({ method: 'POST', url: `/api/v1/users/${f.userId('restricted')}/grants`, payload: { objectType: 'vm', objectId: 'no-such-vm' } }), status: 404, code: 'INF_ERR_NOT_FOUND' },
  { route: 'POST /api/v1/users/:id/grants', what: 'a host group id given as a VM', request: async (f) => ({ method: 'POST', url: `/api/v1/users/${f.userId('restricted')}/grants`, payload: { objectType: 'vm', objectId: await f.hostGroup('admin') } }), status: 404, code: 'INF_ERR_NOT_FOUND' },
  { route: 'POST /api/v1/users/:id/grants', what: 'a drive that does not exist', request: (f) => ({ method: 'POST', url: `/api/v1/users/${f.userId('restricted')}/grants`, payload: { objectType: 'drive', objectId: 'no-such-drive' } }), status: 404, code: 'INF_ERR_NOT_FOUND' },
  { route: 'DELETE /api/v1/users/:id/grants/:objectType/:objectId', what: 'object type "planet"', request: (f) => ({ method: 'DELETE', url: `/api/v1/users/${f.userId('restricted')}/grants/planet/x` }), status: 400, code: 'INF_ERR_VALIDATION', field: 'objectType' },
  { route: 'DELETE /api/v1/users/:id/grants/:objectType/:objectId', what: 'a grant the user does not have', request: async (f) => ({ method: 'DELETE', url: `/api/v1/users/${f.userId('restricted')}/grants/vm/${await f.vm('admin')}` }), status: 404, code: 'INF_ERR_NOT_FOUND' },
];
