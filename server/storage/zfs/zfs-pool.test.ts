import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../lib/exec/fake-runner.js';
import * as zfs from './commands.js';
import { ZfsPool } from './zfs-pool.js';

/**
 * ZfsPool against replayed zfs output. The fixtures were recorded from OpenZFS 2.1.11 in
 * the test VM (pool `tank`, parent `tank/infinity`): see test/fixtures/zfs/README.
 */
const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/zfs/${name}`, import.meta.url), 'utf8');
const P = 'tank/infinity';
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const S1 = '11111111-0000-4000-8000-000000000001';
const S2 = '22222222-0000-4000-8000-000000000002';
const MiB = 1024 * 1024;
const ds = (id: string) => `${P}/drive-${id}`;
const spec = (id: string, over = {}) => ({ id, sizeBytes: 64 * MiB, sparse: true, compression: 'lz4' as const, readOnly: false, ioSync: 'standard' as const, ...over });
const pool = (runner: FakeRunner) => new ZfsPool({ dataset: P, deviceWaitMs: 1_000 }, runner);
/** The one call that makes sure new volumes' /dev/zvol links exist (deviceWaitMs 1000: 1 s, and 1 s more each). */
const link = (...ids: string[]) => ({ argv: zfs.linkDevices(ids.length, ids.map(ds)), input: zfs.LINK_DEVICES_SCRIPT });

describe('ZfsPool (replayed zfs output)', () => {
  it('lists only the volumes it made, with used space net of snapshots and clone origins', async () => {
    const runner = new FakeRunner([{ argv: zfs.listVolumes(P, 1), stdout: fixture('list-volumes.txt') }]);
    const volumes = await pool(runner).listVolumes();
    expect(volumes.map((v) => v.id).sort()).toEqual([A, B, C].sort());
    const byId = new Map(volumes.map((v) => [v.id, v]));
    expect(byId.get(A)).toMatchObject({ sizeBytes: 10 * 1024 * MiB, sparse: true, compression: 'lz4', readOnly: false, ioSync: 'standard', origin: null });
    expect(byId.get(A)!.snapshotBytes).toBeGreaterThan(0);
    expect(byId.get(B)).toMatchObject({ sizeBytes: 16 * MiB, sparse: false, compression: 'off', readOnly: true, ioSync: 'always', origin: null });
    expect(byId.get(B)!.usedBytes).toBeGreaterThanOrEqual(16 * MiB);
    expect(byId.get(C)).toMatchObject({ sparse: true, origin: { volumeId: A, snapshotId: S1 } });
    expect(runner.done).toBe(true);
  });

  it('lists snapshots oldest first with their clones', async () => {
    const runner = new FakeRunner([{ argv: zfs.listSnapshots(ds(A)), stdout: fixture('list-snapshots.txt') }]);
    const snapshots = await pool(runner).listSnapshots(A);
    expect(snapshots.map((s) => [s.id, s.clones])).toEqual([[S1, [C]], [S2, []]]);
  });

  it('creates a sparse zvol and makes sure its /dev/zvol link is there', async () => {
    const runner = new FakeRunner([
      { argv: zfs.createZvol({ ...spec(A), dataset: ds(A), volblocksize: 16384 }) },
      link(A),
    ]);
    await pool(runner).createVolume(spec(A));
    expect(runner.done).toBe(true);
  });

  it('makes the parent dataset on first use, then the zvol', async () => {
    const create = zfs.createZvol({ ...spec(A), dataset: ds(A), volblocksize: 16384 });
    const runner = new FakeRunner([
      { argv: create, code: 1, stderr: fixture('create-no-parent.stderr') },
      { argv: ['zfs', 'create', '-p', P] },
      { argv: create },
      link(A),
    ]);
    await pool(runner).createVolume(spec(A));
    expect(runner.done).toBe(true);
  });

  it('says which device is missing when the zvol device never appears', async () => {
    const runner = new FakeRunner([
      { argv: zfs.createZvol({ ...spec(A), dataset: ds(A), volblocksize: 16384 }) },
      { argv: zfs.linkDevices(1, [ds(A)]), input: zfs.LINK_DEVICES_SCRIPT, code: 1, stdout: `missing ${ds(A)}\n` },
    ]);
    const quick = new ZfsPool({ dataset: P, deviceWaitMs: 100 }, runner);
    await expect(quick.createVolume(spec(A))).rejects.toThrow(`/dev/zvol/${ds(A)} did not appear within 100 ms`);
  });

  it.each([
    ['create-exists.stderr', 'INF_ERR_STORAGE_EXISTS'],
    ['create-out-of-space.stderr', 'INF_ERR_STORAGE_NO_SPACE'],
    ['missing-dataset.stderr', 'INF_ERR_STORAGE_NOT_FOUND'],
  ])('maps zfs create failing with %s to %s', async (file, code) => {
    const runner = new FakeRunner([{ argv: zfs.createZvol({ ...spec(A, { sparse: false }), dataset: ds(A), volblocksize: 16384 }), code: 1, stderr: fixture(file) }]);
    await expect(pool(runner).createVolume(spec(A, { sparse: false }))).rejects.toMatchObject({ code });
  });

  it("refuses to delete a snapshot with clones, in the manual's words, naming the clones", async () => {
    const runner = new FakeRunner([{ argv: zfs.destroySnapshot(`${ds(A)}@snap-${S1}`), code: 1, stderr: fixture('destroy-snapshot-with-clones.stderr') }]);
    const error = await pool(runner).destroySnapshot(A, S1).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INF_ERR_STORAGE_HAS_CLONES' });
    expect((error as Error).message).toMatch(/^The snapshot can not be deleted as long as it has clones/);
    expect((error as Error).message).toContain(ds(C));
  });

  it('refuses to delete a volume whose snapshot has clones (never -R)', async () => {
    const runner = new FakeRunner([{ argv: ['zfs', 'destroy', '-r', ds(A)], code: 1, stderr: fixture('destroy-volume-with-clones.stderr') }]);
    await expect(pool(runner).destroyVolume(A)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_HAS_CLONES' });
  });

  it('reports a missing volume or snapshot as not found', async () => {
    const runner = new FakeRunner([
      { argv: ['zfs', 'destroy', '-r', ds(B)], code: 1, stderr: fixture('missing-dataset.stderr') },
      { argv: zfs.destroySnapshot(`${ds(A)}@snap-${S2}`), code: 1, stderr: fixture('destroy-missing-snapshot.stderr') },
      { argv: zfs.listVolumes(ds(B), 0), code: 1, stderr: fixture('missing-dataset.stderr') },
    ]);
    await expect(pool(runner).destroyVolume(B)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_NOT_FOUND' });
    await expect(pool(runner).destroySnapshot(A, S2)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_NOT_FOUND' });
    expect(await pool(runner).getVolume(B)).toBeUndefined();
  });

  it('rolls back only to the latest snapshot', async () => {
    const runner = new FakeRunner([
      { argv: zfs.listSnapshots(ds(A)), stdout: fixture('list-snapshots.txt') },
      { argv: zfs.listSnapshots(ds(A)), stdout: fixture('list-snapshots.txt') },
      { argv: zfs.rollback(`${ds(A)}@snap-${S2}`) },
    ]);
    // Should a snapshot arrive between the check and the rollback, zfs refuses by itself.
    const raced = new FakeRunner([
      { argv: zfs.listSnapshots(ds(A)), stdout: fixture('list-snapshots.txt') },
      { argv: zfs.rollback(`${ds(A)}@snap-${S2}`), code: 1, stderr: fixture('rollback-not-latest.stderr') },
    ]);
    await expect(pool(raced).rollback(A, S2)).rejects.toMatchObject({ code: 'INF_ERR_CONFLICT' });
    await expect(pool(runner).rollback(A, S1)).rejects.toMatchObject({ code: 'INF_ERR_CONFLICT' });
    await pool(runner).rollback(A, S2);
    expect(runner.done).toBe(true);
  });

  it('grows with volsize and refuses to shrink without calling zfs set', async () => {
    const row = fixture('list-volumes.txt').split('\n').find((l) => l.startsWith(`${ds(B)}\t`))!;
    const runner = new FakeRunner([
      { argv: zfs.listVolumes(ds(B), 0), stdout: `${row}\n` },
      { argv: zfs.listVolumes(ds(B), 0), stdout: `${row}\n` },
      { argv: zfs.setVolsize(ds(B), 32 * MiB) },
    ]);
    await expect(pool(runner).growVolume(B, 8 * MiB)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_SHRINK' });
    await pool(runner).growVolume(B, 32 * MiB);
    expect(runner.done).toBe(true);
  });

  it('clones thin, grows the clone past its origin when asked, and removes it again if that fails', async () => {
    const row = fixture('list-volumes.txt').split('\n').find((l) => l.startsWith(`${ds(A)}\t`))!;
    const clone = spec(C, { sizeBytes: 20 * 1024 * MiB });
    const runner = new FakeRunner([
      { argv: zfs.listVolumes(ds(A), 0), stdout: `${row}\n` },
      { argv: zfs.cloneSnapshot(`${ds(A)}@snap-${S1}`, ds(C), clone) },
      { argv: zfs.setVolsize(ds(C), 20 * 1024 * MiB), code: 1, stderr: fixture('create-out-of-space.stderr') },
      { argv: zfs.destroyVolume(ds(C)) },
    ]);
    await expect(pool(runner).cloneSnapshot(A, S1, clone)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_NO_SPACE' });
    expect(runner.done).toBe(true);
  });

  it('clones a batch side by side in one script, reading each source once, then links every device', async () => {
    const row = fixture('list-volumes.txt').split('\n').find((l) => l.startsWith(`${ds(A)}\t`))!;
    const grown = spec(B, { sizeBytes: 20 * 1024 * MiB });
    const thick = spec(C, { sizeBytes: 10 * 1024 * MiB, sparse: false });
    const items = [
      { make: zfs.cloneSnapshot(`${ds(A)}@snap-${S1}`, ds(B), grown), then: [zfs.setVolsize(ds(B), 20 * 1024 * MiB)] },
      { make: zfs.cloneSnapshot(`${ds(A)}@snap-${S2}`, ds(C), thick), then: [zfs.reserveFully(ds(C))] },
    ];
    const runner = new FakeRunner([
      { argv: zfs.listVolumes(ds(A), 0), stdout: `${row}\n` },
      { argv: ['sh', '-s'], input: zfs.sideBySideScript(items, 100), stdout: 'R 1 0 1\nR 0 0 1\n' },
      link(B, C),
    ]);
    await pool(runner).cloneMany([
      { volumeId: A, snapshotId: S1, clone: grown },
      { volumeId: A, snapshotId: S2, clone: thick },
    ]);
    expect(runner.done).toBe(true);
  });

  it('removes only the clones a failed batch made, and reports the first failure in zfs terms', async () => {
    const row = fixture('list-volumes.txt').split('\n').find((l) => l.startsWith(`${ds(A)}\t`))!;
    const [made, taken] = [spec(B, { sizeBytes: 10 * 1024 * MiB }), spec(C, { sizeBytes: 10 * 1024 * MiB })];
    const stderr = fixture('create-exists.stderr').trim().split('\n').map((l) => `E 1 ${l}\n`).join('');
    const runner = new FakeRunner([
      { argv: zfs.listVolumes(ds(A), 0), stdout: `${row}\n` },
      { argv: ['sh', '-s'], stdout: `R 0 0 1\n${stderr}R 1 1 0\n` },
      { argv: zfs.channelProgram('tank', [ds(B)]), stdout: '{"return":{"destroyed":1}}' },
      { argv: zfs.unlinkDevices([ds(B)]) },
    ]);
    const requests = [{ volumeId: A, snapshotId: S1, clone: made }, { volumeId: A, snapshotId: S1, clone: taken }];
    await expect(pool(runner).cloneMany(requests)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_EXISTS' });
    expect(runner.done).toBe(true);
  });

  it('destroys a batch with one channel program and names the snapshot that still has clones', async () => {
    const runner = new FakeRunner([
      {
        argv: zfs.channelProgram('tank', [ds(C), ds(A), ds(B)]),
        input: zfs.DESTROY_VOLUMES_PROGRAM,
        stdout: `{"return":{"failed":"${ds(A)}@snap-${S1}","errno":17,"destroyed":1}}`,
      },
      { argv: zfs.unlinkDevices([ds(C)]) },
    ]);
    const error = await pool(runner).destroyMany([C, A, B]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INF_ERR_STORAGE_HAS_CLONES' });
    expect((error as Error).message).toBe(
      `The snapshot can not be deleted as long as it has clones (snapshot ${S1} of volume ${A}).`,
    );
    expect(runner.done).toBe(true);
  });

  it('reads pool space from zfs get -Hp', async () => {
    const runner = new FakeRunner([{ argv: zfs.getSpace(P), stdout: fixture('get-space.txt') }]);
    const space = await pool(runner).space();
    expect(space.sizeBytes).toBe(space.usedBytes + space.freeBytes);
    expect(space.freeBytes).toBeGreaterThan(0);
  });

  it('passes unknown zfs failures on as command errors with the stderr tail', async () => {
    const runner = new FakeRunner([{ argv: zfs.snapshot(`${ds(A)}@snap-${S1}`, S1), code: 1, stderr: 'internal error: Input/output error\n' }]);
    await expect(pool(runner).snapshot(A, S1)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_COMMAND', message: expect.stringContaining('Input/output error') });
  });
});
