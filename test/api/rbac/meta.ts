import { statuses, type RbacCase } from './fixtures.js';

/** The server page, health, OS types and the OpenAPI document. */
export const metaCases: RbacCase[] = [
  { route: 'GET /', access: 'public', what: 'the server page', request: () => ({ method: 'GET', url: '/' }), expect: statuses(200, 200, 200, 200) },
  { route: 'GET /api/v1/health', access: 'public', what: 'health', request: () => ({ method: 'GET', url: '/api/v1/health' }), expect: statuses(200, 200, 200, 200) },
  {
    route: 'GET /api/v1/first-login', access: 'public', what: 'whether the first login still works',
    request: () => ({ method: 'GET', url: '/api/v1/first-login' }), expect: statuses(200, 200, 200, 200),
  },
  { route: 'GET /api/openapi.json', access: 'public', what: 'the OpenAPI document', request: () => ({ method: 'GET', url: '/api/openapi.json' }), expect: statuses(200, 200, 200, 200) },
  { route: 'GET /api/v1/tls', access: 'public', what: "the server's certificate fingerprint", request: () => ({ method: 'GET', url: '/api/v1/tls' }), expect: statuses(200, 200, 200, 200) },
  { route: 'GET /api/v1/tls', access: 'public', what: "the server's certificate fingerprint", request: () => ({ method: 'GET', url: '/api/v1/tls' }), expect: statuses(200, 200, 200, 200) },
  { route: 'GET /api/v1/os-types', access: 'user', what: 'vendors and OS types', request: () => ({ method: 'GET', url: '/api/v1/os-types' }), expect: statuses(200, 200, 200, 401) },
];
