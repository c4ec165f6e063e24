import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type TestApp } from '../helpers/app.js';

const MiB = 1024 * 1024;
const SMALL = { sizeBytes: MiB, sparse: true };

let t: TestApp;
let kim: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.createUser('kim', 'regular');
  kim = await t.login('kim', USER_PASSWORD);
});
afterAll(async () => t.close());

type Json = Record<string, unknown>;
const ok = async <T = Json>(token: string, method: string, url: string, payload?: object, status = 200): Promise<T> => {
  const res = await t.as(token, { method: method as 'GET', url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  if (res.statusCode !== status) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
  return res.json() as T;
};
const grant = (owner: string, user: string, objectType: string, objectId: unknown) =>
  ok(owner, 'POST', `/users/${user}/grants`, { objectType, objectId }, 201);
const userId = async (name: string) => (await ok(t.tokens.admin, 'GET', `/users/${name}`)).id;

describe('snapshot and clone listings', () => {
  it("do not name another user's clones of a shared VM, in the clone list or the snapshot's comment", async () => {
    const [base] = await ok<Json[]>(t.tokens.regular, 'POST', '/vms', { name: 'Shared', disk: SMALL }, 201);
    await grant(t.tokens.regular, await userId('kim'), 'vm', base!.id);
    await ok(t.tokens.regular, 'POST', `/vms/${base!.id}/clone`, { name: 'Ritas-secret' }, 201);

    const asKim = JSON.stringify(await ok(kim, 'GET', `/vms/${base!.id}/snapshots`));
    expect(asKim).not.toContain('Ritas-secret');
    const [drive] = await ok<Json[]>(kim, 'GET', `/vms/${base!.id}/drives`);
    expect(JSON.stringify(await ok(kim, 'GET', `/drives/${drive!.id}/snapshots`))).not.toContain('Ritas-secret');

    // Rita made the clone and sees it.
    const [snapshot] = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${base!.id}/snapshots`);
    const clones = (snapshot!.snapshots as Json[]).flatMap((s) => s.clones as string[]);
    expect(clones).toEqual(['Ritas-secret-0']);
  });

  it("do not name other users' clones moved onto a drive when their template was deleted", async () => {
    const [gold] = await ok<Json[]>(t.tokens.admin, 'POST', '/vms', { name: 'Gold', disk: SMALL }, 201);
    await ok(t.tokens.admin, 'POST', `/vms/${gold!.id}/template`);
    await ok(t.tokens.admin, 'POST', `/vms/${gold!.id}/snapshots`, { comment: 'ready' }, 201);
    for (const user of [t.users.regular, await userId('kim')]) await grant(t.tokens.admin, user, 'vm', gold!.id);
    await ok(t.tokens.regular, 'POST', '/vms', { name: 'A-rita', template: gold!.id }, 201);
    await ok(kim, 'POST', '/vms', { name: 'B-kim', template: gold!.id }, 201);
    await ok(t.tokens.admin, 'DELETE', `/vms/${gold!.id}`);

    const rita = await ok<Json>(t.tokens.regular, 'GET', '/vms/A-rita');
    const [heir] = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${rita.id}/drives`);
    const held = await ok<Json[]>(t.tokens.regular, 'GET', `/drives/${heir!.id}/snapshots`);
    expect(held).toHaveLength(1);
    expect(JSON.stringify(held)).not.toContain('B-kim');
    const asVm = await ok(t.tokens.regular, 'GET', `/vms/${rita.id}/snapshots`);
    expect(JSON.stringify(asVm)).not.toContain('B-kim');
    const asAdmin = await ok<Json[]>(t.tokens.admin, 'GET', `/drives/${heir!.id}/snapshots`);
    expect(asAdmin[0]!.clones).toEqual(['B-kim-0']);
  });

  it('do not name a VM the caller cannot see that holds a drive granted to them', async () => {
    const [vm] = await ok<Json[]>(t.tokens.regular, 'POST', '/vms', { name: 'Private-vm', disk: SMALL }, 201);
    const [drive] = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${vm!.id}/drives`);
    await grant(t.tokens.admin, await userId('kim'), 'drive', drive!.id);
    const seen = await ok<Json>(kim, 'GET', `/drives/${drive!.id}`);
    expect(seen.vm).toBeNull();
    const listed = (await ok<Json[]>(kim, 'GET', '/drives')).find((d) => d.id === drive!.id);
    expect(listed).toMatchObject({ vmId: vm!.id, vm: null });
  });
});
