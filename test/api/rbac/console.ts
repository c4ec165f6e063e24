import { statuses, type RbacCase } from './fixtures.js';

/**
 * The Admin Console's files (public: the data they show comes from the guarded API) and
 * the live-update stream. The stream never ends, so its cases take the response as a
 * stream: inject then resolves once the status and headers are written, and closing the
 * app ends the stream.
 */
export const consoleCases: RbacCase[] = [
  { route: 'GET /console', access: 'public', what: 'redirects to /console/', request: () => ({ method: 'GET', url: '/console' }), expect: statuses(302, 302, 302, 302) },
  { route: 'GET /console/', access: 'public', what: 'the console page (needs `make build`)', request: () => ({ method: 'GET', url: '/console/' }), expect: statuses(200, 200, 200, 200) },
  { route: 'GET /console/*', access: 'public', what: 'a deep link answers with the console page', request: () => ({ method: 'GET', url: '/console/home' }), expect: statuses(200, 200, 200, 200) },
  {
    route: 'GET /api/v1/events', access: 'user', what: 'the live-update stream',
    request: (_f, caller) => ({ method: 'GET', url: '/api/v1/events', ...(caller === 'anonymous' ? {} : { payloadAsStream: true }) }),
    expect: statuses(200, 200, 200, 401),
  },
];
