import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleSuite, eventually, SCREENSHOTS, treeItem as treeNode, type ConsoleServer } from './browser.js';

const PASSWORD = 'drives-admin-9';
const MIB = 2 ** 20;

interface Drive {
  id: string;
  name: string;
  vm: string | null;
  size: number;
}

const suite = consoleSuite(PASSWORD);
let page: Page;
let server: ConsoleServer;
let token: string;
let poolDir: string;
beforeAll(() => void ({ page, server, token, poolDir } = suite));

const treeItem = (name: string | RegExp) => treeNode(page, name);
const get = <T>(path: string) => suite.get<T>(path);
const drivesOf = async (vm: string) => (await get<Drive[]>(`/vms/${vm}/drives`)).map((d) => d.name).sort();
const driveNamed = async (name: string) => (await get<Drive[]>('/drives')).find((d) => d.name === name);

/**
 * The typed-in name leaves one option, the active one; Enter takes it (a dropdown of an
 * earlier dialog may still be closing in the page, so the option is not clicked).
 */
const pick = async (select: ReturnType<Page['locator']>, option: RegExp) => {
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active').filter({ hasText: option }).last().waitFor();
  await select.press('Enter');
};
/** Add existing drive…: picks `drive` (typing narrows the searchable list), then Move or Clone when asked. */
const addExisting = async (drive: string, mode?: 'Move' | 'Clone') => {
  await page.getByRole('button', { name: 'Add existing drive…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an existing hard drive to Beta' });
  const select = dialog.getByLabel('Hard drive', { exact: true });
  await select.click();
  await select.pressSequentially(drive);
  await pick(select, new RegExp(`^${drive} \\(`));
  if (mode) await dialog.getByRole('radiogroup', { name: 'Move or Clone' }).locator('label').filter({ hasText: mode }).click();
  await dialog.getByRole('button', { name: 'Add drive' }).click();
  return dialog;
};

describe('Manage Drives in the Admin Console', () => {
  it('opens the hard drives of a VM that has a disk, beside another VM with its own', async () => {
    expect((await server.api(token, 'POST', '/pools', { name: 'fast', driver: 'file', location: poolDir })).status).toBe(201);
    for (const name of ['Alpha', 'Beta']) expect((await server.api(token, 'POST', '/vms', { name, disk: { sizeBytes: 512 * MIB } })).status).toBe(201);
    expect(await drivesOf('Alpha')).toEqual(['Alpha-0']);
    expect(await drivesOf('Beta')).toEqual(['Beta-0']);

    await treeItem('Beta').locator('.tree-title').click();
    await page.getByRole('button', { name: 'Hard Drives' }).click();
    await page.getByRole('table', { name: 'Hard drives of Beta' }).getByRole('row', { name: /Beta-0/ }).waitFor();
  });

  it("clones another VM's drive into this one; the API's refusal is shown as the API words it", async () => {
    // A drive already named like the clone-to-be (Beta-1) makes the API refuse the clone.
    const blocker = (await server.api<Drive>(token, 'POST', '/drives', { name: 'Beta-1', sizeBytes: 64 * MIB })).body;
    const dialog = await addExisting('Alpha-0', 'Clone');
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Beta-1/);
    expect(await drivesOf('Beta')).toEqual(['Beta-0']);

    expect((await server.api(token, 'PATCH', `/drives/${blocker.id}`, { name: 'Spare' })).status).toBe(200);
    await dialog.getByRole('button', { name: 'Add drive' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => drivesOf('Beta')).toEqual(['Beta-0', 'Beta-1']);
    expect(await drivesOf('Alpha')).toEqual(['Alpha-0']);
    expect((await driveNamed('Alpha-0'))?.vm).toBe('Alpha');
    await page.getByRole('table', { name: 'Hard drives of Beta' }).getByRole('row', { name: /Beta-1/ }).waitFor();
  });

  it("moves another VM's drive into this one", async () => {
    const dialog = await addExisting('Alpha-0', 'Move');
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => drivesOf('Beta')).toEqual(['Alpha-0', 'Beta-0', 'Beta-1']);
    expect(await drivesOf('Alpha')).toEqual([]);
    await page.getByRole('table', { name: 'Hard drives of Beta' }).getByRole('row', { name: /Alpha-0/ }).waitFor();
  });

  it('adds an unassigned drive without asking Move or Clone', async () => {
    await page.getByRole('button', { name: 'Add existing drive…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an existing hard drive to Beta' });
    const select = dialog.getByLabel('Hard drive', { exact: true });
    await select.click();
    await select.pressSequentially('Spare');
    await pick(select, /^Spare \(unassigned/);
    expect(await dialog.getByRole('radiogroup', { name: 'Move or Clone' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Add drive' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(async () => (await driveNamed('Spare'))?.vm).toBe('Beta');
  });

  it('removes the selected drive; it stays, unassigned', async () => {
    const table = page.getByRole('table', { name: 'Hard drives of Beta' });
    await table.getByRole('row', { name: /Alpha-0/ }).getByRole('radio').check();
    await page.getByRole('button', { name: 'Remove drive Alpha-0' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove Alpha-0 from Beta?' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await eventually(async () => (await driveNamed('Alpha-0'))?.vm).toBeNull();
    expect(await drivesOf('Beta')).toEqual(['Beta-0', 'Beta-1', 'Spare']);
    await eventually(() => table.getByRole('row', { name: /Alpha-0/ }).count()).toBe(0);

    await table.getByRole('row', { name: /Beta-1/ }).getByRole('radio').check();
    await page.getByRole('region', { name: 'Hard drive Beta-1' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'vm-manage-drives-desktop.png'), fullPage: true });
  });
});
