import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, makeCli, startServer, tempDir, type Cli, type RunningServer } from './cli-harness.js';

/** Hosts, VM Groups, servers, logs and settings through the real CLI. */
describe('infinity CLI: hosts, VM Groups, servers, logs, settings', () => {
  const dir = tempDir('infinity-cli-areas-');
  let server: RunningServer;
  let cli: Cli;

  beforeAll(async () => {
    await buildOnce();
    server = await startServer(`${dir.path}/data`);
    cli = makeCli(dir.path);
    await cli.ok('login', '--server', server.url, '--user', 'admin', '--password', 'admin');
    await cli.ok('passwd', '--old', 'admin', '--new', 'areas-admin-pass-1');
  });

  afterAll(async () => {
    await server?.stop();
    dir.remove();
  });

  it('registers, changes, moves and removes Hosts', async () => {
    const host = await cli.json('host', 'register', '--name', 'pc-01', '--mac', '52:54:00:00:00:01', '--host-group', 'class-a');
    expect(host).toMatchObject({ name: 'pc-01', hostGroup: 'class-a', mac: '52:54:00:00:00:01', online: false });
    await cli.ok('host-group', 'create', '--name', 'class-b');

    const set = await cli.json('host', 'set', 'pc-01', '--ram-cap', '8G', '--kiosk', 'on', '--log-level', 'debug', '--comment', 'front row');
    expect(set).toMatchObject({ ramCapMb: 8192, kiosk: true, logLevel: 'debug', comment: 'front row' });
    expect((await cli.ok('host', 'show', 'pc-01')).stdout).toMatch(/RAM cap MB\s+│ 8192/);

    expect(await cli.json('host', 'move', 'pc-01', 'class-b')).toMatchObject({ hostGroup: 'class-b' });
    expect(await cli.json('host-group', 'hosts', 'class-b')).toEqual([expect.objectContaining({ name: 'pc-01' })]);
    expect(await cli.json('host', 'list', '--host-group', 'class-a')).toEqual([]);
    expect((await cli.ok('host', 'list')).stdout).toMatch(/pc-01\s+│ class-b/);

    const bad = await cli('host', 'set', 'pc-01', '--audio-support', 'beeper');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^infinity: .*audioSupport/);

    await cli.ok('host', 'delete', 'pc-01');
    expect(await cli.json('host', 'list')).toEqual([]);
  });

  it('groups VMs, changes members, and applies a group to a Host Group', async () => {
    await cli.ok('vm', 'create', '--name', 'lab', '--copies', '3');
    const group = await cli.json('vm-group', 'create', '--name', 'labs', '--comment', 'room 4', '--vm', 'lab-1', '--vm', 'lab-2');
    expect(group).toMatchObject({ name: 'labs', comment: 'room 4', memberCount: 2 });

    const added = await cli.json('vm-group', 'add', 'labs', '--vm', 'lab-3');
    expect(added.vms.map((vm: { name: string }) => vm.name).sort()).toEqual(['lab-1', 'lab-2', 'lab-3']);
    expect((await cli.json('vm-group', 'remove', 'labs', 'lab-1')).memberCount).toBe(2);
    expect(await cli.json('vm-group', 'set', 'labs', '--name', 'labs2')).toMatchObject({ name: 'labs2' });
    expect((await cli.ok('vm-group', 'show', 'labs2')).stdout).toContain('lab-3');

    await cli.ok('host-group', 'create', '--name', 'room4');
    const clones = await cli.json('vm-group', 'apply', 'labs2', '--host-group', 'room4');
    expect(clones.map((vm: { name: string; hostGroup: string }) => [vm.name, vm.hostGroup]).sort()).toEqual([['lab-2-room4', 'room4'], ['lab-3-room4', 'room4']]);
    const unknown = await cli('vm-group', 'apply', 'labs2', '--host-group', 'no-such-group');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/^infinity: .*no-such-group/);

    const bob = await cli.json('user', 'create', '--name', 'bob', '--password', 'bob-pass-12');
    expect(await cli.json('user', 'grant', 'bob', 'vm-group', 'labs2')).toMatchObject({ objectType: 'vm_group', objectName: 'labs2', userId: bob.id });

    expect(await cli.json('vm-group', 'delete', 'labs2')).toMatchObject({ outcome: 'delete' });
    expect(await cli.json('vm-group', 'list')).toEqual([]);
  });

  it('lists the servers and reads the local log', async () => {
    const servers = await cli.json('servers', 'list');
    expect(servers).toEqual([expect.objectContaining({ isLocal: true, online: true })]);
    expect(await cli.json('servers', 'show', servers[0].id)).toMatchObject({ id: servers[0].id });
    expect((await cli.ok('servers', 'list')).stdout).toContain('(this one)');

    const logs = await cli.json('logs', '--limit', '5');
    expect(logs).toMatchObject({ serverId: servers[0].id, entries: expect.any(Array) });
    expect(logs.entries.length).toBeLessThanOrEqual(5);
    const named = await cli.json('logs', servers[0].name, '--level', 'warn');
    expect(named.serverId).toBe(servers[0].id);
  });

  it('sets, shows and removes the mail settings, and sets the time servers', async () => {
    const mail = await cli.json(
      'settings', 'mail', 'set', '--host', 'smtp.example.org', '--security', 'starttls', '--user', 'infinity', '--password', 'smtp-secret',
      '--from', 'infinity@example.org', '--to', 'ops@example.org', '--to', 'it@example.org',
    );
    expect(mail).toMatchObject({ configured: true, host: 'smtp.example.org', security: 'starttls', passwordSet: true, recipients: ['ops@example.org', 'it@example.org'] });
    expect(JSON.stringify(mail)).not.toContain('smtp-secret');
    const kept = await cli.json('settings', 'mail', 'set', '--host', 'smtp.example.org', '--user', 'infinity', '--from', 'infinity@example.org', '--to', 'ops@example.org');
    expect(kept.passwordSet).toBe(true);
    const cleared = await cli.json('settings', 'mail', 'set', '--host', 'smtp.example.org', '--from', 'infinity@example.org', '--to', 'ops@example.org', '--no-password');
    expect(cleared.passwordSet).toBe(false);
    expect((await cli.ok('settings', 'mail', 'show')).stdout).toMatch(/SMTP server\s+│ smtp\.example\.org/);
    expect(await cli.json('settings', 'mail', 'delete')).toEqual({ deleted: true });
    expect(await cli.json('settings', 'mail', 'show')).toMatchObject({ configured: false });

    expect(await cli.json('settings', 'ntp', 'set', '--server', 'ntp1.example.org', '--server', '10.0.0.1')).toEqual({ servers: ['ntp1.example.org', '10.0.0.1'], isDefault: false });
    expect((await cli.ok('settings', 'ntp', 'show')).stdout).toContain('ntp1.example.org');
  });
});
