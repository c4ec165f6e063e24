import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changeDefaultPassword, launchBrowser, logIn, screenshotFailures, showView, SIZES, startConsoleServer,
} from './browser.js';

/**
 * The console under its Content-Security-Policy: nothing it loads is refused (antd writes
 * its styles at run time), no request fails (the favicon included), and the first-login
 * steps are shown only while admin / admin still works.
 */
let server: Awaited<ReturnType<typeof startConsoleServer>>;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const failed: string[] = [];

beforeAll(async () => {
  server = await startConsoleServer();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: SIZES.desktop })).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => {
    const why = request.failure()?.errorText;
    // Leaving the page ends the live-update stream; that is no failure.
    const streamEnded = request.url().endsWith('/api/v1/events') && why === 'net::ERR_ABORTED';
    if (!streamEnded) failed.push(`${request.url()}: ${why}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.url()}: ${response.status()}`);
  });
});
screenshotFailures(() => page);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const FIRST_LOGIN = 'First login: user admin, password admin';

describe('the Admin Console under its Content-Security-Policy', () => {
  it('names the first login on a fresh server; login, password change, views and a dialog all work', async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByText(FIRST_LOGIN).waitFor();
    await logIn(page, server.url, 'admin', 'admin');
    await changeDefaultPassword(page, 'console-admin-7');
    for (const view of ['Users', 'Servers', 'VMs', 'Host Groups']) await showView(page, view);
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByRole('menuitem', { name: 'New Host Group…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Host Group' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Login' }).waitFor();
    expect(await page.getByText(FIRST_LOGIN).count()).toBe(0);
  });

  it('loaded the favicon, was refused nothing, and no request failed', async () => {
    const icon = await page.request.get(`${server.url}/console/favicon.svg`);
    expect(icon.status()).toBe(200);
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('the server page no longer names the first login either', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Infinity Server' }).waitFor();
    expect(await page.getByText('First login').count()).toBe(0);
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
  });
});
