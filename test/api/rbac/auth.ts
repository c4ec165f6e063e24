import { statuses, type RbacCase } from './fixtures.js';

/** Login, logout, the logged-in user and their own password. */
export const authCases: RbacCase[] = [
  {
    route: 'POST /api/v1/login', access: 'public', what: "with each caller's own credentials (anonymous: rita's)",
    request: (f, caller) => ({ method: 'POST', url: '/api/v1/login', payload: f.credentials(caller === 'anonymous' ? 'regular' : caller) }),
    expect: statuses(200, 200, 200, 200),
  },
  {
    route: 'POST /api/v1/login', access: 'public', what: 'with a wrong password',
    request: (f, caller) => ({ method: 'POST', url: '/api/v1/login', payload: { user: f.credentials(caller === 'anonymous' ? 'regular' : caller).user, password: 'not-the-password' } }),
    expect: statuses([401, 'INF_ERR_AUTH_INVALID'], [401, 'INF_ERR_AUTH_INVALID'], [401, 'INF_ERR_AUTH_INVALID'], [401, 'INF_ERR_AUTH_INVALID']),
  },
  {
    route: 'POST /api/v1/logout', access: 'user', what: 'a session of its own',
    request: async (f, caller) => ({ method: 'POST', url: '/api/v1/logout', headers: (await f.session(caller)).headers }),
    expect: statuses(200, 200, 200, 401),
  },
  { route: 'GET /api/v1/me', access: 'user', what: 'yourself', request: () => ({ method: 'GET', url: '/api/v1/me' }), expect: statuses(200, 200, 200, 401) },
  {
    route: 'POST /api/v1/me/password', access: 'user', what: 'your own password, proving the old one',
    request: async (f, caller) => {
      const session = await f.session(caller);
      return { method: 'POST', url: '/api/v1/me/password', headers: session.headers, payload: { old: session.password, new: 'a-new-password-9' } };
    },
    expect: statuses(200, 200, 200, 401),
  },
];
