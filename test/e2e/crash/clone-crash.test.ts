import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleCore } from '../../../server/assemble.js';
import { reconcileStorage } from '../../../server/commands/reconcile/storage.js';
import { NODE_ENTRY, freePort, spawnServer, waitForHealth, type ServerProcess } from '../../helpers/server-process.js';

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'infinity-crash-'));
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.stop(2_000);
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<ServerProcess> {
  const s = spawnServer({ command: [process.execPath, NODE_ENTRY], dataDir: dir, port: await freePort() });
  await waitForHealth(s, performance.now());
  return s;
}

async function call(s: ServerProcess, token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Real data in each drive, so every clone copies megabytes and the clone of 20 takes a while. */
function fill(file: string, bytes: number) {
  const fd = openSync(file, 'r+');
  const chunk = Buffer.alloc(MiB, 0x5a);
  for (let offset = 0; offset < bytes; offset += MiB) writeSync(fd, chunk, 0, MiB, offset);
  closeSync(fd);
}

describe('killing the server in the middle of a clone of 20 copies', () => {
  it('leaves database and storage in agreement after the next start', async () => {
    server = await start();
    const login = await call(server, null, 'POST', '/login', { user: 'admin', password: 'admin' });
    const token = login.body.token as string;
    expect((await call(server, token, 'POST', '/me/password', { old: 'admin', new: 'crash-test-password' })).status).toBe(200);
    const created = await call(server, token, 'POST', '/vms', { name: 'Source', disk: { sizeBytes: 64 * MiB } });
    expect(created.status).toBe(201);
    const vmId = (created.body as unknown as { id: string }[])[0]!.id;
    const [drive] = (await call(server, token, 'GET', `/vms/${vmId}/drives`)).body as unknown as { id: string }[];
    const volumesDir = join(dir, 'pool', 'volumes');
    fill(join(volumesDir, `${drive!.id}.raw`), 48 * MiB);

    const clone = call(server, token, 'POST', `/vms/${vmId}/clone`, { copies: 20, name: 'Copy' }).catch((error: unknown) => error);
    // Kill once a few clones exist on disk, well before all 20 are made.
    const deadline = Date.now() + 60_000;
    while (readdirSync(volumesDir).filter((f) => f.endsWith('.json')).length < 4) {
      if (Date.now() > deadline) throw new Error(`no clone appeared on disk:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    server.child.kill('SIGKILL');
    await server.exited;
    await clone;

    const restarted = await start();
    server = restarted;
    const token2 = (await call(restarted, null, 'POST', '/login', { user: 'admin', password: 'crash-test-password' })).body.token as string;
    const vms = (await call(restarted, token2, 'GET', '/vms')).body as unknown as { name: string }[];
    const copies = vms.filter((v) => v.name.startsWith('Copy-'));
    // The clone is one command, killed before its commit: none of it may remain, and the
    // start says it rolled the interrupted command back.
    expect(copies).toEqual([]);
    const rolledBack = readFileSync(join(dir, 'logs', 'server.log'), 'utf8').split('\n').filter((l) => l.includes('rolled back a command interrupted'));
    expect(rolledBack).toHaveLength(1);
    // The line names what was undone: the source's snapshot (and the clones made, when the kill came after them).
    expect(JSON.parse(rolledBack[0]!).effects).toContainEqual(expect.objectContaining({ kind: 'volume.snapshot', args: expect.objectContaining({ volumeId: drive!.id }) }));
    await restarted.stop();
    server = undefined;

    const core = await assembleCore({ dataDir: dir, serverName: 'check', address: '127.0.0.1', iscsi: null });
    try {
      expect(core.db.prepare('SELECT count(*) AS n FROM operation_journal').get()).toEqual({ n: 0 });
      expect(await reconcileStorage(core.db, core.storage)).toEqual({ orphanVolumes: [], missingVolumes: [], unreadablePools: [], swept: [] });
      // A copy the kill interrupted was swept by the restarted server: no staged file is left.
      const staged = readdirSync(join(dir, 'pool'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(tmp|rollback)$/.test(f));
      expect(staged).toEqual([]);
      const snapshots = core.db.prepare('SELECT count(*) AS n FROM snapshots').get() as { n: number };
      const onDisk = (await core.storage.pool((core.db.prepare("SELECT id FROM storage_pools WHERE name = 'default'").get() as { id: string }).id).listSnapshots(drive!.id)).length;
      expect(onDisk).toBe(snapshots.n);
    } finally {
      await core.close();
    }
  });
});
