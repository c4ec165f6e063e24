import { existsSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandError, LocalRunner, type RunOptions, type RunResult, type Runner } from '../../lib/exec/run.js';
import { buildApp } from '../../server/app.js';
import { assembleCore } from '../../server/assemble.js';
import { buildCommandLayer } from '../../server/commands/layer.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Json = Record<string, unknown>;
const api = async (token: string, method: string, url: string, payload?: unknown) => {
  const res = await t.as(token, { method: method as 'GET', url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload: payload as Json }) });
  return { status: res.statusCode, body: res.json() as unknown };
};
const ok = async <T = Json>(token: string, method: string, url: string, payload?: unknown, status = 200): Promise<T> => {
  const res = await api(token, method, url, payload);
  if (res.status !== status) throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as T;
};
const volumes = async () => (await t.storage.pool(defaultPoolId()).listVolumes()).map((v) => v.id).sort();
const defaultPoolId = () => (t.db.prepare("SELECT id FROM storage_pools WHERE name = 'default'").get() as { id: string }).id;

describe('storage through the API (file pool)', () => {
  it('has the embedded default pool, online, with its space', async () => {
    const pools = await ok<Json[]>(t.tokens.admin, 'GET', '/pools');
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({ name: 'default', driver: 'file', online: true, error: null });
    expect(pools[0]!.freeBytes).toBeGreaterThan(0);
  });

  it('creates a VM with a new sparse drive named after it, listed with size and used bytes', async () => {
    const [vm] = await ok<Json[]>(t.tokens.regular, 'POST', '/vms', { name: 'Win7', disk: { sizeBytes: 10 * GiB, sparse: true } }, 201);
    const drives = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${vm!.id}/drives`);
    expect(drives).toHaveLength(1);
    expect(drives[0]).toMatchObject({ name: 'Win7-0', size: 10 * GiB, sparse: true, pool: 'default', vm: 'Win7', position: 0 });
    expect(drives[0]!.used as number).toBeLessThan(MiB);
    expect(await volumes()).toContain(drives[0]!.id);
    const listed = await ok<Json[]>(t.tokens.regular, 'GET', '/drives');
    expect(listed.map((d) => d.name)).toEqual(['Win7-0']);
    expect(await ok<Json[]>(t.tokens.restricted, 'GET', '/drives')).toEqual([]);
  });

  it('snapshots every drive of a VM with a comment, then clones the VM into 3 copies', async () => {
    const [vm] = await ok<Json[]>(t.tokens.regular, 'POST', '/vms', { name: 'Lab', disk: { sizeBytes: 64 * MiB } }, 201);
    await ok(t.tokens.regular, 'POST', '/drives', { vm: vm!.id, sizeBytes: 32 * MiB }, 201);
    const snap = await ok<Json>(t.tokens.regular, 'POST', `/vms/${vm!.id}/snapshots`, { comment: 'before the update' }, 201);
    expect(snap).toMatchObject({ comment: 'before the update' });
    expect((snap.snapshots as Json[]).map((s) => s.drive).sort()).toEqual(['Lab-0', 'Lab-1']);

    const clones = await ok<Json[]>(t.tokens.regular, 'POST', `/vms/${vm!.id}/clone`, { copies: 3, name: 'Student' }, 201);
    expect(clones.map((c) => c.name)).toEqual(['Student-1', 'Student-2', 'Student-3']);
    const drives = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${clones[1]!.id}/drives`);
    expect(drives.map((d) => d.name)).toEqual(['Student-2-0', 'Student-2-1']);
    expect(drives.every((d) => d.originSnapshotId !== null)).toBe(true);
    const snapshots = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${vm!.id}/snapshots`);
    expect(snapshots).toHaveLength(2);
    const cloneSource = (snapshots[1]!.snapshots as Json[])[0]!;
    expect((cloneSource.clones as string[]).sort()).toEqual(['Student-1-0', 'Student-2-0', 'Student-3-0']);

    const before = t.dump();
    const refused = await api(t.tokens.regular, 'POST', '/snapshots/delete', { ids: [cloneSource.id] });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('can not be deleted as long as it has clones');
    expect(t.dump()).toEqual(before);

    const first = (snapshots[0]!.snapshots as Json[]).map((s) => s.id);
    await ok(t.tokens.regular, 'POST', '/snapshots/delete', { ids: first });
    expect(await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${vm!.id}/snapshots`)).toHaveLength(1);
  });

  it('turns a VM into a template and creates VMs from it as clones of its last snapshot', async () => {
    const [vm] = await ok<Json[]>(t.tokens.admin, 'POST', '/vms', { name: 'Gold', osType: 'Debian (64 bit)', vendor: 'Linux', disk: { sizeBytes: 32 * MiB } }, 201);
    await ok(t.tokens.admin, 'POST', `/vms/${vm!.id}/template`);
    const made = await ok<Json[]>(t.tokens.admin, 'POST', '/vms', { name: 'Deb', copies: 2, template: 'Gold' }, 201);
    expect(made.map((m) => m.name)).toEqual(['Deb-1', 'Deb-2']);
    expect(made[0]).toMatchObject({ vendor: 'Linux', osType: 'Debian (64 bit)' });
    const taken = await ok<Json[]>(t.tokens.admin, 'GET', `/vms/${vm!.id}/snapshots`);
    expect(taken).toHaveLength(1);
    const again = await ok<Json[]>(t.tokens.admin, 'POST', '/vms', { name: 'Deb-3', template: 'Gold' }, 201);
    expect(again).toHaveLength(1);
    expect(await ok<Json[]>(t.tokens.admin, 'GET', `/vms/${vm!.id}/snapshots`)).toHaveLength(1);
    const drive = (await ok<Json[]>(t.tokens.admin, 'GET', `/vms/${again[0]!.id}/drives`))[0]!;
    expect(drive.originSnapshotId).toBe(((taken[0]!.snapshots as Json[])[0]!).id);
  });

  it("refuses a regular user's snapshot of a template drive they have no rights on, changing nothing", async () => {
    const gold = await ok<Json>(t.tokens.admin, 'GET', '/vms/Gold');
    const drive = (await ok<Json[]>(t.tokens.admin, 'GET', `/vms/${gold.id}/drives`))[0]!;
    const before = t.dump();
    expect((await api(t.tokens.regular, 'POST', `/drives/${drive.id}/snapshots`, { comment: 'x' })).status).toBe(404);
    expect((await api(t.tokens.regular, 'POST', `/vms/${gold.id}/snapshots`, {})).status).toBe(404);
    expect(t.dump()).toEqual(before);
  });

  it('clones a VM snapshot into a new VM and a drive snapshot into a new drive', async () => {
    const lab = await ok<Json>(t.tokens.regular, 'GET', '/vms/Lab');
    const [snapshot] = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${lab.id}/snapshots`);
    const restored = await ok<Json>(t.tokens.regular, 'POST', `/vm-snapshots/${snapshot!.id}/clone`, { name: 'Lab-restored' }, 201);
    expect((await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${restored.id}/drives`)).map((d) => d.name)).toEqual(['Lab-restored-0', 'Lab-restored-1']);
    const driveSnapshot = (snapshot!.snapshots as Json[])[0]!;
    const drive = await ok<Json>(t.tokens.regular, 'POST', `/snapshots/${driveSnapshot.id}/clone`, { name: 'Lab-disk-copy' }, 201);
    expect(drive).toMatchObject({ name: 'Lab-disk-copy', vm: null, originSnapshotId: driveSnapshot.id });
  });

  it('grows a drive, and refuses shrinking, size 0, sizes beyond the limit, unknown pools and offline pools', async () => {
    const drive = await ok<Json>(t.tokens.regular, 'POST', '/drives', { name: 'data', sizeBytes: 64 * MiB }, 201);
    expect(await ok<Json>(t.tokens.regular, 'POST', `/drives/${drive.id}/grow`, { sizeBytes: 128 * MiB })).toMatchObject({ size: 128 * MiB });
    const before = t.dump();
    const volumesBefore = await volumes();
    const cases: [string, string, unknown, number, string?][] = [
      ['POST', `/drives/${drive.id}/grow`, { sizeBytes: 64 * MiB }, 409, 'INF_ERR_STORAGE_SHRINK'],
      ['POST', '/drives', { name: 'zero', sizeBytes: 0 }, 400, 'INF_ERR_VALIDATION'],
      ['POST', '/drives', { name: 'huge', sizeBytes: 512 * 1024 ** 4 }, 400, 'INF_ERR_VALIDATION'],
      ['POST', '/drives', { name: 'odd', sizeBytes: MiB + 1 }, 400, 'INF_ERR_VALIDATION'],
      ['POST', '/drives', { name: 'nowhere', sizeBytes: MiB, pool: 'no-such-pool' }, 404, 'INF_ERR_NOT_FOUND'],
      ['POST', '/vms', { name: 'NoPool', disk: { sizeBytes: MiB, pool: 'no-such-pool' } }, 404, 'INF_ERR_NOT_FOUND'],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const res = await api(t.tokens.regular, method, url, payload);
      expect(res.status, `${method} ${url} ${JSON.stringify(payload)}`).toBe(status);
      expect((res.body as { error: { code: string } }).error.code).toBe(code);
    }
    expect(t.dump()).toEqual(before);
    expect(await volumes()).toEqual(volumesBefore);

    await ok(t.tokens.admin, 'PATCH', '/pools/default', { online: false });
    try {
      const named = await api(t.tokens.regular, 'POST', '/drives', { name: 'later', sizeBytes: MiB, pool: 'default' });
      expect(named.status).toBe(409);
      expect(JSON.stringify(named.body)).toContain('is offline; only online pools receive new drives');
      const unnamed = await api(t.tokens.regular, 'POST', '/drives', { name: 'later', sizeBytes: MiB });
      expect(unnamed.status).toBe(409);
      expect(JSON.stringify(unnamed.body)).toContain('No storage pool is online');

      // Clones live in their origin's pool: none may be made on an offline one either.
      const win7 = await ok<Json>(t.tokens.regular, 'GET', '/vms/Win7');
      const lab = await ok<Json>(t.tokens.regular, 'GET', '/vms/Lab');
      const [labSnapshot] = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${lab.id}/snapshots`);
      const offlineBefore = t.dump();
      const clones: [string, string, string, unknown][] = [
        [t.tokens.regular, 'POST', `/vms/${win7.id}/clone`, { copies: 2, name: 'OffClone' }],
        [t.tokens.regular, 'POST', `/snapshots/${((labSnapshot!.snapshots as Json[])[0]!).id}/clone`, { name: 'off-copy' }],
        [t.tokens.regular, 'POST', `/vm-snapshots/${labSnapshot!.id}/clone`, { name: 'OffRestored' }],
        [t.tokens.regular, 'POST', `/vms/${win7.id}/drives`, { drive: 'Lab-0', mode: 'clone' }],
        [t.tokens.admin, 'POST', '/vms', { name: 'OffDeb', template: 'Gold' }],
      ];
      for (const [token, method, url, payload] of clones) {
        const res = await api(token, method, url, payload);
        expect(res.status, `${method} ${url}`).toBe(409);
        expect(JSON.stringify(res.body), `${method} ${url}`).toContain('is offline; only online pools receive new drives');
      }
      expect(t.dump()).toEqual(offlineBefore);
    } finally {
      await ok(t.tokens.admin, 'PATCH', '/pools/default', { online: true });
    }
  });

  it('adds a file pool only in a directory of its own: absolute, new or empty, apart from every other pool', async () => {
    const { location } = t.db.prepare("SELECT location FROM storage_pools WHERE name = 'default'").get() as { location: string };
    const before = t.dump();
    const cases: [string, string][] = [
      [location, 'overlaps the directory of storage pool "default"'],
      [join(location, 'volumes', 'inner'), 'overlaps the directory of storage pool "default"'],
      [join(location, '..'), 'overlaps the directory of storage pool "default"'],
      ['relative/pool', 'needs an absolute directory'],
      ['/etc', 'already holds other files'],
    ];
    for (const [dir, message] of cases) {
      const res = await api(t.tokens.admin, 'POST', '/pools', { name: 'elsewhere', driver: 'file', location: dir });
      expect(res.status, dir).toBe(400);
      expect(res.body, dir).toMatchObject({ error: { code: 'INF_ERR_VALIDATION', field: 'location' } });
      expect((res.body as { error: { message: string } }).error.message, dir).toContain(message);
    }
    expect(t.dump()).toEqual(before);
    expect(existsSync('/etc/volumes')).toBe(false);
  });

  it('refuses dynamic reservation on a file pool, which cannot reserve space, changing nothing', async () => {
    const drive = await ok<Json>(t.tokens.regular, 'POST', '/drives', { name: 'thin-data', sizeBytes: 64 * MiB, sparse: true }, 201);
    const before = t.dump();
    const patched = await api(t.tokens.regular, 'PATCH', `/drives/${drive.id}`, { reservationPercent: 10 });
    expect(patched.status).toBe(422);
    expect(patched.body).toMatchObject({ error: { code: 'INF_ERR_STORAGE_UNSUPPORTED', field: 'reservationPercent' } });
    const created = await api(t.tokens.regular, 'POST', '/drives', { name: 'thin-reserved', sizeBytes: 64 * MiB, sparse: true, reservationPercent: 10 });
    expect(created.status).toBe(422);
    expect(t.dump()).toEqual(before);
    expect(await ok<Json>(t.tokens.regular, 'PATCH', `/drives/${drive.id}`, { reservationPercent: 0 })).toMatchObject({ reservationPercent: 0 });
  });

  it("answers 422, as the OpenAPI document says, when growing past what the file pool's filesystem holds", async () => {
    const { location } = t.db.prepare("SELECT location FROM storage_pools WHERE name = 'default'").get() as { location: string };
    expect(statfsSync(location).type, 'the default pool is on ext4, which holds files of 16 TiB at most').toBe(0xef53);
    const sparse = { name: 'growing', sizeBytes: 64 * MiB, sparse: true };
    const drive = await ok<Json>(t.tokens.regular, 'POST', '/drives', sparse, 201);
    const before = t.dump();
    const grown = await api(t.tokens.regular, 'POST', `/drives/${drive.id}/grow`, { sizeBytes: 32 * 1024 ** 4 });
    expect(grown.status).toBe(422);
    expect(grown.body).toMatchObject({ error: { code: 'INF_ERR_STORAGE_UNSUPPORTED', field: 'sizeBytes' } });
    expect(t.dump()).toEqual(before);
    type Doc = { paths: Record<string, Record<string, { responses: Json }>> };
    const doc = (await t.as(null, { method: 'GET', url: '/api/openapi.json' })).json() as Doc;
    expect(Object.keys(doc.paths['/api/v1/drives/{id}/grow']?.post?.responses ?? {})).toContain('422');
  });

  it('never over-commits thick drives: one larger than the free space is refused and leaves nothing', async () => {
    const [pool] = await ok<Json[]>(t.tokens.admin, 'GET', '/pools');
    const tooBig = Math.ceil(((pool!.freeBytes as number) * 2) / MiB) * MiB;
    const before = t.dump();
    const volumesBefore = await volumes();
    const res = await api(t.tokens.regular, 'POST', '/vms', { name: 'Thick', disk: { sizeBytes: Math.min(tooBig, 256 * 1024 ** 4), sparse: false } });
    expect(res.status).toBe(507);
    expect((res.body as { error: { code: string } }).error.code).toBe('INF_ERR_STORAGE_NO_SPACE');
    expect(t.dump()).toEqual(before);
    expect(await volumes()).toEqual(volumesBefore);
  });

  it('Manage Drives: clones or moves a drive of another VM, and removes a drive to unassigned', async () => {
    const [a] = await ok<Json[]>(t.tokens.regular, 'POST', '/vms', { name: 'Alpha', disk: { sizeBytes: 16 * MiB } }, 201);
    const [b] = await ok<Json[]>(t.tokens.regular, 'POST', '/vms', { name: 'Beta' }, 201);
    const [drive] = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${a!.id}/drives`);
    const undecided = await api(t.tokens.regular, 'POST', `/vms/${b!.id}/drives`, { drive: drive!.id });
    expect(undecided.status).toBe(409);
    expect(JSON.stringify(undecided.body)).toContain('move it or clone it');

    const cloned = await ok<Json>(t.tokens.regular, 'POST', `/vms/${b!.id}/drives`, { drive: drive!.id, mode: 'clone' }, 201);
    expect(cloned).toMatchObject({ name: 'Beta-0', vm: 'Beta', position: 0 });
    expect(cloned.originSnapshotId).not.toBeNull();
    expect((await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${a!.id}/drives`)).map((d) => d.name)).toEqual(['Alpha-0']);

    const moved = await ok<Json>(t.tokens.regular, 'POST', `/vms/${b!.id}/drives`, { drive: 'Alpha-0', mode: 'move' }, 201);
    expect(moved).toMatchObject({ name: 'Alpha-0', vm: 'Beta', position: 1 });
    expect(await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${a!.id}/drives`)).toEqual([]);

    const removed = await ok<Json>(t.tokens.regular, 'DELETE', `/vms/${b!.id}/drives/Alpha-0`);
    expect(removed).toMatchObject({ name: 'Alpha-0', vm: null, position: null });
    expect((await ok<Json[]>(t.tokens.regular, 'GET', '/drives')).find((d) => d.name === 'Alpha-0')).toMatchObject({ vm: null });
    const back = await ok<Json>(t.tokens.regular, 'POST', `/vms/${a!.id}/drives`, { drive: 'Alpha-0' }, 201);
    expect(back).toMatchObject({ vm: 'Alpha', position: 0 });
  });

  it('deleting a VM deletes its drives and their images', async () => {
    const student = await ok<Json>(t.tokens.regular, 'GET', '/vms/Student-1');
    const drives = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${student.id}/drives`);
    expect(await ok<Json>(t.tokens.regular, 'DELETE', `/vms/${student.id}`)).toMatchObject({ outcome: 'delete' });
    const left = await volumes();
    for (const d of drives) expect(left).not.toContain(d.id);
    expect(t.db.prepare('SELECT count(*) AS n FROM drives WHERE vm_id = ?').get(student.id)).toEqual({ n: 0 });
  });

  it('deleting a VM whose snapshots have clones keeps the clones: the first by name takes the snapshots over', async () => {
    const lab = await ok<Json>(t.tokens.regular, 'GET', '/vms/Lab');
    const labDrives = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${lab.id}/drives`);
    const [snapshot] = await ok<Json[]>(t.tokens.regular, 'GET', `/vms/${lab.id}/snapshots`);
    const [lab0, lab1] = (snapshot!.snapshots as Json[]).sort((a, b) => String(a.drive).localeCompare(String(b.drive)));
    expect((lab0!.clones as string[]).sort()).toEqual(['Lab-disk-copy', 'Lab-restored-0', 'Student-2-0', 'Student-3-0']);

    expect(await ok<Json>(t.tokens.regular, 'DELETE', `/vms/${lab.id}`)).toMatchObject({ outcome: 'delete' });
    const left = await volumes();
    for (const d of labDrives) expect(left).not.toContain(d.id);

    // Lab-0's snapshot now belongs to Lab-disk-copy (first by name), Lab-1's to Lab-restored-1.
    const heir = await ok<Json>(t.tokens.regular, 'GET', '/drives/Lab-disk-copy');
    expect(heir.originSnapshotId).toBeNull();
    const held = await ok<Json[]>(t.tokens.regular, 'GET', `/drives/${heir.id}/snapshots`);
    expect(held.map((s) => s.id)).toEqual([lab0!.id]);
    expect((held[0]!.clones as string[]).sort()).toEqual(['Lab-restored-0', 'Student-2-0', 'Student-3-0']);
    const restored1 = await ok<Json>(t.tokens.regular, 'GET', '/drives/Lab-restored-1');
    expect((await ok<Json[]>(t.tokens.regular, 'GET', `/drives/${restored1.id}/snapshots`)).map((s) => s.id)).toEqual([lab1!.id]);
    expect((await t.storage.pool(defaultPoolId()).listSnapshots(heir.id as string)).map((s) => [s.id, s.clones.length])).toEqual([[lab0!.id, 3]]);

    const before = t.dump();
    const refused = await api(t.tokens.regular, 'POST', '/snapshots/delete', { ids: [lab0!.id] });
    expect(refused.status).toBe(409);
    expect(t.dump()).toEqual(before);

    // Deleting the heir hands the snapshot on again; at the end database and pool agree.
    expect(await ok<Json>(t.tokens.regular, 'DELETE', `/drives/${heir.id}`)).toMatchObject({ outcome: 'delete' });
    for (const name of ['Student-2', 'Student-3', 'Lab-restored']) {
      const vm = await ok<Json>(t.tokens.regular, 'GET', `/vms/${name}`);
      expect(await ok<Json>(t.tokens.regular, 'DELETE', `/vms/${vm.id}`)).toMatchObject({ outcome: 'delete' });
    }
    const known = (t.db.prepare('SELECT id FROM drives ORDER BY id').all() as { id: string }[]).map((d) => d.id);
    expect(await volumes()).toEqual(known.sort());
    expect(t.db.prepare('SELECT count(*) AS n FROM snapshots WHERE id IN (?, ?)').get(lab0!.id, lab1!.id)).toEqual({ n: 0 });
  });

  it('deletes a template whose VMs were made from it, as the manual suggests, and the VMs keep their data', async () => {
    const gold = await ok<Json>(t.tokens.admin, 'GET', '/vms/Gold');
    expect(await ok<Json>(t.tokens.admin, 'DELETE', `/vms/${gold.id}`)).toMatchObject({ outcome: 'delete' });
    const deb1 = (await ok<Json[]>(t.tokens.admin, 'GET', `/vms/${(await ok<Json>(t.tokens.admin, 'GET', '/vms/Deb-1')).id}/drives`))[0]!;
    const deb2 = (await ok<Json[]>(t.tokens.admin, 'GET', `/vms/${(await ok<Json>(t.tokens.admin, 'GET', '/vms/Deb-2')).id}/drives`))[0]!;
    expect(deb2.originSnapshotId).not.toBeNull();
    const [taken] = await ok<Json[]>(t.tokens.admin, 'GET', `/drives/${deb1.id}/snapshots`);
    expect(taken!.id).toBe(deb2.originSnapshotId);
    const pool = t.storage.pool(defaultPoolId());
    expect((await pool.getVolume(deb2.id as string))!.origin).toEqual({ volumeId: deb1.id, snapshotId: taken!.id });
  });
});

/** Fails the Nth clone copy, the way a full disk or a dying pool would, and nothing else. */
class FailingNthCopy implements Runner {
  private copies = 0;
  private readonly real = new LocalRunner();

  constructor(private readonly failAt: number) {}

  run(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    if (argv[0] === 'cp' && argv[1] === '--reflink=auto') {
      this.copies += 1;
      if (this.copies === this.failAt) {
        return Promise.reject(new CommandError({ argv, exitCode: 1, timedOut: false, stderr: 'cp: error writing: Input/output error' }));
      }
    }
    return this.real.run(argv, options);
  }

  tryRun(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    return this.real.tryRun(argv, options);
  }
}

describe('a storage failure in the middle of a multi-drive clone', () => {
  it('rolls back what was made: no VM, no drive, no volume, no snapshot', async () => {
    const [vm] = await ok<Json[]>(t.tokens.admin, 'POST', '/vms', { name: 'Three', disk: { sizeBytes: 16 * MiB } }, 201);
    await ok(t.tokens.admin, 'POST', '/drives', { vm: vm!.id, sizeBytes: 16 * MiB }, 201);
    await ok(t.tokens.admin, 'POST', '/drives', { vm: vm!.id, sizeBytes: 16 * MiB }, 201);

    // The same database, but a storage service whose 5th copy fails: the clone of
    // 2 copies x 3 drives snapshots 3 drives (3 copies) and then fails on the 2nd clone.
    const failing = await buildApp({ db: t.db, commands: buildCommandLayer(t.db, { runner: new FailingNthCopy(5) }), logger: false });
    const before = t.dump();
    const volumesBefore = await volumes();
    const res = await failing.inject({ method: 'POST', url: `/api/v1/vms/${vm!.id}/clone`, payload: { copies: 2 }, headers: { authorization: `Bearer ${t.tokens.admin}` } });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ error: { code: 'INF_ERR_COMMAND' } });
    expect(t.dump()).toEqual(before);
    expect(await volumes()).toEqual(volumesBefore);
    const snapshots = await t.storage.pool(defaultPoolId()).listSnapshots((await ok<Json[]>(t.tokens.admin, 'GET', `/vms/${vm!.id}/drives`))[0]!.id as string);
    expect(snapshots).toEqual([]);
    await failing.close();
  });

  it('a hand-over that fails half-way through a VM delete is handed back: the VM, its clone and the pool are as before', async () => {
    const [vm] = await ok<Json[]>(t.tokens.admin, 'POST', '/vms', { name: 'Pair', disk: { sizeBytes: 16 * MiB } }, 201);
    await ok(t.tokens.admin, 'POST', '/drives', { vm: vm!.id, sizeBytes: 16 * MiB }, 201);
    await ok(t.tokens.admin, 'POST', `/vms/${vm!.id}/snapshots`, {}, 201);
    const [copy] = await ok<Json[]>(t.tokens.admin, 'POST', `/vms/${vm!.id}/clone`, { copies: 1, name: 'PairCopy' }, 201);
    const [first, second] = await ok<Json[]>(t.tokens.admin, 'GET', `/vms/${vm!.id}/drives`);
    const pool = t.storage.pool(defaultPoolId());
    const [secondSnapshot] = await pool.listSnapshots(second!.id as string);
    const copyDrives = await ok<Json[]>(t.tokens.admin, 'GET', `/vms/${copy!.id}/drives`);

    // An immutable snapshot file cannot be moved, even by root: the second hand-over fails.
    const { location } = t.db.prepare("SELECT location FROM storage_pools WHERE name = 'default'").get() as { location: string };
    const stuck = join(location, 'snapshots', second!.id as string, `${secondSnapshot!.id}.raw`);
    const runner = new LocalRunner();
    await runner.run(['chattr', '+i', stuck], { timeoutMs: 10_000 });
    const before = t.dump();
    try {
      const res = await api(t.tokens.admin, 'DELETE', `/vms/${vm!.id}`);
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ error: { code: 'INF_ERR_STORAGE_COMMAND' } });
      expect(JSON.stringify(res.body)).toMatch(/failed to promote .*operation not permitted/i);
    } finally {
      await runner.run(['chattr', '-i', stuck], { timeoutMs: 10_000 });
    }
    expect(t.dump()).toEqual(before);
    expect((await pool.listSnapshots(first!.id as string)).flatMap((s) => s.clones)).toEqual([copyDrives[0]!.id]);
    expect((await pool.getVolume(copyDrives[0]!.id as string))!.origin?.volumeId).toBe(first!.id);
    expect((await pool.getVolume(copyDrives[1]!.id as string))!.origin?.volumeId).toBe(second!.id);
    expect(await ok<Json>(t.tokens.admin, 'DELETE', `/vms/${vm!.id}`)).toMatchObject({ outcome: 'delete' });
  });
});

/** The reflink probe answered as a file system with (or without) shared blocks would; everything else runs for real. */
class Reflink implements Runner {
  private readonly real = new LocalRunner();

  constructor(private readonly supported: boolean) {}

  run(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    return this.real.run(argv, options);
  }

  tryRun(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    if (argv[0] !== 'cp' || argv[1] !== '--reflink=always') return this.real.tryRun(argv, options);
    const refused = { code: 1, stdout: '', stderr: 'cp: failed to clone: Operation not supported' };
    return Promise.resolve(this.supported ? { code: 0, stdout: '', stderr: '' } : refused);
  }
}

describe('a pool whose file system makes full copies', () => {
  it('says so in the pool answer, with the step that gives thin clones; a pool with reflink does not', async () => {
    const answer = async (supported: boolean) => {
      const commands = buildCommandLayer(t.db, { runner: new Reflink(supported) });
      const app = await buildApp({ db: t.db, commands, logger: false });
      try {
        const headers = { authorization: `Bearer ${t.tokens.regular}` };
        const res = await app.inject({ method: 'GET', url: '/api/v1/pools/default', headers });
        return res.json() as Json;
      } finally {
        await app.close();
      }
    };
    const full = await answer(false);
    expect(full).toMatchObject({ thinClones: false });
    expect(full.cloneAdvice).toMatch(/^Clones in this pool are full copies: .* without reflink\. For thin clones, add/);
    expect(full.cloneAdvice).toContain('ZFS pool (infinity pool add --name zfs --driver zfs --dataset POOL/infinity)');
    expect(full.cloneAdvice).toContain('or put the pool directory on XFS');
    expect(await answer(true)).toMatchObject({ thinClones: true, cloneAdvice: null });
  });

  it('says so at start, in the server log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const dir = mkdtempSync(join(tmpdir(), 'infinity-full-copies-'));
    const runner = new Reflink(false);
    const options = { dataDir: dir, serverName: 'full-copies', address: '127.0.0.1', iscsi: null, logger, runner };
    const core = await assembleCore(options);
    try {
      const records = lines.map((l) => JSON.parse(l) as { level: number; msg: string; pool?: string });
      const advice = expect.stringContaining('Clones in this pool are full copies');
      const warnings = records.filter((l) => l.level === 40);
      expect(warnings).toContainEqual(expect.objectContaining({ pool: 'default', msg: advice }));
    } finally {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
