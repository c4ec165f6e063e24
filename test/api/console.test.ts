import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import consoleRoutes, { findConsoleDist } from '../../server/api/console.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import Fastify from 'fastify';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** A console build of our own, so these tests do not depend on `make build` having run. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infinity-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Infinity Admin Console</title><script src="/console/assets/app-1.js"></script>');
  writeFileSync(join(dir, 'assets', 'app-1.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  return `${dir}/`;
}

describe('the console files at /console', () => {
  it('serves index.html for the app and its deep links, hashed assets cached and gzipped, 404 for missing files', async () => {
    const dist = fakeDist();
    const app = Fastify();
    app.decorateRequest('actor', null);
    await app.register(consoleRoutes, { distDir: dist });
    try {
      const root = await app.inject({ url: '/console' });
      expect(root.statusCode).toBe(302);
      expect(root.headers.location).toBe('/console/');
      for (const url of ['/console/', '/console/vms/123']) {
        const res = await app.inject({ url });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.body).toContain('Infinity Admin Console');
      }
      const js = await app.inject({ url: '/console/assets/app-1.js', headers: { 'accept-encoding': 'gzip, br' } });
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-encoding']).toBe('gzip');
      expect(js.headers['cache-control']).toContain('immutable');
      expect(gunzipSync(js.rawPayload).toString()).toContain('console.log');
      expect((await app.inject({ url: '/console/assets/nope.js' })).statusCode).toBe(404);
      expect((await app.inject({ url: '/console/..%2f..%2fetc%2fpasswd.txt' })).statusCode).toBe(404);
    } finally {
      await app.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('says how to build the console when its files are missing', async () => {
    const app = Fastify();
    await app.register(consoleRoutes, { distDir: null });
    const res = await app.inject({ url: '/console/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('make build');
    await app.close();
  });

  it('finds the built console from the source tree and from the compiled tree', () => {
    const found = findConsoleDist();
    if (found) expect(found).toMatch(/server\/console\/dist\/$/);
    expect(findConsoleDist(new URL('file:///nowhere/build/server/api/console.js'))).toBeNull();
  });
});

describe('GET /api/v1/events', () => {
  it('refuses anonymous callers', async () => {
    const res = await t.as(null, { method: 'GET', url: '/api/v1/events' });
    expect(res.statusCode).toBe(401);
  });

  it('streams a change event after each committed command, without object data', async () => {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const abort = new AbortController();
    const res = await fetch(`${address}/api/v1/events`, {
      headers: { authorization: `Bearer ${t.tokens.admin}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) text += decoder.decode((await reader.read()).value);
    };
    await until('event: ready');
    const created = await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/vms', payload: { name: 'Secret-VM' } });
    expect(created.statusCode).toBe(201);
    await until('vm.create');
    expect(text).toMatch(/event: change\ndata: \{"seq":\d+,"type":"vm.create"\}/);
    expect(text).not.toContain('Secret-VM');
    abort.abort();
  });
});
