import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

/** The progress filter the ZFS module build pipes make's output through (progress.sh). */
const PROGRESS = join(dirname(fileURLToPath(import.meta.url)), 'progress.sh');

describe('compile_progress', () => {
  it('counts compiled files, says so every N on stderr, and passes nothing else through', async () => {
    const make = [
      'make: Entering directory \'/usr/src/linux-headers-6.1.0-40-amd64\'',
      ...Array.from({ length: 7 }, (_, i) => `  CC [M]  /tmp/src/module/zfs/f${i}.o`),
      '  AS [M]  /tmp/src/module/icp/asm-x86_64/aes/aes_amd64.o',
      '  LD [M]  /tmp/src/module/zfs/zfs.o',
      '  MODPOST /tmp/src/module/Module.symvers',
      '  CC [M]  /tmp/src/module/zfs/zfs.mod.o',
      '/tmp/src/module/zfs/f1.c:12:3: warning: unused variable',
    ].join('\n');
    const script = `source "${PROGRESS}"; compile_progress 4 290 'ZFS modules'`;
    const result = await execa('bash', ['-c', script], { input: `${make}\n` });
    expect(result.stdout).toBe('');
    // The times are whole seconds of a busy machine's clock: 0:00 or 0:01 here.
    expect(result.stderr.replace(/0:0[01]/g, 'M:SS').split('\n')).toEqual([
      'ZFS modules: compiled 4 of about 290 files (M:SS)',
      'ZFS modules: compiled 8 of about 290 files (M:SS)',
      'ZFS modules: compiled 9 files in M:SS',
    ]);
  });

  it('writes minutes and seconds', async () => {
    const result = await execa('bash', ['-c', `source "${PROGRESS}"; minutes 0; echo; minutes 75; echo; minutes 600`]);
    expect(result.stdout).toBe('0:00\n1:15\n10:00');
  });
});
