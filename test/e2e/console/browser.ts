import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../../server/app.js';
import { findConsoleDist } from '../../../server/api/console.js';
import { SYSTEM_ACTOR, ensureBuiltinAdmin } from '../../../server/commands/bootstrap.js';
import { CommandBus } from '../../../server/commands/bus.js';
import { registerLocalServer } from '../../../server/commands/servers.js';
import { openDatabase } from '../../../server/store/db.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'console');
export const SIZES = { desktop: { width: 1280, height: 800 }, tablet: { width: 820, height: 1180 } } as const;

/**
 * A real server on a loopback port, fresh from first start (admin/admin, password not yet
 * changed), serving the built console; plus Debian's chromium driven by playwright-core.
 */
export async function startConsoleServer() {
  if (!findConsoleDist()) throw new Error('The console is not built (server/console/dist is missing): run `make build` first.');
  const dir = mkdtempSync(join(tmpdir(), 'infinity-e2e-console-'));
  const db = openDatabase(join(dir, 'infinity.db'));
  const bus = new CommandBus(db);
  await bus.execute(ensureBuiltinAdmin, undefined, SYSTEM_ACTOR);
  await bus.execute(registerLocalServer, { name: 'e2e-server', address: '127.0.0.1' }, SYSTEM_ACTOR);
  const app = await buildApp({ db, bus, logger: false, logFile: join(dir, 'server.log'), auth: { loginAttemptsPerMinute: 1000 } });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  /** The public API as a script or the CLI would use it. */
  const api = async <T>(token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const login = async (user: string, password: string) => {
    const res = await api<{ token: string }>(null, 'POST', '/login', { user, password });
    if (res.status !== 200) throw new Error(`login ${user}: ${JSON.stringify(res.body)}`);
    return res.body.token;
  };

  return {
    url,
    api,
    login,
    async close() {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM });
}

/**
 * Picks `option` in the antd Select labelled `label`. Typing first narrows a searchable
 * Select, whose list is virtual: options scrolled out of view are not in the page.
 */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  await select.click();
  if (!(await select.getAttribute('readonly'))) await select.pressSequentially(option);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: new RegExp(`^${option.replace(/[()]/g, '\\$&')}$`) }).click();
}

export async function logIn(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByLabel('User ID').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
}
