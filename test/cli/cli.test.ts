import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, makeCli, startServer, tempDir, type Cli, type RunningServer } from './cli-harness.js';

const PASSWORD = 'cli-admin-pass-1';

describe('infinity CLI against a real server over http', () => {
  const dir = tempDir('infinity-cli-');
  let server: RunningServer;
  let cli: Cli;

  beforeAll(async () => {
    await buildOnce();
    server = await startServer(`${dir.path}/data`);
    cli = makeCli(dir.path);
  });

  afterAll(async () => {
    await server?.stop();
    dir.remove();
  });

  it('prints the URL it serves, with the real port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('refuses client commands before login, saying how to log in', async () => {
    const result = await cli('vm', 'list');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/^infinity: not logged in: run "infinity login --server URL/);
  });

  it('logs in as admin/admin, stores the token privately, and is held to the password change', async () => {
    const login = await cli.ok('login', '--server', server.url, '--user', 'admin', '--password', 'admin');
    expect(login.stdout).toContain(`Logged in to ${server.url} as admin`);
    expect(login.stdout).toContain('infinity passwd');
    const config = JSON.parse(readFileSync(cli.configFile, 'utf8'));
    expect(config).toMatchObject({ server: server.url, token: expect.any(String) });
    expect(statSync(cli.configFile).mode & 0o777).toBe(0o600);

    const blocked = await cli('vm', 'list');
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stderr).toMatch(/^infinity: .*must be changed/);
  });

  it('changes the password with passwd, then works', async () => {
    expect((await cli.ok('passwd', '--old', 'admin', '--new', PASSWORD)).stdout).toContain('Password changed');
    const me = await cli.json('whoami');
    expect(me).toMatchObject({ name: 'admin', role: 'admin', mustChangePassword: false });
    expect((await cli.ok('whoami')).stdout).toContain(`admin (admin) on ${server.url}`);
  });

  it('creates users and manages them by name', async () => {
    const user = await cli.json('user', 'create', '--name', 'alice', '--password', 'alice-pass-1');
    expect(user).toMatchObject({ name: 'alice', role: 'regular' });
    expect((await cli.ok('user', 'list')).stdout).toMatch(/alice\s+│ regular/);
    const updated = await cli.json('user', 'set', 'alice', '--role', 'restricted');
    expect(updated).toMatchObject({ id: user.id, role: 'restricted' });
    expect(await cli.json('user', 'show', user.id)).toMatchObject({ name: 'alice' });
  });

  it('creates a Host Group', async () => {
    const group = await cli.json('host-group', 'create', '--name', 'lab', '--type', 'distributed');
    expect(group).toMatchObject({ name: 'lab', type: 'distributed', vms: 0 });
    expect((await cli.ok('host-group', 'list')).stdout).toContain('lab');
  });

  it('creates, lists, changes and deletes VMs', async () => {
    const created = await cli.json(
      'vm', 'create', '--name', 'desk', '--vendor', 'Linux', '--os-type', 'Debian (64 bit)', '--ram', '2G', '--vram', '32',
      '--host-group', 'lab', '--comment', 'from the CLI', '--nic', 'virtio:nat', '--nic', '82540EM:virtual:7', '--cpus', '2', '--usb', 'off',
    );
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      name: 'desk', vendor: 'Linux', osType: 'Debian (64 bit)', ramMb: 2048, vramMb: 32, hostGroup: 'lab', comment: 'from the CLI', usb: false,
      advanced: expect.objectContaining({ cpuCount: 2 }),
      nics: [expect.objectContaining({ type: 'virtio', attachment: 'nat' }), expect.objectContaining({ type: '82540EM', attachment: 'virtual', network: 7 })],
    });
    await cli.ok('vm', 'create', '--name', 'pool', '--copies', '2');

    const list = await cli.json('vm', 'list');
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((vm: { name: string }) => vm.name).sort()).toEqual(['desk', 'pool-1', 'pool-2']);
    for (const vm of list) expect(Object.keys(vm)).toEqual(expect.arrayContaining(['id', 'name', 'state', 'hostGroup']));
    expect(list.find((vm: { name: string }) => vm.name === 'desk')).toMatchObject({ state: 'POWERED_OFF', hostGroup: 'lab' });
    expect(await cli.json('vm', 'list', '--host-group', 'lab')).toHaveLength(1);

    const table = (await cli.ok('vm', 'list')).stdout;
    expect(table).toMatch(/NAME\s+│ STATE\s+│ HOST GROUP/);
    expect(table).toMatch(/desk\s+│ POWERED_OFF\s+│ lab/);

    const set = await cli.json('vm', 'set', 'desk', '--name', 'desk2', '--ram', '512', '--host-group', 'none', '--nic', 'none');
    expect(set).toMatchObject({ vm: { name: 'desk2', ramMb: 512, hostGroup: null, nics: [] }, teleportRequested: false });
    expect((await cli.ok('vm', 'show', 'desk2')).stdout).toMatch(/RAM MB\s+│ 512/);

    expect(await cli.json('vm', 'template', 'pool-2')).toMatchObject({ name: 'pool-2', isTemplate: true });
    expect(await cli.json('vm', 'list', '--templates')).toHaveLength(1);
    expect(await cli.json('vm', 'list', '--no-templates')).toHaveLength(2);

    expect(await cli.json('vm', 'delete', 'desk2')).toMatchObject({ outcome: 'delete' });
    expect((await cli.ok('vm', 'delete', 'pool-1')).stdout).toContain('Deleted pool-1');
    expect((await cli.json('vm', 'list')).map((vm: { name: string }) => vm.name)).toEqual(['pool-2']);
  });

  it('grants a template to a user by name and revokes it', async () => {
    await cli.ok('user', 'set', 'alice', '--role', 'regular');
    const grant = await cli.json('user', 'grant', 'alice', 'template', 'pool-2');
    expect(grant).toMatchObject({ objectType: 'vm', objectName: 'pool-2' });
    expect(await cli.json('vm', 'users', 'pool-2')).toContainEqual(expect.objectContaining({ name: 'alice', role: 'regular' }));
    expect(await cli.json('user', 'grants', 'alice')).toHaveLength(1);
    await cli.ok('user', 'revoke', 'alice', 'template', 'pool-2');
    expect(await cli.json('user', 'grants', 'alice')).toHaveLength(0);
    // Said as the user wrote it: a template, not "vm".
    const said = await cli.ok('user', 'grant', 'alice', 'template', 'pool-2');
    expect(said.stdout).toContain('Granted template pool-2 to alice.');
    await cli.ok('user', 'revoke', 'alice', 'template', 'pool-2');
  });

  it("fails with the API's message and a non-zero exit", async () => {
    const missing = await cli('vm', 'show', 'no-such-vm');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/^infinity: .*no-such-vm/);
    expect(missing.stdout).toBe('');

    const invalid = await cli('vm', 'create', '--name', 'huge', '--ram', '5000G');
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stderr).toMatch(/^infinity: "ramMb" must be <=/);

    const builtin = await cli('user', 'delete', 'admin');
    expect(builtin.exitCode).toBe(1);
    expect(builtin.stderr).toMatch(/^infinity: /);
  });

  it('rejects bad option values before calling the server', async () => {
    const nic = await cli('vm', 'create', '--name', 'x', '--nic', 'e1000:nat');
    expect(nic.exitCode).not.toBe(0);
    expect(nic.stderr).toContain('unknown network card type "e1000"');
    const missing = await cli('vm', 'create');
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain("required option '--name <name>' not specified");
  });

  it('has --help on every command, from the option descriptions', async () => {
    const top = (await cli.ok('--help')).stdout;
    for (const command of ['server', 'login', 'logout', 'passwd', 'whoami', 'vm', 'user', 'host-group']) expect(top).toContain(command);
    const create = (await cli.ok('vm', 'create', '--help')).stdout;
    expect(create).toContain('--nic <TYPE:ATTACHMENT[:NETWORK]>');
    expect(create).toContain('network card, repeat for more');
    expect(create).toContain('--json');
    const login = (await cli.ok('login', '--help')).stdout;
    expect(login).toContain('--trust-fingerprint <sha256>');
    expect((await cli.ok('server', '--help')).stdout).toContain('--tls');
    expect((await cli.ok('user', 'grant', '--help')).stdout).toContain('what to grant');
  });

  it('honours INFINITY_SERVER and INFINITY_TOKEN over the configuration file', async () => {
    const token = JSON.parse(readFileSync(cli.configFile, 'utf8')).token as string;
    const other = tempDir('infinity-cli-env-');
    try {
      const fromEnv = makeCli(other.path, { INFINITY_SERVER: server.url, INFINITY_TOKEN: token });
      expect(await fromEnv.json('whoami')).toMatchObject({ name: 'admin' });
      const wrongToken = makeCli(other.path, { INFINITY_SERVER: server.url, INFINITY_TOKEN: 'not-a-token' });
      const refused = await wrongToken('whoami');
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toMatch(/^infinity: /);
    } finally {
      other.remove();
    }
  });

  it('logs out: the token is revoked and forgotten', async () => {
    const token = JSON.parse(readFileSync(cli.configFile, 'utf8')).token as string;
    await cli.ok('logout');
    expect(JSON.parse(readFileSync(cli.configFile, 'utf8')).token).toBeUndefined();
    const revoked = await makeCli(dir.path, { INFINITY_SERVER: server.url, INFINITY_TOKEN: token })('whoami');
    expect(revoked.exitCode).toBe(1);
    expect((await cli('whoami')).stderr).toContain('not logged in');
  });

  it('prints the first-login steps at start only while the built-in admin still has admin/admin', async () => {
    expect(server.banner).toContain('First login: user "admin", password "admin"');
    expect(server.banner).toContain(`infinity login --server ${server.url} --user admin --password admin`);
    // The password was changed above; the same data directory started again has no first login left.
    await server.stop();
    server = await startServer(`${dir.path}/data`);
    expect(server.banner).toContain(`serving ${server.url}/`);
    expect(server.banner).not.toContain('First login');
    expect(server.banner).not.toContain('--password admin');
    expect(server.banner).toContain(`Server log: ${dir.path}/data/logs/server.log`);
  });
});
