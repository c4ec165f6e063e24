import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSuite, eventually, logIn, showView, SIZES, treeItem, type ConsoleServer } from './browser.js';

const PASSWORD = 'words-admin-9';
const ROB_PASSWORD = 'rob-password-9';
const MIB = 2 ** 20;

interface Drive {
  id: string;
  name: string;
  size: number;
}

const suite = consoleSuite(PASSWORD);
let page: Page;
let server: ConsoleServer;
let token: string;
let poolDir: string;
beforeAll(() => void ({ page, server, token, poolDir } = suite));

const post = async <T>(path: string, body: unknown) => {
  const res = await server.api<T>(token, 'POST', path, body);
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
};
const sizeOf = async (name: string) => (await suite.get<Drive[]>('/drives')).find((d) => d.name === name)?.size;

describe('the Grow Disk dialog', () => {
  it('takes sizes as people write them, and refuses "abc" and a smaller size in words', async () => {
    await post('/pools', { name: 'fast', driver: 'file', location: poolDir });
    await post('/drives', { name: 'Scratch', sizeBytes: 1024 * MIB, sparse: true });

    await showView(page, 'Servers');
    await treeItem(page, 'Scratch').locator('.tree-title').click();
    const panel = page.getByRole('region', { name: 'Hard drive Scratch' });
    await panel.getByRole('button', { name: 'Grow Disk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Grow Scratch' });
    const size = dialog.getByLabel('New size (GiB)');
    await expect.poll(() => size.inputValue()).toBe('2G');

    await size.fill('abc');
    await dialog.getByRole('button', { name: 'Grow Disk' }).click();
    await dialog.getByText('"abc" is not a size; write it like 512M, 10G or 2T').waitFor();
    await size.fill('512M');
    await dialog.getByText('Drives only grow: it is 1G now; give more.').waitFor();
    expect(await sizeOf('Scratch')).toBe(1024 * MIB);

    await size.fill('1536M');
    await dialog.getByRole('button', { name: 'Grow Disk' }).click();
    await eventually(() => sizeOf('Scratch')).toBe(1536 * MIB);
    await eventually(() => panel.getByLabel('Size', { exact: true }).textContent()).toBe('Size: 1.5 G');
  });
});

describe('a restricted user', () => {
  let robPage: Page;
  afterAll(async () => robPage?.context().close());

  it("sees the name of their VM's Host Group, which they may not read, never its id", async () => {
    const group = await post<{ id: string }>('/host-groups', { name: 'Lab-room' });
    const [vm] = await post<{ id: string }[]>('/vms', { name: 'Kiosk', hostGroup: 'Lab-room' });
    const rob = await post<{ id: string }>('/users', { name: 'rob', password: ROB_PASSWORD, role: 'restricted' });
    await post(`/users/${rob.id}/grants`, { objectType: 'vm', objectId: vm!.id });
    const robToken = await server.login('rob', ROB_PASSWORD);
    expect((await server.api(robToken, 'GET', `/host-groups/${group.id}`)).status).toBe(404);

    robPage = await (await suite.browser.newContext({ viewport: SIZES.desktop })).newPage();
    robPage.setDefaultTimeout(15_000);
    await logIn(robPage, server.url, 'rob', ROB_PASSWORD);
    await robPage.getByRole('tab', { name: 'Home' }).waitFor();
    await showView(robPage, 'VMs');
    await treeItem(robPage, 'Kiosk').locator('.tree-title').click();
    const field = robPage.locator('.ant-form-item').filter({ has: robPage.getByText('Host Group', { exact: true }) });
    await eventually(() => field.textContent()).toBe('Host GroupLab-room');
    expect(await field.textContent()).not.toContain(group.id);
  });
});
