import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Reply = { error: { code: string; field?: string; message: string } };

describe('granting access', () => {
  it('lets a regular user share the drive of their own VM (seen through the VM)', async () => {
    const created = await t.as(t.tokens.regular, {
      method: 'POST', url: '/api/v1/vms', payload: { name: 'shared-disk-vm', disk: { sizeBytes: 16 * 1024 * 1024, sparse: true } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const vm = (created.json() as { id: string }[])[0]!;
    const drives = await t.as(t.tokens.regular, { method: 'GET', url: `/api/v1/vms/${vm.id}/drives` });
    const drive = (drives.json() as { id: string }[])[0]!;
    const payload = { objectType: 'drive', objectId: drive.id };
    const res = await t.as(t.tokens.regular, { method: 'POST', url: `/api/v1/users/${t.users.restricted}/grants`, payload });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('revoking access', () => {
  it("lets only administrators and the object's creator take other users' access away", async () => {
    const kim = await t.createUser('kim', 'regular');
    const lee = await t.createUser('lee', 'restricted');
    const kimToken = await t.login('kim', USER_PASSWORD);
    const created = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vms', payload: { name: 'ritas-vm' } });
    const vm = (created.json() as { id: string }[])[0]!;
    for (const user of [kim, lee]) {
      const payload = { objectType: 'vm', objectId: vm.id };
      const granted = await t.as(t.tokens.regular, { method: 'POST', url: `/api/v1/users/${user}/grants`, payload });
      expect(granted.statusCode).toBe(201);
    }
    const revoke = (token: string, user: string) =>
      t.as(token, { method: 'DELETE', url: `/api/v1/users/${user}/grants/vm/${vm.id}` });

    const before = t.dump();
    for (const user of [t.users.regular, lee]) {
      const res = await revoke(kimToken, user);
      expect(res.statusCode, user).toBe(403);
      const { error } = res.json() as Reply;
      expect(error.code).toBe('INF_ERR_FORBIDDEN');
      expect(error.message).toContain('VM "ritas-vm"');
      expect(error.message).toContain('rita');
    }
    expect(t.dump()).toEqual(before);

    expect((await revoke(t.tokens.regular, lee)).statusCode).toBe(200);
    expect((await revoke(t.tokens.admin, kim)).statusCode).toBe(200);
    expect((await revoke(t.tokens.admin, t.users.regular)).statusCode).toBe(200);
  });

  it('says whose access to which object is missing, in names, and calls a template a template', async () => {
    const created = await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/vms', payload: { name: 'Gold' } });
    const vm = (created.json() as { id: string }[])[0]!;
    expect((await t.as(t.tokens.admin, { method: 'POST', url: `/api/v1/vms/${vm.id}/template` })).statusCode).toBe(200);
    const url = `/api/v1/users/${t.users.restricted}/grants/vm/${vm.id}`;
    const res = await t.as(t.tokens.admin, { method: 'DELETE', url });
    expect(res.statusCode).toBe(404);
    expect((res.json() as Reply).error).toEqual({
      code: 'INF_ERR_NOT_FOUND', message: 'rob has no access to template "Gold" to take away.',
    });
  });
});
