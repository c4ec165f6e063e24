import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canLogIn } from '../helpers/initiator.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';
import { buildOnce, makeCli, startServer, tempDir, type Cli, type RunningServer } from './cli-harness.js';

const GiB = 1024 ** 3;

/** The storage interface, driven through the real CLI against a real server with its own tgtd. */
describe('infinity storage commands', () => {
  const dir = tempDir('infinity-cli-storage-');
  let server: RunningServer;
  let cli: Cli;
  let portal: number;

  beforeAll(async () => {
    await buildOnce();
    portal = await freePort();
    server = await startServer(`${dir.path}/data`, ['--iscsi-portal', `127.0.0.1:${portal}`, '--tgt-control-port', String(tgtControlPort(portal))]);
    cli = makeCli(dir.path);
    await cli.ok('login', '--server', server.url, '--user', 'admin', '--password', 'admin');
    await cli.ok('passwd', '--old', 'admin', '--new', 'storage-admin-1');
  });

  afterAll(async () => {
    await server?.stop();
    dir.remove();
  });

  it('adds a file pool and lists pools as JSON', async () => {
    await cli.ok('pool', 'add', '--name', 'second', '--driver', 'file', '--path', `${dir.path}/second-pool`);
    const pools = await cli.json<{ name: string; driver: string; online: boolean }[]>('pool', 'list');
    expect(pools.map((p) => [p.name, p.driver, p.online])).toEqual([['default', 'file', true], ['second', 'file', true]]);
    const refused = await cli('pool', 'add', '--name', 'third', '--driver', 'zfs', '--path', '/x');
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('--dataset');
  });

  it('creates a VM with a sparse 10G drive on a pool, snapshots it, clones it, and makes a template', async () => {
    const [vm] = await cli.json<{ id: string; name: string }[]>('vm', 'create', '--name', 'Win7', '--pool', 'second', '--disk-size', '10G', '--sparse');
    expect(vm!.name).toBe('Win7');
    const drives = await cli.json<{ name: string; size: number; used: number; sparse: boolean; pool: string; vm: string }[]>('drive', 'list');
    expect(drives).toEqual([expect.objectContaining({ name: 'Win7-0', size: 10 * GiB, sparse: true, pool: 'second', vm: 'Win7' })]);
    expect(drives[0]!.used).toBeLessThan(1024 * 1024);

    const snapshot = await cli.json<{ comment: string }>('vm', 'snapshot', 'Win7', '--comment', 'fresh install');
    expect(snapshot.comment).toBe('fresh install');
    const clones = await cli.json<{ name: string }[]>('vm', 'clone', 'Win7', '--copies', '3', '--name', 'Lab');
    expect(clones.map((c) => c.name)).toEqual(['Lab-1', 'Lab-2', 'Lab-3']);
    const template = await cli.json<{ isTemplate: boolean }>('vm', 'template', 'Lab-1');
    expect(template.isTemplate).toBe(true);
    const fromTemplate = await cli.json<{ name: string }[]>('vm', 'create', '--name', 'Class', '--template', 'Lab-1', '--copies', '2');
    expect(fromTemplate.map((v) => v.name)).toEqual(['Class-1', 'Class-2']);
    const table = await cli.ok('drive', 'list');
    expect(table.stdout).toContain('Class-2-0');
    expect(table.stdout).toContain('10G');
  });

  it('creates drives thick unless asked for --sparse, as vm create does', async () => {
    const thick = await cli.json<{ sparse: boolean }>('drive', 'create', '--name', 'Thick-default', '--size', '16M');
    expect(thick.sparse).toBe(false);
    const sparse = await cli.json<{ sparse: boolean }>('drive', 'create', '--name', 'Sparse-asked', '--size', '16M', '--sparse');
    expect(sparse.sparse).toBe(true);
    const help = (await cli.ok('drive', 'create', '--help')).stdout;
    expect(help).toContain('--sparse');
    expect(help).not.toContain('--thick');
  });

  it('grants and revokes a drive by its name, as other objects are', async () => {
    await cli.ok('user', 'create', '--name', 'rita', '--password', 'rita-password-1');
    const grant = await cli.json<{ objectType: string; objectName: string }>('user', 'grant', 'rita', 'drive', 'Thick-default');
    expect(grant).toMatchObject({ objectType: 'drive', objectName: 'Thick-default' });
    expect(await cli.json('user', 'grants', 'rita')).toEqual([expect.objectContaining({ objectType: 'drive', objectName: 'Thick-default' })]);
    expect((await cli.ok('user', 'revoke', 'rita', 'drive', 'Thick-default')).stdout).toContain('Revoked drive Thick-default from rita');
    expect(await cli.json('user', 'grants', 'rita')).toEqual([]);
    const missing = await cli('user', 'grant', 'rita', 'drive', 'No-such-drive');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('No-such-drive');
  });

  it('deletes VM snapshots by the ids vm snapshots prints, all or none, and says what it deleted', async () => {
    await cli.ok('vm', 'create', '--name', 'Snappy', '--disk-size', '16M', '--sparse');
    await cli.ok('drive', 'create', '--vm', 'Snappy', '--size', '16M', '--sparse');
    const first = await cli.json<{ id: string }>('vm', 'snapshot', 'Snappy', '--comment', 'first');
    const second = await cli.json<{ id: string; snapshots: { id: string; drive: string }[] }>('vm', 'snapshot', 'Snappy', '--comment', 'second');
    expect(second.snapshots.map((s) => s.drive)).toEqual(['Snappy-0', 'Snappy-1']);

    const unknown = await cli('vm', 'delete-snapshots', 'Snappy', first.id, 'no-such-snapshot');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('Snappy has no snapshot no-such-snapshot');
    expect(await cli.json('vm', 'snapshots', 'Snappy')).toHaveLength(2);

    const deleted = await cli.ok('vm', 'delete-snapshots', 'Snappy', first.id);
    expect(deleted.stdout).toMatch(new RegExp(`^Deleted snapshot ${first.id} of \\S+ \\(first\\): drives Snappy-0, Snappy-1$`));
    expect((await cli.json<{ id: string }[]>('vm', 'snapshots', 'Snappy')).map((s) => s.id)).toEqual([second.id]);
    expect(await cli.json('drive', 'snapshots', 'Snappy-1')).toHaveLength(1);

    // A drive snapshot id is not a VM snapshot id here; drive delete-snapshots takes those.
    const [one, other] = second.snapshots.map((s) => s.id);
    expect((await cli('vm', 'delete-snapshots', 'Snappy', one!)).exitCode).toBe(1);
    expect((await cli.ok('drive', 'delete-snapshots', one!, other!)).stdout).toBe(`Deleted snapshot ${one}\nDeleted snapshot ${other}`);
    expect(await cli.json('vm', 'snapshots', 'Snappy')).toEqual([]);
  });

  it('refuses bad sizes and shrinking with the API message', async () => {
    const zero = await cli('drive', 'create', '--name', 'zero', '--size', '0');
    expect(zero.exitCode).not.toBe(0);
    expect(zero.stderr).toMatch(/^infinity: .*sizeBytes/);
    const shrink = await cli('drive', 'grow', 'Win7-0', '--size', '1G');
    expect(shrink.exitCode).not.toBe(0);
    expect(shrink.stderr).toContain('only grow');
    const garbage = await cli('drive', 'create', '--name', 'x', '--size', 'lots');
    expect(garbage.exitCode).not.toBe(0);
    expect(garbage.stderr).toContain('not a size');
  });

  it('exports a drive for one initiator with CHAP and prints portal and target; unexport removes it', async () => {
    const initiator = 'iqn.2026-11.org.infinity:cli-station';
    const named = await cli.json<{ targetIqn: string; chapUser: string; chapSecret: string }>('drive', 'export', 'Win7-0', '--initiator', initiator, '--chap-user', 'station-user');
    expect(named.chapUser).toBe('station-user');
    expect(await canLogIn({ port: portal, target: named.targetIqn, lun: 1 }, initiator, { user: 'station-user', secret: named.chapSecret })).toBe(true);
    const exported = await cli.json<{ portal: string; targetIqn: string; chapUser: string; chapSecret: string }>('drive', 'export', 'Win7-0', '--initiator', initiator);
    expect(exported.portal).toBe(`127.0.0.1:${portal}`);
    const people = await cli.ok('drive', 'export', 'Win7-0', '--initiator', initiator, '--chap-secret', 'cli-chap-secret-1');
    expect(people.stdout).toContain(`portal 127.0.0.1:${portal}`);
    expect(people.stdout).toContain(`target ${exported.targetIqn}`);
    const lun = { port: portal, target: exported.targetIqn, lun: 1 };
    const chap = { user: exported.chapUser, secret: 'cli-chap-secret-1' };
    expect(await canLogIn(lun, initiator, chap)).toBe(true);

    // The drive says it is exported, to whom and with which CHAP user; never the secret.
    const shown = await cli.ok('drive', 'show', 'Win7-0', '--json');
    expect(JSON.parse(shown.stdout).export).toEqual({ initiator, chapUser: exported.chapUser, targetIqn: exported.targetIqn });
    expect(shown.stdout).not.toContain('cli-chap-secret-1');
    const panel = (await cli.ok('drive', 'show', 'Win7-0')).stdout;
    expect(panel).toMatch(new RegExp(`EXPORTED TO\\s+│ ${initiator}`));
    expect(panel).toMatch(new RegExp(`CHAP USER\\s+│ ${exported.chapUser}`));
    expect(panel).toContain(exported.targetIqn);
    expect(panel).not.toContain('cli-chap-secret-1');
    expect((await cli.ok('drive', 'list')).stdout).toMatch(/Win7-0 .*│ yes\s+│ [0-9a-f-]{36}/);
    expect((await cli.json<{ name: string; export: unknown }[]>('drive', 'list')).find((d) => d.name === 'Thick-default')!.export).toBeNull();

    await cli.ok('drive', 'unexport', 'Win7-0');
    expect(await canLogIn(lun, initiator, chap)).toBe(false);
    expect((await cli.json<{ export: unknown }>('drive', 'show', 'Win7-0')).export).toBeNull();
    expect((await cli.ok('drive', 'show', 'Win7-0')).stdout).toMatch(/EXPORTED TO\s+│ -/);
  });
});
