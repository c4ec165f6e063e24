import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

interface HostView { id: string; name: string; hostGroup: string; hostGroupId: string; mac: string | null; [k: string]: unknown }
type ErrorReply = { error: { code: string; field?: string; message: string } };

const register = (token: string, payload: object) => t.as(token, { method: 'POST', url: '/api/v1/hosts', payload });

describe('Hosts', () => {
  it('joins the Host Group named after the Host by default, creating it and granting it to the creator', async () => {
    const res = await register(t.tokens.regular, { name: 'pc1', mac: 'AA:BB:CC:00:00:01' });
    expect(res.statusCode).toBe(201);
    const host = res.json() as HostView;
    expect(host).toMatchObject({ name: 'pc1', hostGroup: 'pc1', mac: 'aa:bb:cc:00:00:01', online: false, lastSeenAt: null, runningVms: 0, logLevel: 'info' });
    const groups = (await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/host-groups' })).json() as { name: string }[];
    expect(groups.map((g) => g.name)).toContain('pc1');
  });

  it('joins a named Host Group, creating it once', async () => {
    expect((await register(t.tokens.regular, { name: 'pc2', hostGroup: 'lab' })).json()).toMatchObject({ hostGroup: 'lab' });
    const third = (await register(t.tokens.regular, { name: 'pc3', hostGroup: 'lab' })).json() as HostView;
    expect(third.hostGroup).toBe('lab');
    const hosts = (await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/host-groups/lab/hosts' })).json() as HostView[];
    expect(hosts.map((h) => h.name)).toEqual(['pc2', 'pc3']);
  });

  it("gives a user their own NAME-user group when the named one is someone else's, and reuses it", async () => {
    expect((await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/host-groups', payload: { name: 'classroom' } })).statusCode).toBe(201);
    const first = (await register(t.tokens.regular, { name: 'pc4', hostGroup: 'classroom' })).json() as HostView;
    expect(first.hostGroup).toBe('classroom-rita');
    const second = (await register(t.tokens.regular, { name: 'pc5', hostGroup: 'classroom' })).json() as HostView;
    expect(second.hostGroupId).toBe(first.hostGroupId);
    const admins = (await register(t.tokens.admin, { name: 'pc6', hostGroup: 'classroom' })).json() as HostView;
    expect(admins.hostGroup).toBe('classroom');
  });

  it('shows administrators every Host and others only Hosts of their Host Groups', async () => {
    const names = async (token: string) => ((await t.as(token, { method: 'GET', url: '/api/v1/hosts' })).json() as HostView[]).map((h) => h.name);
    expect(await names(t.tokens.admin)).toEqual(['pc1', 'pc2', 'pc3', 'pc4', 'pc5', 'pc6']);
    expect(await names(t.tokens.regular)).toEqual(['pc1', 'pc2', 'pc3', 'pc4', 'pc5']);
    expect(await names(t.tokens.restricted)).toEqual([]);
    expect((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/hosts/pc6' })).statusCode).toBe(404);
    expect((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/host-groups/classroom/hosts' })).statusCode).toBe(404);
    expect((await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/hosts/pc1' })).json()).toMatchObject({ name: 'pc1' });
  });

  it('changes agent configuration settings', async () => {
    const payload = {
      ramCapMb: 4096, kiosk: true, fullScreen: true, threeD: true, useHostCache: true, hostRdp: true, autoReset: false, pageFusion: true,
      agentInterface: 'eth0', bridgedInterface: 'Ethernet 2', audioSupport: 'pulseaudio', rdpCommand: 'xfreerdp /v:%address:%port /u:%username',
      logLevel: 'all', backupDirectory: '/var/backups/infinity', comment: 'front row',
    };
    const res = await t.as(t.tokens.regular, { method: 'PATCH', url: '/api/v1/hosts/pc1', payload });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject(payload);
    const windows = await t.as(t.tokens.regular, { method: 'PATCH', url: '/api/v1/hosts/pc1', payload: { backupDirectory: 'D:\\backups', name: 'pc1' } });
    expect(windows.json()).toMatchObject({ backupDirectory: 'D:\\backups' });
  });

  it('refuses settings that cannot go together, naming the field', async () => {
    const before = t.dump();
    const res = await t.as(t.tokens.regular, { method: 'PATCH', url: '/api/v1/hosts/pc1', payload: { headless: true } });
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorReply).error.field).toBe('headless');
    const seamless = await t.as(t.tokens.regular, { method: 'PATCH', url: '/api/v1/hosts/pc1', payload: { seamless: true } });
    expect((seamless.json() as ErrorReply).error.field).toBe('seamless');
    expect(t.dump()).toEqual(before);
  });

  it('moves a Host to another Host Group it can see', async () => {
    const res = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/hosts/pc1/host-group', payload: { hostGroup: 'lab' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'pc1', hostGroup: 'lab' });
    const before = t.dump();
    const hidden = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/hosts/pc1/host-group', payload: { hostGroup: 'classroom' } });
    expect(hidden.statusCode).toBe(404);
    expect((hidden.json() as ErrorReply).error.field).toBe('hostGroup');
    expect(t.dump()).toEqual(before);
  });

  it('puts at most one Host in a BareMetal Host Group', async () => {
    await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/host-groups', payload: { name: 'bm', type: 'baremetal', mac: '52:54:00:00:00:09' } });
    expect((await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/hosts/pc2/host-group', payload: { hostGroup: 'bm' } })).statusCode).toBe(200);
    const before = t.dump();
    const second = await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/hosts/pc3/host-group', payload: { hostGroup: 'bm' } });
    expect(second.statusCode).toBe(409);
    const registered = await register(t.tokens.admin, { name: 'pc7', hostGroup: 'bm' });
    expect(registered.statusCode).toBe(409);
    expect(t.dump()).toEqual(before);
  });

  it('refuses to move or delete a Host that runs VMs, and to delete an online Host', async () => {
    const vm = (await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vms', payload: { name: 'busy', hostGroup: 'lab' } })).json() as { id: string }[];
    const host = (await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/hosts/pc3' })).json() as HostView;
    // What an agent reports later: the VM runs on pc3.
    t.db.prepare("UPDATE vms SET host_id = ?, state = 'RUNNING' WHERE id = ?").run(host.id, vm[0]!.id);
    const before = t.dump();
    expect((await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/hosts/pc3/host-group', payload: { hostGroup: 'pc1' } })).statusCode).toBe(409);
    expect((await t.as(t.tokens.regular, { method: 'DELETE', url: '/api/v1/hosts/pc3' })).statusCode).toBe(409);
    expect((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/hosts/pc3' })).json()).toMatchObject({ runningVms: 1 });
    expect(t.dump()).toEqual(before);
    t.db.prepare('UPDATE hosts SET online = 1 WHERE id = ?').run(host.id);
    t.db.prepare("UPDATE vms SET host_id = NULL, state = 'POWERED_OFF' WHERE id = ?").run(vm[0]!.id);
    const online = await t.as(t.tokens.regular, { method: 'DELETE', url: '/api/v1/hosts/pc3' });
    expect(online.statusCode).toBe(409);
    expect((online.json() as ErrorReply).error.message).toMatch(/online/);
    t.db.prepare('UPDATE hosts SET online = 0 WHERE id = ?').run(host.id);
  });

  it('deletes a Host', async () => {
    const res = await t.as(t.tokens.regular, { method: 'DELETE', url: '/api/v1/hosts/pc3' });
    expect(res.statusCode).toBe(200);
    expect((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/hosts/pc3' })).statusCode).toBe(404);
  });

  it('lets restricted users change nothing', async () => {
    const before = t.dump();
    expect((await register(t.tokens.restricted, { name: 'pc9' })).statusCode).toBe(403);
    expect((await t.as(t.tokens.restricted, { method: 'PATCH', url: '/api/v1/hosts/pc1', payload: { kiosk: false } })).statusCode).toBe(403);
    expect((await t.as(t.tokens.restricted, { method: 'DELETE', url: '/api/v1/hosts/pc1' })).statusCode).toBe(403);
    expect(t.dump()).toEqual(before);
  });

  it('refuses duplicate names and MAC addresses', async () => {
    const before = t.dump();
    const name = await register(t.tokens.regular, { name: 'PC1' });
    expect(name.statusCode).toBe(409);
    expect((name.json() as ErrorReply).error.field).toBe('name');
    const mac = await register(t.tokens.regular, { name: 'pc8', mac: 'aa:bb:cc:00:00:01' });
    expect(mac.statusCode).toBe(409);
    expect((mac.json() as ErrorReply).error.field).toBe('mac');
    const rename = await t.as(t.tokens.regular, { method: 'PATCH', url: '/api/v1/hosts/pc1', payload: { name: 'pc2' } });
    expect(rename.statusCode).toBe(409);
    expect(t.dump()).toEqual(before);
  });

  it('answers bad input with a 4xx naming the field and changes nothing', async () => {
    const before = t.dump();
    const long = 'x'.repeat(65);
    const cases: [string, string, object, number, string][] = [
      ['POST', '/api/v1/hosts', {}, 400, 'name'],
      ['POST', '/api/v1/hosts', { name: 42 }, 400, 'name'],
      ['POST', '/api/v1/hosts', { name: long }, 400, 'name'],
      ['POST', '/api/v1/hosts', { name: 'pcx', online: true }, 400, 'online'],
      ['POST', '/api/v1/hosts', { name: 'pcx', mac: 'not-a-mac' }, 400, 'mac'],
      ['POST', '/api/v1/hosts', { name: 'pcx', hostGroup: 'a/b' }, 400, 'hostGroup'],
      ['PATCH', '/api/v1/hosts/pc1', {}, 400, 'body'],
      ['PATCH', '/api/v1/hosts/pc1', { ramCapMb: 'lots' }, 400, 'ramCapMb'],
      ['PATCH', '/api/v1/hosts/pc1', { ramCapMb: -1 }, 400, 'ramCapMb'],
      ['PATCH', '/api/v1/hosts/pc1', { kiosk: 'yes' }, 400, 'kiosk'],
      ['PATCH', '/api/v1/hosts/pc1', { logLevel: 'verbose' }, 400, 'logLevel'],
      ['PATCH', '/api/v1/hosts/pc1', { audioSupport: 'beeper' }, 400, 'audioSupport'],
      ['PATCH', '/api/v1/hosts/pc1', { lastSeenAt: '2026-01-01T00:00:00Z' }, 400, 'lastSeenAt'],
      ['PATCH', '/api/v1/hosts/pc1', { rdpCommand: 'rdp\nrm -rf /' }, 400, 'rdpCommand'],
      ['PATCH', '/api/v1/hosts/pc1', { backupDirectory: 'relative/dir' }, 400, 'backupDirectory'],
      ['PATCH', '/api/v1/hosts/pc1', { comment: 'c'.repeat(4097) }, 400, 'comment'],
      ['PATCH', '/api/v1/hosts/pc1', { agentInterface: 'i'.repeat(129) }, 400, 'agentInterface'],
      ['PATCH', '/api/v1/hosts/no-such-host', { kiosk: false }, 404, ''],
      ['POST', '/api/v1/hosts/pc1/host-group', {}, 400, 'hostGroup'],
      ['POST', '/api/v1/hosts/pc1/host-group', { hostGroup: 7 }, 400, 'hostGroup'],
      ['POST', '/api/v1/hosts/pc1/host-group', { hostGroup: 'nowhere' }, 404, 'hostGroup'],
      ['POST', '/api/v1/hosts/no-such-host/host-group', { hostGroup: 'lab' }, 404, ''],
      ['DELETE', '/api/v1/hosts/no-such-host', {}, 404, ''],
    ];
    for (const [method, url, payload, status, field] of cases) {
      const res = await t.as(t.tokens.regular, { method: method as 'POST', url, ...(method === 'DELETE' ? {} : { payload }) });
      expect({ method, url, payload, status: res.statusCode }).toEqual({ method, url, payload, status });
      const { error } = res.json() as ErrorReply;
      if (field) expect({ url, payload, field: error.field }).toEqual({ url, payload, field });
    }
    // Over-long ids stop at fastify's parameter length (414) before the schema's 128 (400).
    for (const length of [129, 200]) {
      const res = await t.as(t.tokens.regular, { method: 'GET', url: `/api/v1/hosts/${'z'.repeat(length)}` });
      expect([400, 414]).toContain(res.statusCode);
    }
    expect((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/host-groups/nowhere/hosts' })).statusCode).toBe(404);
    const malformed = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/hosts', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(malformed.statusCode).toBe(400);
    expect(t.dump()).toEqual(before);
  });
});
