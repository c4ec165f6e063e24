// `make bench`, locks: the time for a snapshot of one VM alone, and while a 100-copy clone
// of another VM runs, in the same run on the same pool. With one queue for the whole
// server the second waited for the whole clone; per-object locks let it go ahead.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../server/access/policy.js';
import { assembleCore } from '../../server/assemble.js';
import { BUILTIN_ADMIN_ID } from '../../server/store/users.js';

const MiB = 1024 * 1024;
const COPIES = 100;
const DATA = 16 * MiB;
const admin: Actor = { id: BUILTIN_ADMIN_ID, name: 'admin', role: 'admin' };

export interface LockResult {
  aloneMs: number;
  besideCloneMs: number;
  cloneMs: number;
}

export async function benchLocks(): Promise<LockResult> {
  const dir = mkdtempSync(join(tmpdir(), 'infinity-bench-locks-'));
  const core = await assembleCore({ dataDir: dir, serverName: 'bench-locks', address: '127.0.0.1', iscsi: null });
  try {
    const { commands, db, storage } = core;
    const run = <K extends Parameters<typeof commands.execute>[0]>(type: K, input: Parameters<typeof commands.execute<K>>[1]) =>
      commands.execute(type, input, admin);
    const [busy] = (await run('vm.create', { name: 'Busy', source: { kind: 'blank', disk: { sizeBytes: 64 * MiB, sparse: true } } })).ids;
    const [quiet] = (await run('vm.create', { name: 'Quiet', source: { kind: 'blank', disk: { sizeBytes: 64 * MiB, sparse: true } } })).ids;
    const drive = db.prepare('SELECT id, pool_id AS poolId FROM drives WHERE vm_id = ?').get(busy) as { id: string; poolId: string };
    fill(storage.pool(drive.poolId).devicePath(drive.id), DATA);

    const snapshotQuiet = async () => {
      const started = performance.now();
      await run('vm.snapshot', { vm: quiet! });
      return performance.now() - started;
    };
    const aloneMs = Math.min(await snapshotQuiet(), await snapshotQuiet(), await snapshotQuiet());
    const cloneStarted = performance.now();
    const clone = run('vm.clone', { name: 'Copy', copies: COPIES, source: { kind: 'vm', ref: busy!, comment: 'bench' } });
    // Let the clone plan and take its locks before the snapshot asks for its own.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const besideCloneMs = await snapshotQuiet();
    await clone;
    return { aloneMs, besideCloneMs, cloneMs: performance.now() - cloneStarted };
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function fill(file: string, bytes: number): void {
  const fd = openSync(file, 'r+');
  const chunk = Buffer.alloc(MiB, 0x6b);
  for (let offset = 0; offset < bytes; offset += MiB) writeSync(fd, chunk, 0, MiB, offset);
  closeSync(fd);
}

export function locksTable(result: LockResult): string {
  const pad = (s: string, n: number) => s.padEnd(n);
  return [
    `A snapshot of one VM, alone and while a ${COPIES}-copy clone of another VM (${DATA / MiB} MiB of data) runs, default file pool`,
    `${pad('snapshot alone (best of 3)', 44)} ${result.aloneMs.toFixed(0)} ms`,
    `${pad('snapshot beside the clone', 44)} ${result.besideCloneMs.toFixed(0)} ms`,
    `${pad('the clone itself', 44)} ${(result.cloneMs / 1000).toFixed(2)} s`,
    `${pad('beside / alone', 44)} ${(result.besideCloneMs / result.aloneMs).toFixed(2)}x (one queue for the server: the whole clone)`,
  ].join('\n');
}
