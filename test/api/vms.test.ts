import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('VMs', () => {
  it('creates a VM with settings and lists it for its creator only', async () => {
    const res = await t.as(t.tokens.regular, {
      method: 'POST', url: '/api/v1/vms',
      payload: { name: 'Win7', vendor: 'Microsoft Desktop', osType: 'Windows 7 (64 bit)', ramMb: 512, vramMb: 27, nics: [{ type: 'virtio', attachment: 'virtual', network: 7 }] },
    });
    expect(res.statusCode).toBe(201);
    const [vm] = res.json() as { id: string; name: string; ramMb: number; nics: { network: number; mac: string }[] }[];
    expect(vm).toMatchObject({ name: 'Win7', ramMb: 512 });
    expect(vm!.nics[0]).toMatchObject({ network: 7 });
    expect(vm!.nics[0]!.mac).toMatch(/^08:00:27:/);

    const mine = (await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/vms' })).json() as { name: string }[];
    expect(mine.map((v) => v.name)).toEqual(['Win7']);
    const theirs = (await t.as(t.tokens.restricted, { method: 'GET', url: '/api/v1/vms' })).json() as unknown[];
    expect(theirs).toEqual([]);
    const all = (await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/vms' })).json() as { name: string }[];
    expect(all.map((v) => v.name)).toContain('Win7');
  });

  it('refuses network 51 and a ninth NIC, naming the field, and changes nothing', async () => {
    const before = t.dump();
    const nine = Array.from({ length: 9 }, () => ({ type: 'virtio', attachment: 'nat' }));
    for (const payload of [
      { name: 'Bad', nics: [{ type: 'virtio', attachment: 'virtual', network: 51 }] },
      { name: 'Bad', nics: nine },
    ]) {
      const res = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vms', payload });
      expect(res.statusCode).toBe(400);
      expect((res.json() as { error: { code: string; field: string } }).error.field).toMatch(/^nics/);
    }
    expect(t.dump()).toEqual(before);
  });
});
