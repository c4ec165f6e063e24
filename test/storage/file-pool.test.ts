import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LocalRunner } from '../../lib/exec/run.js';
import { FilePool } from '../../server/storage/file/file-pool.js';
import { describeStoragePool, type PoolFixture } from './driver-suite.js';

const runner = new LocalRunner();

async function fileFixture(root: string, cleanup: () => Promise<void>): Promise<PoolFixture> {
  const pool = new FilePool({ path: root }, runner);
  return {
    pool,
    async write(id, offset, data) {
      const handle = await open(pool.devicePath(id), 'r+');
      await handle.write(data, 0, data.length, offset);
      await handle.close();
    },
    async read(id, offset, length) {
      const handle = await open(pool.devicePath(id), 'r');
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, offset);
      await handle.close();
      return buffer;
    },
    cleanup,
  };
}

/** A small loop-mounted filesystem, so "larger than free space" is cheap to reach. */
async function loopFixture(mkfs: string[]): Promise<PoolFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'infinity-pool-'));
  const image = join(dir, 'fs.img');
  const mount = join(dir, 'mnt');
  mkdirSync(mount);
  await runner.run(['truncate', '--size', '512M', image], { timeoutMs: 10_000 });
  await runner.run([...mkfs, image], { timeoutMs: 60_000 });
  await runner.run(['mount', '-o', 'loop', image, mount], { timeoutMs: 30_000 });
  return fileFixture(join(mount, 'pool'), async () => {
    await runner.run(['umount', mount], { timeoutMs: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  });
}

describeStoragePool('file on ext4 (sparse copies)', () => loopFixture(['mkfs.ext4', '-q', '-F']));
describeStoragePool('file on XFS (reflink copies)', () => loopFixture(['mkfs.xfs', '-q', '-f', '-m', 'reflink=1']));

describe('FilePool: what only a directory pool can meet', () => {
  const spec = (id: string, sizeBytes = 16 * 1024 * 1024) => ({ id, sizeBytes, sparse: true, compression: 'off' as const, readOnly: false, ioSync: 'standard' as const });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'infinity-file-pool-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is set up only in an absolute, new or empty directory', async () => {
    await expect(new FilePool({ path: 'relative/pool' }, runner).initialize()).rejects.toMatchObject({ code: 'INF_ERR_VALIDATION', field: 'location' });
    writeFileSync(join(dir, 'a-file'), '');
    await expect(new FilePool({ path: join(dir, 'a-file') }, runner).initialize()).rejects.toThrow(/is a file, not a directory/);
    mkdirSync(join(dir, 'busy'));
    writeFileSync(join(dir, 'busy', 'passwd'), 'x');
    await expect(new FilePool({ path: join(dir, 'busy') }, runner).initialize()).rejects.toThrow(/already holds other files \(passwd\)/);
    const pool = new FilePool({ path: join(dir, 'fresh') }, runner);
    await pool.initialize();
    await pool.createVolume(spec(randomUUID()));
    // An earlier pool's directory can be taken up again.
    await new FilePool({ path: join(dir, 'fresh') }, runner).initialize();
  });

  it('a missing directory (an unmounted disk) is an error, and is never made again behind the administrator', async () => {
    const root = join(dir, 'unmounted');
    const pool = new FilePool({ path: root }, runner);
    await pool.initialize();
    const id = randomUUID();
    await pool.createVolume(spec(id));
    renameSync(root, `${root}.away`);
    for (const attempt of [() => pool.createVolume(spec(randomUUID())), () => pool.space(), () => pool.getVolume(id), () => pool.listVolumes()]) {
      await expect(attempt()).rejects.toThrow(/is missing or incomplete .*is its disk mounted\?/);
    }
    expect(existsSync(root)).toBe(false);
    renameSync(`${root}.away`, root);
    expect((await pool.getVolume(id))?.id).toBe(id);
  });

  it('a size the filesystem cannot hold is refused and leaves no image behind', async () => {
    const pool = new FilePool({ path: join(dir, 'big') }, runner);
    await pool.initialize();
    // /tmp here is ext4, whose files stop at 16 TiB (within the 256 TiB the API allows).
    const error = await pool.createVolume(spec(randomUUID(), 64 * 1024 ** 4)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INF_ERR_STORAGE_UNSUPPORTED', field: 'sizeBytes' });
    expect(readdirSync(join(dir, 'big', 'volumes'))).toEqual([]);
  });

  it('sweeps what interrupted operations staged, and nothing else', async () => {
    const pool = new FilePool({ path: join(dir, 'swept') }, runner);
    await pool.initialize();
    const id = randomUUID();
    await pool.createVolume(spec(id));
    await pool.snapshot(id, randomUUID());
    const staged = [join(dir, 'swept', 'volumes', `${randomUUID()}.raw.tmp`), join(dir, 'swept', 'snapshots', id, `${randomUUID()}.raw.tmp`), join(dir, 'swept', 'volumes', `${id}.raw.rollback`)];
    for (const f of staged) writeFileSync(f, 'half a copy');
    expect((await pool.sweep()).sort()).toEqual([...staged].sort());
    for (const f of staged) expect(existsSync(f)).toBe(false);
    expect((await pool.listSnapshots(id))).toHaveLength(1);
    expect(await pool.sweep()).toEqual([]);
  });

  it('sweeps images that no metadata names: what a kill left of a create, clone, snapshot or delete', async () => {
    const root = join(dir, 'killed');
    const pool = new FilePool({ path: root }, runner);
    await pool.initialize();
    const id = randomUUID();
    const snapshotId = randomUUID();
    await pool.createVolume(spec(id));
    await pool.snapshot(id, snapshotId);
    await pool.cloneSnapshot(id, snapshotId, spec(randomUUID()));
    // Images are complete once their volume's metadata names them (it is written last):
    // a kill between the copy and the metadata leaves an image nothing refers to.
    const unnamed = [
      join(root, 'volumes', `${randomUUID()}.raw`),
      join(root, 'snapshots', id, `${randomUUID()}.raw`),
      join(root, 'snapshots', randomUUID(), `${randomUUID()}.raw`),
    ];
    mkdirSync(dirname(unnamed[2]!), { recursive: true });
    for (const f of unnamed) writeFileSync(f, 'a whole copy, but never recorded');
    expect((await pool.sweep()).sort()).toEqual([...unnamed].sort());
    for (const f of unnamed) expect(existsSync(f)).toBe(false);
    expect(existsSync(dirname(unnamed[2]!))).toBe(false);
    expect((await pool.listVolumes()).map((v) => v.id)).toContain(id);
    expect(await pool.listSnapshots(id)).toHaveLength(1);
    expect(await pool.sweep()).toEqual([]);
  });

  it('moves back a snapshot a killed hand-over (promote) moved but did not record, instead of removing it', async () => {
    const root = join(dir, 'handover');
    const pool = new FilePool({ path: root }, runner);
    await pool.initialize();
    const [id, snapshotId, cloneId] = [randomUUID(), randomUUID(), randomUUID()];
    await pool.createVolume(spec(id));
    await pool.snapshot(id, snapshotId);
    await pool.cloneSnapshot(id, snapshotId, spec(cloneId));
    mkdirSync(join(root, 'snapshots', cloneId));
    renameSync(join(root, 'snapshots', id, `${snapshotId}.raw`), join(root, 'snapshots', cloneId, `${snapshotId}.raw`));
    expect(await pool.sweep()).toEqual([]);
    expect(existsSync(join(root, 'snapshots', id, `${snapshotId}.raw`))).toBe(true);
    await pool.promote(cloneId);
    expect((await pool.listSnapshots(cloneId)).map((x) => x.id)).toEqual([snapshotId]);
  });
});
