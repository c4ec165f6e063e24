import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { SYSTEM_ACTOR } from '../../../server/commands/bootstrap.js';
import { buildCommandLayer } from '../../../server/commands/layer.js';
import { openDatabase } from '../../../server/store/db.js';
import { ensureTlsCertificate } from '../../../server/tls-certificate.js';
import { choose, consoleSuite, contextMenu, eventually, SCREENSHOTS, showView, SIZES, treeItem as treeNode, type ConsoleServer } from './browser.js';

const PASSWORD = 'storage-admin-9';
const GIB = 2 ** 30;

interface Drive {
  id: string;
  name: string;
  vm: string | null;
  size: number;
}
interface VmSnapshot {
  id: string;
  comment: string;
  snapshots: { id: string; clones: string[] }[];
}

const suite = consoleSuite(PASSWORD);
let page: Page;
let server: ConsoleServer;
let token: string;
let poolDir: string;
let browser: Browser;
beforeAll(() => void ({ page, server, token, poolDir, browser } = suite));

const view = (name: string) => showView(page, name);
const treeItem = (name: string | RegExp) => treeNode(page, name);
const get = <T>(path: string) => suite.get<T>(path);
const menu = (target: Locator, item: string) => contextMenu(page, target, item);
const vmId = async (name: string) => (await get<{ id: string; name: string }[]>('/vms')).find((v) => v.name === name)?.id;
const snapshotsOf = async (name: string) => get<VmSnapshot[]>(`/vms/${await vmId(name)}/snapshots`);
const colour = (item: Locator) => item.locator('.anticon').first().evaluate((el) => getComputedStyle(el).color);

describe('storage in the Admin Console', () => {
  it('adds a storage pool from the Servers view', async () => {
    await view('Servers');
    await treeItem('e2e-server').locator('.tree-title').click();
    await page.getByRole('button', { name: 'Add Storage Pool…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Storage Pool' });
    await dialog.getByLabel('Pool name').fill('fast');
    await dialog.getByLabel('Location').fill(poolDir);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await treeItem(/fast \(OnLine/).waitFor();
    expect((await get<{ name: string; online: boolean }[]>('/pools')).map((p) => `${p.name}:${p.online}`)).toEqual(['fast:true']);
  });

  it('creates a VM with a 1 GiB sparse disk; a refused setting is shown next to its field', async () => {
    await view('VMs');
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByRole('menuitem', { name: 'New VM…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create VM' });
    await dialog.getByLabel('VM Name').fill('Disk1');
    await choose(page, 'OS Type', 'Windows 7 (64 bit)');
    await dialog.getByLabel('Disk size (GiB)').fill('1');
    // New drives are thick unless asked to be sparse, as in the manual's drive dialog.
    const sparse = dialog.getByRole('checkbox', { name: 'Sparse' });
    expect(await sparse.isChecked()).toBe(false);
    await sparse.check();
    await choose(page, 'Compression', 'zstd');
    await choose(page, 'Drive type', 'virtio');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText(/File pools cannot compress drives/).waitFor();
    await choose(page, 'Compression', 'off');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await treeItem('Disk1').waitFor();
    const drives = await get<(Drive & { sparse: boolean; compression: string; type: string })[]>(`/vms/${await vmId('Disk1')}/drives`);
    expect(drives.map((d) => ({ size: d.size, sparse: d.sparse, compression: d.compression, type: d.type }))).toEqual([{ size: GIB, sparse: true, compression: 'off', type: 'virtio' }]);

    await treeItem('Disk1').locator('.tree-title').click();
    await page.getByRole('button', { name: 'Hard Drives' }).click();
    await page.getByRole('region', { name: `Hard drive ${drives[0]!.name}` }).waitFor();
    expect(await page.getByLabel('Size', { exact: true }).textContent()).toBe('Size: 1 G');
  });

  it('snapshots the VM from its right-click menu, with a comment', async () => {
    await menu(treeItem('Disk1').locator('.tree-title'), 'Snapshot…');
    const dialog = page.getByRole('dialog', { name: 'Snapshot Disk1' });
    await dialog.getByLabel('Snapshot comment').fill('before the update');
    await dialog.getByRole('button', { name: 'Snapshot now' }).click();
    await eventually(async () => (await snapshotsOf('Disk1')).map((s) => s.comment)).toEqual(['before the update']);
  });

  it('clones the VM into 3 copies from the right-click menu', async () => {
    await menu(treeItem('Disk1').locator('.tree-title'), 'Clone…');
    const dialog = page.getByRole('dialog', { name: 'Clone Disk1' });
    await dialog.getByLabel('Enter new VMs name').fill('Copy');
    await dialog.getByLabel('Number of clones').fill('3');
    await dialog.getByRole('button', { name: 'Clone' }).click();
    for (const name of ['Copy-1', 'Copy-2', 'Copy-3']) await treeItem(name).waitFor();
    const copies = await get<Drive[]>(`/vms/${await vmId('Copy-2')}/drives`);
    expect(copies).toHaveLength(1);
  });

  it('refuses to delete the snapshot the clones depend on, and deletes another by multi-select', async () => {
    await treeItem('Disk1').locator('.tree-title').click();
    await page.getByRole('button', { name: 'Snapshots' }).click();
    const section = page.getByRole('region', { name: 'VM snapshots of Disk1' });
    const table = section.getByRole('table');
    const source = table.getByRole('row', { name: /Clone of Disk1/ });
    await source.waitFor();
    await source.getByRole('checkbox').check();
    await section.getByRole('button', { name: 'Delete Snapshot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'The snapshot can not be deleted as long as it has clones' }).count(), { timeout: 10_000 }).toBe(1);
    expect((await snapshotsOf('Disk1')).length).toBe(2);

    await source.getByRole('checkbox').uncheck();
    await table.getByRole('row', { name: /before the update/ }).getByRole('checkbox').check();
    await section.getByRole('button', { name: 'Delete Snapshot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await eventually(async () => (await snapshotsOf('Disk1')).map((s) => s.comment)).toEqual([expect.stringMatching(/^Clone of Disk1/)]);
    await eventually(() => table.getByRole('row', { name: /before the update/ }).count()).toBe(0);
  });

  it('updates a snapshot comment and clones the snapshot into a new VM from its right-click menu', async () => {
    const section = page.getByRole('region', { name: 'VM snapshots of Disk1' });
    const table = section.getByRole('table');
    const row = table.getByRole('row', { name: /Clone of Disk1/ });
    await row.getByRole('checkbox').check();
    await section.getByLabel('Snapshot comment', { exact: true }).fill('golden');
    await section.getByRole('button', { name: 'Update' }).click();
    await eventually(async () => (await snapshotsOf('Disk1')).map((s) => s.comment)).toEqual(['golden']);

    await menu(table.getByRole('row', { name: /golden/ }), 'Clone…');
    const dialog = page.getByRole('dialog', { name: /Clone the snapshot of Disk1/ });
    await dialog.getByLabel('New VM name').fill('Restored');
    await dialog.getByRole('button', { name: 'Clone' }).click();
    await treeItem('Restored').waitFor();
    expect(await get<Drive[]>(`/vms/${await vmId('Restored')}/drives`)).toHaveLength(1);
  });

  it('shows VMs by hard drive and by snapshot in the tree', async () => {
    await page.getByRole('radiogroup', { name: 'Details By' }).locator('label').filter({ hasText: 'By Snapshot' }).click();
    await treeItem('Disk1').locator('.ant-tree-switcher').click();
    await treeItem(/golden/).waitFor();
    await page.getByRole('radiogroup', { name: 'Details By' }).locator('label').filter({ hasText: 'By Hard Drive' }).click();
    await treeItem('Disk1').locator('.ant-tree-switcher').click();
    await treeItem(/Disk1-\d/).waitFor();
  });

  it('shows pools and drives in the Servers view, assigned green and unassigned brown, and grows a drive', async () => {
    const pool = (await get<{ id: string }[]>('/pools'))[0]!.id;
    expect((await server.api(token, 'POST', '/drives', { name: 'Spare', pool, sizeBytes: 512 * 2 ** 20 })).status).toBe(201);
    const disk1Drive = (await get<Drive[]>(`/vms/${await vmId('Disk1')}/drives`))[0]!;

    await view('Servers');
    await treeItem('Spare').waitFor();
    expect(await colour(treeItem('Spare'))).toBe('rgb(139, 69, 19)');
    expect(await colour(treeItem(disk1Drive.name))).toBe('rgb(46, 125, 50)');

    await treeItem('Spare').locator('.tree-title').click();
    const panel = page.getByRole('region', { name: 'Hard drive Spare' });
    await panel.getByRole('button', { name: 'Grow Disk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Grow Spare' });
    await dialog.getByLabel('New size (GiB)').fill('2');
    await dialog.getByRole('button', { name: 'Grow Disk' }).click();
    await eventually(async () => (await get<Drive[]>('/drives')).find((d) => d.name === 'Spare')?.size).toBe(2 * GIB);
    await eventually(() => panel.getByLabel('Size', { exact: true }).textContent()).toBe('Size: 2 G');

    await panel.getByLabel('Comments').fill('scratch space');
    await panel.getByRole('button', { name: 'Apply' }).click();
    await eventually(async () => (await get<(Drive & { comment: string })[]>('/drives')).find((d) => d.name === 'Spare')?.comment).toBe('scratch space');
  });

  it('takes a pool offline from the server details (administrators)', async () => {
    await treeItem('e2e-server').locator('.tree-title').click();
    await page.getByRole('switch', { name: 'fast online' }).click();
    await eventually(async () => (await get<{ online: boolean }[]>('/pools'))[0]?.online).toBe(false);
    await page.getByRole('switch', { name: 'fast online' }).click();
    await eventually(async () => (await get<{ online: boolean }[]>('/pools'))[0]?.online).toBe(true);
  });

  it('saves screenshots of the Servers view and of a VM with drives and snapshots at 1280x800 and tablet size', async () => {
    const disk1Drive = (await get<Drive[]>(`/vms/${await vmId('Disk1')}/drives`))[0]!;
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      await view('Servers');
      await treeItem(disk1Drive.name).locator('.tree-title').click();
      await page.getByRole('region', { name: `Hard drive ${disk1Drive.name}` }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, `servers-drive-${size}.png`), fullPage: true });
      await view('VMs');
      await treeItem('Disk1').locator('.tree-title').click();
      await page.getByRole('button', { name: 'Hard Drives' }).click();
      await page.getByRole('button', { name: 'Snapshots' }).click();
      await page.getByRole('table', { name: 'VM snapshots of Disk1' }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, `vm-storage-${size}.png`), fullPage: true });
    }
  });

  it('applies a VM Group to a Host Group from its right-click menu', async () => {
    const group = (await server.api<{ id: string }>(token, 'POST', '/host-groups', { name: 'Lab', type: 'distributed' })).body;
    expect(group.id).toBeTruthy();
    const vmGroup = (await server.api<{ id: string }>(token, 'POST', '/vm-groups', { name: 'Office' })).body;
    await server.api(token, 'POST', `/vm-groups/${vmGroup.id}/vms`, { vms: [await vmId('Copy-1')] });
    await page.getByRole('tab', { name: 'VM Groups' }).click();
    await menu(page.getByRole('table', { name: 'VM Groups' }).getByRole('row', { name: /Office/ }), 'Apply to a Host Group…');
    await choose(page, 'Host Group', 'Lab');
    await page.getByRole('dialog', { name: /Apply Office/ }).getByRole('button', { name: 'Apply' }).click();
    await eventually(async () => (await get<{ name: string; hostGroup: string | null }[]>('/vms')).filter((v) => v.hostGroup === 'Lab').map((v) => v.name)).toEqual(['Copy-1-Lab']);
    await page.getByRole('tab', { name: 'Home' }).click();
  });

  it("offers a template's right-click menu in the Templates tab; Snapshot, then Clone makes VMs from the template", async () => {
    expect((await server.api(token, 'POST', `/vms/${await vmId('Restored')}/template`)).status).toBe(200);
    await page.getByRole('tab', { name: 'Templates' }).click();
    const row = page.getByRole('table', { name: 'Templates' }).getByRole('row', { name: /Restored/ });
    await row.click({ button: 'right' });
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['New VM from template…', 'Rename…', 'Snapshot…', 'Clone…', 'Grant to user…', 'Delete']);
    await page.getByRole('menuitem', { name: 'Snapshot…' }).click();
    const snap = page.getByRole('dialog', { name: 'Snapshot Restored' });
    await snap.getByLabel('Snapshot comment').fill('template ready');
    await snap.getByRole('button', { name: 'Snapshot now' }).click();
    await eventually(async () => (await snapshotsOf('Restored')).map((s) => s.comment)).toContain('template ready');

    await menu(row, 'Clone…');
    const dialog = page.getByRole('dialog', { name: 'Clone Restored' });
    await dialog.getByLabel('Enter new VMs name').fill('Class');
    await dialog.getByLabel('Number of clones').fill('2');
    await choose(page, 'Host Group', 'Lab');
    await dialog.getByRole('button', { name: 'Clone' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const made = (await get<{ name: string; isTemplate: boolean; hostGroup: string | null }[]>('/vms')).filter((v) => v.name.startsWith('Class'));
    expect(made.map((v) => `${v.name}:${v.isTemplate}:${v.hostGroup}`).sort()).toEqual(['Class-1:false:Lab', 'Class-2:false:Lab']);
    expect(await get<Drive[]>(`/vms/${await vmId('Class-2')}/drives`)).toHaveLength(1);

    await page.getByRole('tab', { name: 'Home' }).click();
    await view('VMs');
    await treeItem('Class-2').waitFor();
  });
});

describe('the certificate warning over HTTPS', () => {
  it("explains the browser's warning and shows the fingerprint of the server's own certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infinity-e2e-tls-'));
    const db = openDatabase(join(dir, 'infinity.db'));
    const commands = buildCommandLayer(db);
    await commands.execute('user.ensureBuiltinAdmin', undefined, SYSTEM_ACTOR);
    const tls = await ensureTlsCertificate(join(dir, 'tls'), '127.0.0.1');
    const app = await buildApp({ db, commands, logger: false, https: { key: tls.key, cert: tls.cert } });
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      expect(url.startsWith('https://')).toBe(true);
      // The person clicked through the browser's own warning; the page then explains it.
      const context = await browser.newContext({ viewport: SIZES.desktop, ignoreHTTPSErrors: true });
      const p = await context.newPage();
      await p.goto(`${url}/console/`);
      const notice = p.getByRole('region', { name: 'Server certificate' });
      await notice.waitFor();
      expect(await notice.textContent()).toContain('This server uses its own certificate');
      expect(await p.getByLabel('Certificate fingerprint').textContent()).toBe(tls.fingerprint);
      await p.screenshot({ path: join(SCREENSHOTS, 'tls-warning-desktop.png'), fullPage: true });
      await context.close();
    } finally {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
