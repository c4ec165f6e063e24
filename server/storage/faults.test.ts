import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../lib/exec/run.js';
import { InfinityError } from '../../lib/errors.js';
import { storageFault } from './faults.js';
import { createStoragePool } from './registry.js';

const dir = mkdtempSync(join(tmpdir(), 'infinity-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storage faults', () => {
  it("turns the filesystem's own errors inside a driver into storage errors naming the pool and operation", async () => {
    const location = join(dir, 'pool');
    const pool = createStoragePool({ driver: 'file', location }, new LocalRunner());
    await pool.initialize();
    // An immutable directory refuses new files even to root: EPERM from open().
    await new LocalRunner().run(['chattr', '+i', join(location, 'volumes')], { timeoutMs: 10_000 });
    try {
      const error = await pool.createVolume({ id: 'v1', sizeBytes: 1024 * 1024, sparse: true, compression: 'off', readOnly: false, ioSync: 'standard' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InfinityError);
      expect(error).toMatchObject({ code: 'INF_ERR_STORAGE_COMMAND' });
      expect((error as Error).message).toContain(`The storage pool at ${location} failed to createVolume (EPERM`);
    } finally {
      await new LocalRunner().run(['chattr', '-i', join(location, 'volumes')], { timeoutMs: 10_000 });
    }
  });

  it('says a full pool is full, and leaves errors that are already ours or not from the system alone', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    expect(storageFault(full, '/p', 'snapshot')).toMatchObject({ code: 'INF_ERR_STORAGE_NO_SPACE' });
    const ours = new InfinityError('INF_ERR_STORAGE_SHRINK', 'no');
    expect(storageFault(ours, '/p', 'growVolume')).toBe(ours);
    const plain = new TypeError('bug');
    expect(storageFault(plain, '/p', 'growVolume')).toBe(plain);
  });
});
