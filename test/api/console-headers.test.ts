import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { assembleCore } from '../../server/assemble.js';
import { PAGE_POLICY, RESOURCE_POLICY } from '../../server/api/security-headers.js';
import { BUILTIN_ADMIN_ID } from '../../server/store/users.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const get = (url: string, token: string | null = null) => t.as(token, { method: 'GET', url });
const CONSOLE = new URL('../../server/console/', import.meta.url);

describe('headers on every answer', () => {
  it('the server page and the console pages: a Content-Security-Policy, no framing, nosniff, no referrer', async () => {
    for (const url of ['/', '/console/', '/console/vms/1']) {
      const res = await get(url);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy'], url).toBe(PAGE_POLICY);
      expect(PAGE_POLICY).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('API answers, failures and unknown paths too get nosniff and a policy for resources', async () => {
    const calls = [
      ['/api/v1/health', null], ['/api/v1/vms', t.tokens.admin], ['/api/v1/vms', null], ['/nowhere', null],
    ] as const;
    for (const [url, token] of calls) {
      const res = await get(url, token);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['content-security-policy'], url).toBe(RESOURCE_POLICY);
    }
  });

  it('the API documentation keeps the policy its own scripts need', async () => {
    const res = await get('/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).not.toBe(PAGE_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the favicon', () => {
  it('is in the console\'s public files, and the console and the server page link it', async () => {
    expect(readFileSync(new URL('public/favicon.svg', CONSOLE), 'utf8')).toContain('<svg');
    const link = '<link rel="icon" type="image/svg+xml" href="/favicon.svg" />';
    expect(readFileSync(new URL('index.html', CONSOLE), 'utf8')).toContain(link);
    expect((await get('/')).body).toContain('href="/console/favicon.svg"');
    if (existsSync(new URL('dist/index.html', CONSOLE))) {
      const icon = await get('/console/favicon.svg');
      expect(icon.statusCode).toBe(200);
      expect(icon.headers['content-type']).toBe('image/svg+xml');
      expect((await get('/console/')).body).toContain('href="/console/favicon.svg"');
    }
  });
});

describe('the first-login steps', () => {
  it('are shown on a fresh server, where admin / admin works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infinity-first-'));
    const core = await assembleCore({ dataDir: dir, serverName: 'fresh', address: '127.0.0.1', iscsi: null });
    const app = await buildApp({ db: core.db, commands: core.commands, logger: false });
    try {
      expect((await app.inject({ url: '/api/v1/first-login' })).json()).toEqual({ pending: true });
      const page = (await app.inject({ url: '/' })).body;
      expect(page).toContain('First login: user <code>admin</code>, password <code>admin</code>');
    } finally {
      await app.close();
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are gone once the admin chose a password, also when another administrator set it again', async () => {
    expect((await get('/api/v1/first-login')).json()).toEqual({ pending: false });
    expect((await get('/')).body).not.toContain('First login');
    const set = await t.as(t.tokens.admin2, {
      method: 'PUT', url: `/api/v1/users/${BUILTIN_ADMIN_ID}/password`, payload: { password: 'set-by-alice-1' },
    });
    expect(set.statusCode).toBe(200);
    expect((await get('/api/v1/first-login')).json()).toEqual({ pending: false });
    expect((await get('/')).body).not.toContain('First login');
  });
});
