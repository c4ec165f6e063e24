import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../lib/exec/run.js';
import { SYSTEM_ACTOR } from '../../server/commands/bootstrap.js';
import { assembleCore, type Core } from '../../server/assemble.js';
import { checkPoolSpace, every } from '../../server/tasks/pool-space.js';

const runner = new LocalRunner();
const MiB = 1024 * 1024;
let dir: string;
let mount: string;
let core: Core;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'infinity-space-'));
  mount = join(dir, 'mnt');
  mkdirSync(mount);
  await runner.run(['truncate', '--size', '64M', join(dir, 'fs.img')], { timeoutMs: 10_000 });
  await runner.run(['mkfs.ext4', '-q', '-F', '-m', '0', join(dir, 'fs.img')], { timeoutMs: 60_000 });
  await runner.run(['mount', '-o', 'loop', join(dir, 'fs.img'), mount], { timeoutMs: 30_000 });
  core = await assembleCore({ dataDir: join(dir, 'data'), serverName: 'space', address: '127.0.0.1', iscsi: null });
  await core.commands.execute('pool.add', { name: 'small', driver: 'file', location: join(mount, 'pool') }, SYSTEM_ACTOR);
});

afterAll(async () => {
  await core?.close();
  await runner.tryRun(['umount', mount], { timeoutMs: 30_000 });
  rmSync(dir, { recursive: true, force: true });
});

function capture() {
  const lines: { level: number; msg: string; pool?: string }[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('pool nearly full', () => {
  it('logs an error for a pool with less than 10 % free, and none while there is room', async () => {
    const quiet = capture();
    const first = await checkPoolSpace(core.db, core.storage, quiet.logger);
    expect(first.find((r) => r.name === 'small')).toMatchObject({ nearlyFull: false });
    expect(quiet.lines.filter((l) => l.pool === 'small')).toEqual([]);

    const poolId = (core.db.prepare("SELECT id FROM storage_pools WHERE name = 'small'").get() as { id: string }).id;
    const free = (await core.storage.pool(poolId).space()).freeBytes;
    await core.storage.pool(poolId).createVolume({ id: 'filler', sizeBytes: Math.floor((free * 0.95) / MiB) * MiB, sparse: false, compression: 'off', readOnly: false, ioSync: 'standard' });

    const loud = capture();
    const second = await checkPoolSpace(core.db, core.storage, loud.logger);
    expect(second.find((r) => r.name === 'small')).toMatchObject({ nearlyFull: true });
    const errors = loud.lines.filter((l) => l.pool === 'small' && l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toMatch(/storage pool "small" is nearly full/);
  });

  it('runs a job now and on schedule, one run at a time', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const job = every(20, async () => {
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
      concurrent -= 1;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(maxConcurrent).toBe(1);
  });
});
