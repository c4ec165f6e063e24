import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, contextMenu, dragOnto, eventually, launchBrowser, logIn, SCREENSHOTS, screenshotFailures, showView, SIZES, startConsoleServer, treeItem } from './browser.js';

const NEW_ADMIN_PASSWORD = 'console-admin-9';
const USER_PASSWORD = 'console-user-9';

interface Vm {
  id: string;
  name: string;
  ramMb: number;
  nics: { attachment: string; network: number | null }[];
}

let server: Awaited<ReturnType<typeof startConsoleServer>>;
let browser: Browser;
let admin: BrowserContext;
let page: Page;
let adminToken: string;

beforeAll(async () => {
  server = await startConsoleServer();
  browser = await launchBrowser();
  admin = await browser.newContext({ viewport: SIZES.desktop });
  page = await admin.newPage();
});
screenshotFailures(() => page);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const view = showView;
/** Right-clicks the tree node `node` and picks `item` from its menu. */
const nodeMenu = (p: Page, node: string, item: string) => contextMenu(p, treeItem(p, node).locator('.tree-title'), item);
const vmNamed = async (name: string) => (await server.api<Vm[]>(adminToken, 'GET', '/vms')).body.find((v) => v.name === name);

describe('the Admin Console in Chromium', () => {
  it('logs in as admin/admin, forces the password change, and keeps the session across a reload', async () => {
    await logIn(page, server.url, 'admin', 'admin');
    await page.getByText('You must change the default password').waitFor();
    await page.getByLabel('Current password').fill('admin');
    await page.getByLabel('New password', { exact: true }).fill(NEW_ADMIN_PASSWORD);
    await page.getByLabel('Repeat new password').fill(NEW_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('tab', { name: 'Home' }).waitFor();
    adminToken = await server.login('admin', NEW_ADMIN_PASSWORD);

    await page.reload();
    await page.getByRole('tab', { name: 'Home' }).waitFor();
    expect(await page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
  });

  it('creates a user of each role; administrators are brown and the others blue', async () => {
    await view(page, 'Users');
    for (const [name, role] of [['rita', 'Regular user'], ['rob', 'Restricted user'], ['alice', 'Administrator']] as const) {
      await page.getByRole('button', { name: 'New' }).click();
      await page.getByRole('menuitem', { name: 'New User…' }).click();
      const dialog = page.getByRole('dialog', { name: 'New User' });
      await dialog.getByLabel('User name').fill(name);
      await dialog.getByLabel('Password').fill(USER_PASSWORD);
      await choose(page, 'Role', role);
      await dialog.getByRole('button', { name: 'Create' }).click();
      await treeItem(page, name).waitFor();
    }
    const users = (await server.api<{ name: string; role: string }[]>(adminToken, 'GET', '/users')).body;
    expect(Object.fromEntries(users.map((u) => [u.name, u.role]))).toMatchObject({ rita: 'regular', rob: 'restricted', alice: 'admin' });
    const colour = (name: string) => treeItem(page, name).locator('.anticon').first().evaluate((el) => getComputedStyle(el).color);
    expect(await colour('alice')).toBe('rgb(139, 69, 19)');
    expect(await colour('rita')).toBe('rgb(22, 119, 255)');
  });

  it('creates a VM with settings, shows a refused value next to its field, and saves the network section', async () => {
    await view(page, 'VMs');
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByRole('menuitem', { name: 'New VM…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create VM' });
    await dialog.getByLabel('VM Name').fill('Win7');
    await choose(page, 'OS Type', 'Windows 7 (64 bit)');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await treeItem(page, 'Win7').click();
    await page.getByRole('heading', { name: /Win7/ }).waitFor();

    const ram = page.getByRole('spinbutton', { name: /^RAM \(MiB\)/ });
    await ram.fill('2000000');
    await page.locator('form[id="settings"]').getByRole('button', { name: 'Apply' }).click();
    await eventually(() => page.locator('#settings_ramMb_help').textContent()).toMatch(/ramMb|1048576/);
    await ram.fill('512');
    await page.locator('form[id="settings"]').getByRole('button', { name: 'Apply' }).click();
    await eventually(async () => (await vmNamed('Win7'))?.ramMb).toBe(512);

    await page.getByRole('button', { name: 'Network' }).click();
    await page.getByRole('button', { name: 'Add NIC' }).click();
    const nic2 = page.getByRole('group', { name: 'NIC 2' });
    await nic2.getByLabel('Attached to').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: /^Virtual$/ }).click();
    await nic2.getByLabel('Network').fill('7');
    await page.locator('form[id="network"]').getByRole('button', { name: 'Apply' }).click();
    await eventually(async () => (await vmNamed('Win7'))?.nics.map((n) => `${n.attachment}:${n.network}`)).toEqual(['nat:null', 'virtual:7']);
  });

  it('grants a VM to a user by dragging it from the VM list onto the user', async () => {
    await view(page, 'Users');
    await page.getByRole('tab', { name: 'VM List' }).click();
    const row = page.getByRole('row', { name: /Win7/ });
    await row.dragTo(treeItem(page, 'rita').locator('.tree-title'));
    const ritaId = (await server.api<{ id: string; name: string }[]>(adminToken, 'GET', '/users')).body.find((u) => u.name === 'rita')!.id;
    await eventually(async () => (await server.api<{ objectName: string }[]>(adminToken, 'GET', `/users/${ritaId}/grants`)).body.map((g) => g.objectName)).toEqual(['Win7']);
  });

  it('renames and makes a template from the right-click menu, and grants from the keyboard menu', async () => {
    await server.api(adminToken, 'POST', '/vms', { name: 'Base' });
    await view(page, 'VMs');
    await nodeMenu(page, 'Base', 'Rename…');
    await page.getByRole('dialog', { name: /Rename Base/ }).getByLabel('New name').fill('Office');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByRole('dialog', { name: /Rename Base/ }).waitFor({ state: 'hidden' });
    await treeItem(page, 'Office').waitFor();

    await nodeMenu(page, 'Office', 'Make template');
    await page.getByRole('dialog').getByRole('button', { name: 'Make template' }).click();
    await page.getByRole('tab', { name: 'Templates' }).click();
    await page.getByRole('row', { name: /Office/ }).waitFor();
    await page.getByRole('tab', { name: 'Home' }).click();

    await view(page, 'VMs');
    await treeItem(page, 'Win7').click();
    await page.getByRole('button', { name: 'Actions' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Grant to user…' }).click();
    await choose(page, 'User', 'rob');
    await page.getByRole('button', { name: 'Grant', exact: true }).click();
    const robId = (await server.api<{ id: string; name: string }[]>(adminToken, 'GET', '/users')).body.find((u) => u.name === 'rob')!.id;
    await eventually(async () => (await server.api<{ objectName: string }[]>(adminToken, 'GET', `/users/${robId}/grants`)).body.map((g) => g.objectName)).toEqual(['Win7']);
  });

  it('shows a VM created through the API in the open console without a reload', async () => {
    await view(page, 'VMs');
    const created = await server.api(adminToken, 'POST', '/vms', { name: 'FromApi' });
    expect(created.status).toBe(201);
    const started = Date.now();
    await treeItem(page, 'FromApi').waitFor({ timeout: 5000 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('keeps a right-click menu open while live updates re-render the tree, and opens menus from the keyboard', async () => {
    const many = await server.api<Vm[]>(adminToken, 'POST', '/vms', { name: 'Many', copies: 40 });
    expect(many.status).toBe(201);
    await view(page, 'VMs');
    const tree = page.getByRole('tree', { name: 'VMs tree' });
    await treeItem(page, 'Many-1').waitFor();
    // The tree is virtual: only the nodes in view are in the page; End brings the last one in.
    expect(await page.getByRole('treeitem').count()).toBeLessThan(40);
    await tree.focus();
    await page.keyboard.press('End');
    const last = page.getByRole('treeitem').last();
    const lastName = (await last.textContent())!;
    await last.locator('.tree-title').click({ button: 'right' });
    const rename = page.getByRole('menuitem', { name: 'Rename…' });
    await rename.waitFor();
    // Deleting the VMs above the open menu refetches the tree and scrolls it back into range.
    for (const vm of many.body.slice(0, 30)) expect((await server.api(adminToken, 'DELETE', `/vms/${vm.id}`)).status).toBe(200);
    await eventually(() => page.getByRole('treeitem', { name: /Many-\d/ }).count()).toBe(10);
    // A menu that closed meanwhile is gone or still fading out: either way the click fails.
    await rename.click({ timeout: 5000 });
    await page.getByRole('dialog', { name: `Rename ${lastName}` }).getByRole('button', { name: 'Cancel' }).click();

    // From the keyboard: End reaches the last node, Shift+F10 opens its menu, Escape closes it, Enter chooses.
    await tree.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+F10');
    await rename.waitFor();
    await page.keyboard.press('Escape');
    await rename.waitFor({ state: 'hidden' });
    expect(await tree.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Shift+F10');
    // The menu takes the focus on its first item (Rename…).
    await eventually(() => page.getByRole('menu').evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: `Rename ${lastName}` }).getByRole('button', { name: 'Cancel' }).click();
    for (const vm of many.body.slice(30)) expect((await server.api(adminToken, 'DELETE', `/vms/${vm.id}`)).status).toBe(200);
  });

  it('deletes many VMs selected in the VM list', async () => {
    await server.api(adminToken, 'POST', '/vms', { name: 'Bulk', copies: 4 });
    await page.getByRole('tab', { name: 'VM List' }).click();
    for (let i = 1; i <= 4; i++) await page.getByRole('row', { name: new RegExp(`Bulk-${i}`) }).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await eventually(async () => (await server.api<Vm[]>(adminToken, 'GET', '/vms')).body.filter((v) => v.name.startsWith('Bulk')).length).toBe(0);
    await eventually(() => page.getByRole('row', { name: /Bulk-/ }).count()).toBe(0);
  });

  it('shows a regular user only their VMs and no user administration', async () => {
    const context = await browser.newContext({ viewport: SIZES.desktop });
    const rita = await context.newPage();
    await logIn(rita, server.url, 'rita', USER_PASSWORD);
    await view(rita, 'VMs');
    await treeItem(rita, 'Win7').waitFor();
    expect(await rita.getByRole('treeitem').allTextContents()).toEqual(['Win7']);
    await view(rita, 'Users');
    expect(await rita.getByRole('button', { name: 'New' }).count()).toBe(0);
    await context.close();
  });

  it('lets a restricted user see what is assigned to them, read-only', async () => {
    const context = await browser.newContext({ viewport: SIZES.tablet });
    const rob = await context.newPage();
    await logIn(rob, server.url, 'rob', USER_PASSWORD);
    await view(rob, 'VMs');
    await treeItem(rob, 'Win7').click();
    expect(await rob.getByRole('treeitem').allTextContents()).toEqual(['Win7']);
    expect(await rob.getByRole('button', { name: 'New' }).count()).toBe(0);
    expect(await rob.getByRole('spinbutton', { name: /^RAM \(MiB\)/ }).isDisabled()).toBe(true);
    expect(await rob.getByRole('button', { name: 'Apply' }).count()).toBe(0);
    await context.close();
  });

  it('moves a Host to another Host Group by dragging it onto the group, and from the keyboard', async () => {
    for (const name of ['station-1', 'station-2']) expect((await server.api(adminToken, 'POST', '/hosts', { name, hostGroup: 'Lab A' })).status).toBe(201);
    expect((await server.api(adminToken, 'POST', '/host-groups', { name: 'Lab B', type: 'distributed' })).status).toBe(201);
    const groupOf = async (host: string) => (await server.api<{ name: string; hostGroup: string }[]>(adminToken, 'GET', '/hosts')).body.find((h) => h.name === host)?.hostGroup;
    const tree = page.getByRole('tree', { name: 'Host Groups tree' });
    // Each Host under its group, in tree order.
    const layout = async () => (await tree.getByRole('treeitem').allTextContents()).filter((t) => /^(Lab|station)/.test(t));

    await view(page, 'Host Groups');
    await page.getByRole('radiogroup', { name: 'Details By' }).locator('label').filter({ hasText: 'By Host' }).click();
    await eventually(layout).toEqual(['Lab A', 'station-1', 'station-2', 'Lab B']);
    await dragOnto(page, treeItem(page, 'station-1').locator('.tree-title'), treeItem(page, 'Lab B').locator('.tree-title'));
    await eventually(() => groupOf('station-1')).toBe('Lab B');
    await eventually(layout).toEqual(['Lab A', 'station-2', 'Lab B', 'station-1']);

    // The keyboard: arrows to station-2, its menu, Move to Host Group…, type the group, Enter.
    await tree.focus();
    await page.keyboard.press('Home');
    const active = async () => page.locator(`[id="${await tree.getAttribute('aria-activedescendant')}"]`).textContent();
    for (let i = 0; i < 10 && (await active()) !== 'station-2'; i++) await page.keyboard.press('ArrowDown');
    expect(await active()).toBe('station-2');
    await page.keyboard.press('Shift+F10');
    await eventually(() => page.getByRole('menu').evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Move station-2' });
    await dialog.waitFor();
    await eventually(() => dialog.getByLabel('Host Group').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Lab B');
    await page.keyboard.press('Enter');
    await dialog.getByTitle('Lab B').waitFor();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    // Tab on to the Move button (past Cancel), then Enter.
    const move = dialog.getByRole('button', { name: 'Move' });
    const onMove = () => move.evaluate((el) => el === document.activeElement);
    for (let i = 0; i < 5 && !(await onMove()); i++) await page.keyboard.press('Tab');
    expect(await onMove()).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await groupOf('station-2')).toBe('Lab B');
    await eventually(layout).toEqual(['Lab A', 'Lab B', 'station-1', 'station-2']);
  });

  it('saves a screenshot of each tab at 1280x800 and at tablet size', async () => {
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      await page.getByRole('tab', { name: 'Home' }).click();
      await view(page, 'VMs');
      await treeItem(page, 'Win7').click();
      await page.getByRole('heading', { name: /Win7/ }).waitFor();
      await page.getByRole('button', { name: 'Network' }).click();
      await page.getByRole('group', { name: 'NIC 2' }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, `home-${size}.png`), fullPage: true });
      for (const tab of ['Templates', 'VM Groups']) {
        await page.getByRole('tab', { name: tab }).click();
        await page.screenshot({ path: join(SCREENSHOTS, `${tab.toLowerCase().replace(' ', '-')}-${size}.png`), fullPage: true });
      }
      await page.getByRole('tab', { name: 'Home' }).click();
    }
  });

  it('logs out', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Login' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Login' }).waitFor();
  });
});
