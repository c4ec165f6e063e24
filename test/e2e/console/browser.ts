import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { findConsoleDist } from '../../../server/api/console.js';
import { SYSTEM_ACTOR } from '../../../server/commands/bootstrap.js';
import { buildCommandLayer } from '../../../server/commands/layer.js';
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
  const commands = buildCommandLayer(db);
  await commands.execute('user.ensureBuiltinAdmin', undefined, SYSTEM_ACTOR);
  await commands.execute('server.registerLocal', { name: 'e2e-server', address: '127.0.0.1' }, SYSTEM_ACTOR);
  const app = await buildApp({ db, commands, logger: false, logFile: join(dir, 'server.log'), auth: { loginAttemptsPerMinute: 1000 } });
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

/**
 * The browser asks for reduced motion, so the console opens dialogs and menus without
 * animations: on a loaded machine a click could land while a dialog was still zooming
 * in and be lost (a confirm's button then never fired).
 */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--force-prefers-reduced-motion'] });
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

/** Changes the password on the forced change screen that a first login as admin/admin shows. */
export async function changeDefaultPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel('Current password').fill('admin');
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Repeat new password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('tab', { name: 'Home' }).waitFor();
}

/** The machine is shared and slow at times: UI and API state get a few seconds to agree. */
export const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

export const treeItem = (page: Page, name: string | RegExp) => page.getByRole('treeitem', { name }).first();

/** The Home tab's Host Groups / Users / VMs / Servers buttons (antd hides the radio input under its label). */
export async function showView(page: Page, name: string): Promise<void> {
  await page.getByRole('radiogroup', { name: 'Objects' }).locator('label').filter({ hasText: new RegExp(`^${name}$`) }).click();
  await eventually(() => page.getByRole('radio', { name, exact: true }).isChecked()).toBe(true);
}

/** Right-clicks `target` (a tree node's title, a table row) and picks `item` from its menu. */
export async function contextMenu(page: Page, target: Locator, item: string): Promise<void> {
  await target.click({ button: 'right' });
  await page.getByRole('menuitem', { name: item }).click();
}

/** A failed test leaves a picture of the page beside the other screenshots. */
export function screenshotFailures(page: () => Page | undefined): void {
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await page()?.screenshot({ path: join(SCREENSHOTS, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`) });
  });
}

/**
 * Drags `source` onto `target` with the browser's own drag events (dragstart, dragenter,
 * dragover, drop, dragend) carrying one DataTransfer, as chromium sends them during a
 * drag. Chromium's drag synthesised from mouse moves (Playwright's dragTo) dropped nothing
 * now and then when the machine was busy, so the drop is dispatched rather than timed.
 */
export async function dragOnto(page: Page, source: Locator, target: Locator): Promise<void> {
  const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
  await source.dispatchEvent('dragstart', { dataTransfer });
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
  await source.dispatchEvent('dragend', { dataTransfer });
}

export type ConsoleServer = Awaited<ReturnType<typeof startConsoleServer>>;

export interface ConsoleSuite {
  server: ConsoleServer;
  browser: Browser;
  /** One 1280x800 page, logged in as admin with `password`, on the Home tab. */
  page: Page;
  /** The API token of that admin. */
  token: string;
  /** An empty directory a test may make a file storage pool in. */
  poolDir: string;
  get<T>(path: string): Promise<T>;
}

/**
 * The setup the console suites share: a fresh server, chromium, one page logged in as
 * admin (the forced password change done), a directory for a pool; a failed test leaves
 * a screenshot beside the others. Call it once at the top of a test file.
 */
export function consoleSuite(password: string): ConsoleSuite {
  const suite = {
    async get<T>(path: string) {
      return (await suite.server.api<T>(suite.token, 'GET', path)).body;
    },
  } as ConsoleSuite;
  beforeAll(async () => {
    suite.server = await startConsoleServer();
    suite.browser = await launchBrowser();
    suite.page = await (await suite.browser.newContext({ viewport: SIZES.desktop })).newPage();
    suite.page.setDefaultTimeout(15_000);
    suite.poolDir = mkdtempSync(join(tmpdir(), 'infinity-e2e-pool-'));
    await logIn(suite.page, suite.server.url, 'admin', 'admin');
    await changeDefaultPassword(suite.page, password);
    suite.token = await suite.server.login('admin', password);
  });
  screenshotFailures(() => suite.page);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
    if (suite.poolDir) rmSync(suite.poolDir, { recursive: true, force: true });
  });
  return suite;
}
