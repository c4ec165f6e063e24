import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../server/access/plugin.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { authCases } from './rbac/auth.js';
import { consoleCases } from './rbac/console.js';
import { CALLERS, Fixtures, type Caller, type Expected, type RbacCase } from './rbac/fixtures.js';
import { hostGroupCases } from './rbac/host-groups.js';
import { hostCases } from './rbac/hosts.js';
import { metaCases } from './rbac/meta.js';
import { userCases } from './rbac/users.js';
import { serverSettingsCases } from './rbac/servers-settings.js';
import { storageCases } from './rbac/storage.js';
import { vmGroupCases } from './rbac/vm-groups.js';
import { vmCases } from './rbac/vms.js';

/**
 * The RBAC matrix (DESIGN.md, "Security model"): every route the app registers, for the
 * built-in admin, a regular user, a restricted user and an anonymous caller. A route
 * without a case fails the coverage test, so a new route cannot slip through.
 */
const written: RbacCase[] = [...metaCases, ...authCases, ...userCases, ...vmCases, ...hostGroupCases, ...hostCases, ...consoleCases, ...vmGroupCases, ...serverSettingsCases, ...storageCases];

/** Fastify answers HEAD for every GET route with the GET handler; each GET case is run as HEAD too. */
const cases: RbacCase[] = [
  ...written,
  ...written
    .filter((c) => c.route.startsWith('GET '))
    .map((c): RbacCase => ({
      ...c,
      route: c.route.replace(/^GET /, 'HEAD '),
      request: async (f, caller) => ({ ...(await c.request(f, caller)), method: 'HEAD' }),
    })),
];

const key = (r: Pick<RouteEntry, 'method' | 'url'>) => `${r.method} ${r.url}`;
const patternOf = (url: string) => new RegExp(`^${url.replace(/[.]/g, '\\.').replace(/:[A-Za-z]+/g, '[^/]+').replace(/\*/g, '.*')}$`);

let t: TestApp;
let f: Fixtures;
let catalogue: RouteEntry[];
beforeAll(async () => {
  t = await createTestApp();
  f = new Fixtures(t);
  catalogue = [...t.app.routeCatalogue()];
});
afterAll(async () => t.close());

describe('route catalogue', () => {
  it('lists the routes with their declared access', () => {
    const login = catalogue.find((r) => key(r) === 'POST /api/v1/login');
    expect(login).toMatchObject({ access: 'public', beforePasswordChange: false, documentation: false });
    expect(catalogue.find((r) => key(r) === 'POST /api/v1/users')?.access).toBe('admin');
    expect(catalogue.find((r) => key(r) === 'POST /api/v1/me/password')?.beforePasswordChange).toBe(true);
    // Only swagger-ui's own static routes are documentation; they are public and under /docs.
    const docs = catalogue.filter((r) => r.documentation);
    expect(docs.length).toBeGreaterThan(0);
    for (const r of docs) expect(r).toMatchObject({ access: 'public', url: expect.stringMatching(/^\/docs(\/|$)/) });
    expect(catalogue.filter((r) => !r.documentation && r.url.startsWith('/docs'))).toEqual([]);
  });

  it('is a copy: changing it does not change the app', () => {
    const copy = t.app.routeCatalogue() as RouteEntry[];
    copy.length = 0;
    expect(t.app.routeCatalogue().length).toBe(catalogue.length);
  });

  it('has a matrix case for every registered route, and no case for a route that does not exist', () => {
    const registered = new Set(catalogue.filter((r) => !r.documentation).map(key));
    const covered = new Set(cases.map((c) => c.route));
    expect([...registered].filter((r) => !covered.has(r)), 'routes without an RBAC case').toEqual([]);
    expect([...covered].filter((r) => !registered.has(r)), 'cases for routes the app does not register').toEqual([]);
  });

  it("declares for each route the access the matrix expects, and each case's statuses agree with it", () => {
    for (const c of cases) {
      const [method, url] = c.route.split(' ') as [string, string];
      const entry = catalogue.find((r) => r.method === method && r.url === url);
      expect(entry?.access, `${c.route} declared access`).toBe(c.access);
      const status = (e: Expected) => (typeof e === 'number' ? e : e[0]);
      if (c.access !== 'public') expect(status(c.expect.anonymous), `${c.route} (${c.what}): anonymous`).toBe(401);
      if (c.access === 'admin' || c.access === 'creator') expect(status(c.expect.restricted), `${c.route} (${c.what}) restricted`).toBe(403);
      if (c.access === 'admin') expect(status(c.expect.regular), `${c.route} (${c.what}) regular`).toBe(403);
    }
  });

  it('serves /docs and /api/openapi.json to anyone', async () => {
    const ui = await t.as(null, { method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    const script = await t.as(null, { method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(script.statusCode).toBe(200);
    const doc = await t.as(null, { method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect((doc.json() as { openapi: string }).openapi).toBe('3.1.0');
  });
});

describe('RBAC matrix', () => {
  const tokenOf = (caller: Caller) => (caller === 'anonymous' ? null : f.token(caller));

  for (const c of cases) {
    it(`${c.route}: ${c.what}`, async () => {
      const [, url] = c.route.split(' ') as [string, string];
      const got: Partial<Record<Caller, Expected>> = {};
      for (const caller of CALLERS) {
        const options = await c.request(f, caller);
        expect(String(options.url).split('?')[0], `${c.route}: the request goes to this route`).toMatch(patternOf(url));
        const hasOwnAuth = options.headers !== undefined && 'authorization' in options.headers;
        const res = await t.as(hasOwnAuth ? null : tokenOf(caller), options);
        const expected = c.expect[caller];
        const code = typeof expected === 'number' ? undefined : expected[1];
        // HEAD answers carry no body: only their status is compared. Pages outside /api are HTML or files.
        if (res.statusCode >= 400 && options.method !== 'HEAD' && String(options.url).startsWith('/api/')) {
          const body = res.json() as { error?: { code?: unknown; message?: unknown } };
          expect(body.error, `${c.route} as ${caller}: error shape`).toMatchObject({ code: expect.stringMatching(/^INF_ERR_/), message: expect.any(String) });
          got[caller] = code === undefined ? res.statusCode : [res.statusCode, String(body.error?.code)];
          if (caller === 'anonymous' && c.access !== 'public') expect(body.error?.code).toBe('INF_ERR_AUTH_REQUIRED');
        } else {
          got[caller] = code === undefined ? res.statusCode : [res.statusCode, code];
        }
      }
      // Compared as a whole so a failure shows the full row: admin, regular, restricted, anonymous.
      expect(got).toEqual(c.expect);
    });
  }
});
