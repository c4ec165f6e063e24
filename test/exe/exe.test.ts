import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTABLE, freePort, spawnServer, waitForHealth, type ServerProcess } from '../helpers/server-process.js';

const NEW_PASSWORD = 'exe-test-password-1';
// Start-up takes well under a second on a quiet machine; shared CI machines have needed 9 s.
const START_TIMEOUT_MS = 45_000;
const TEST_TIMEOUT_MS = 90_000;

let dir: string;
const running: ServerProcess[] = [];

beforeAll(() => {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(`${EXECUTABLE} is missing: build it with \`make exe\` (\`make test-integration\` does this first)`);
  }
  dir = mkdtempSync(join(tmpdir(), 'infinity-exe-'));
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop(2_000)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The executable's environment with HOME and the native-addon cache chosen by the test. */
function environment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...overrides };
  if (!('PKG_NATIVE_CACHE_PATH' in overrides)) delete env.PKG_NATIVE_CACHE_PATH;
  return env;
}

async function start(name: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  // Started outside the source tree, so nothing can be read from it by accident.
  const server = spawnServer({ command: [EXECUTABLE], dataDir: join(dir, name, 'data'), port: await freePort(), env, cwd: dir });
  running.push(server);
  await waitForHealth(server, performance.now(), START_TIMEOUT_MS, 50);
  return server;
}

async function call(server: ServerProcess, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** better-sqlite3's addon as the executable extracted it under `cacheRoot`/pkg/<hash>/. */
function extractedAddons(cacheRoot: string): string[] {
  const root = join(cacheRoot, 'pkg');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((hash) => join(root, hash, 'better-sqlite3', 'prebuilds', 'linux-x64.node'))
    .filter((file) => existsSync(file));
}

describe('dist/infinity', () => {
  it('serves: admin logs in, changes the password, creates and lists a VM, and stops on SIGTERM', { timeout: TEST_TIMEOUT_MS }, async () => {
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const server = await start('default', environment({ HOME: home }));

    expect((await call(server, 'GET', '/api/v1/health')).body).toMatchObject({ status: 'ok' });

    const login = await call(server, 'POST', '/api/v1/login', undefined, { user: 'admin', password: 'admin' });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const token = (login.body as { token: string }).token;

    // The built-in admin may do nothing else before changing the default password.
    const early = await call(server, 'POST', '/api/v1/vms', token, { name: 'too-early' });
    expect(early.status, JSON.stringify(early.body)).toBe(403);

    const changed = await call(server, 'POST', '/api/v1/me/password', token, { old: 'admin', new: NEW_PASSWORD });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    const created = await call(server, 'POST', '/api/v1/vms', token, { name: 'exe-vm', ramMb: 1024 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject([{ name: 'exe-vm', ramMb: 1024 }]);

    const listed = await call(server, 'GET', '/api/v1/vms', token);
    expect(listed.status).toBe(200);
    expect((listed.body as { name: string }[]).map((vm) => vm.name)).toEqual(['exe-vm']);

    // The Admin Console's files come from the snapshot (pkg.assets), not from the source tree.
    const page = await fetch(`${server.url}/console/`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Infinity Admin Console');
    const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    expect((await fetch(`${server.url}${script}`)).status).toBe(200);

    // Without PKG_NATIVE_CACHE_PATH the addon goes under $HOME/.cache.
    expect(extractedAddons(join(home, '.cache'))).toHaveLength(1);

    const exit = await server.stop();
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
  });

  it('extracts its native addon into PKG_NATIVE_CACHE_PATH when HOME cannot be written', { timeout: TEST_TIMEOUT_MS }, async () => {
    const cache = join(dir, 'native-cache');
    // Not even root can create directories under /proc.
    const server = await start('cache-path', environment({ HOME: '/proc/infinity-no-home', PKG_NATIVE_CACHE_PATH: cache }));

    const login = await call(server, 'POST', '/api/v1/login', undefined, { user: 'admin', password: 'admin' });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    expect(extractedAddons(cache)).toHaveLength(1);

    const exit = await server.stop();
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
  });
});
