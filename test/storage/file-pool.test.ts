import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
