import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConsoleDist } from '../../../server/api/console.js';
import { buildOnce, makeCli, startServer, tempDir, type Cli, type RunningServer } from '../../cli/cli-harness.js';
import { changeDefaultPassword, launchBrowser, logIn, screenshotFailures, showView, SIZES, treeItem } from './browser.js';

const PASSWORD = 'cli-live-admin-9';
/** "Within a second" of the CLI's answer, with room for a shared, busy 2-core machine. */
const LIVE_MS = 1500;

/**
 * The end-to-end case: `infinity` run as its own process against a server process
 * changes something, and a console already open in chromium shows it without a reload.
 */
describe('a change made through the CLI in an open console', () => {
  const dir = tempDir('infinity-e2e-cli-live-');
  let server: RunningServer;
  let cli: Cli;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!findConsoleDist()) throw new Error('The console is not built (server/console/dist is missing): run `make build` first.');
    await buildOnce();
    server = await startServer(join(dir.path, 'data'));
    cli = makeCli(dir.path);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: SIZES.desktop })).newPage();
    await logIn(page, server.url, 'admin', 'admin');
    await changeDefaultPassword(page, PASSWORD);
    await cli.ok('login', '--server', server.url, '--user', 'admin', '--password', PASSWORD);
  });
  screenshotFailures(() => page);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    dir.remove();
  });

  /** Milliseconds from the CLI's exit until `shown` holds in the page. */
  const timeToShow = async (shown: () => Promise<unknown>) => {
    const answered = Date.now();
    await shown();
    return Date.now() - answered;
  };

  it('shows a VM created with `infinity vm create` in the VMs tree', async () => {
    await showView(page, 'VMs');
    await page.getByText('Nothing here yet').waitFor();
    await cli.ok('vm', 'create', '--name', 'FromCli', '--vendor', 'Linux', '--os-type', 'Debian (64 bit)');
    expect(await timeToShow(() => treeItem(page, 'FromCli').waitFor({ timeout: 10_000 }))).toBeLessThan(LIVE_MS);
  });

  it("updates the open details panel when `infinity vm set` changes the VM's memory, and the tree when it renames it", async () => {
    await treeItem(page, 'FromCli').locator('.tree-title').click();
    const ram = page.getByRole('spinbutton', { name: /^RAM \(MiB\)/ });
    await ram.waitFor();
    expect(await ram.inputValue()).not.toBe('3072');
    await cli.ok('vm', 'set', 'FromCli', '--ram', '3G');
    expect(await timeToShow(() => expect.poll(() => ram.inputValue(), { timeout: 10_000, interval: 20 }).toBe('3072'))).toBeLessThan(LIVE_MS);

    await cli.ok('vm', 'set', 'FromCli', '--name', 'RenamedByCli');
    expect(await timeToShow(() => treeItem(page, 'RenamedByCli').waitFor({ timeout: 10_000 }))).toBeLessThan(LIVE_MS);
    expect(await page.getByRole('treeitem', { name: 'FromCli' }).count()).toBe(0);
    await page.getByRole('heading', { name: /RenamedByCli/ }).waitFor({ timeout: LIVE_MS });
  });
});
