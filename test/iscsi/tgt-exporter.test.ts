import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../lib/exec/run.js';
import type { ExportSpec } from '../../server/iscsi/exporter.js';
import { TgtDaemon } from '../../server/iscsi/tgt/daemon.js';
import { TgtExporter } from '../../server/iscsi/tgt/tgt-exporter.js';
import { FilePool } from '../../server/storage/file/file-pool.js';
import { canLogIn as logIn, qemuIo as runQemuIo, type Chap } from '../helpers/initiator.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';

const runner = new LocalRunner();
const HOST_A = 'iqn.2026-11.org.infinity:host-a';
const HOST_B = 'iqn.2026-11.org.infinity:host-b';
const MiB = 1024 * 1024;

let dir: string;
let daemon: TgtDaemon;
let exporter: TgtExporter;
let pool: FilePool;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'infinity-tgt-'));
  const port = await freePort();
  daemon = await TgtDaemon.start({ controlPort: tgtControlPort(port), portal: { host: '127.0.0.1', port }, runner });
  exporter = new TgtExporter({ controlPort: daemon.controlPort, portal: daemon.portal }, runner);
  pool = new FilePool({ path: join(dir, 'pool') }, runner);
});

afterAll(async () => {
  await daemon?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function newDrive(): Promise<string> {
  const id = randomUUID();
  await pool.createVolume({ id, sizeBytes: 16 * MiB, sparse: true, compression: 'off', readOnly: false, ioSync: 'standard' });
  return id;
}

const spec = (driveId: string, over: Partial<ExportSpec> = {}): ExportSpec => ({
  driveId, devicePath: pool.devicePath(driveId), initiatorIqn: HOST_A, chap: { user: `inf-${driveId}`, secret: 'per-drive-secret-1' }, readOnly: false, syncWrites: false, ...over,
});

const lun = (target: string) => ({ port: daemon.portal.port, target, lun: 1 });
const canLogIn = (target: string, initiator: string, chap?: Chap) => logIn(lun(target), initiator, chap);
const qemuIo = (target: string, command: string, initiator: string, chap: Chap | null) => runQemuIo(lun(target), command, initiator, chap);

describe('TgtExporter against a real tgtd', () => {
  it('admits only the allowed initiator with the right CHAP secret, and serves the image for reading and writing', async () => {
    const id = await newDrive();
    const s = spec(id);
    const { targetIqn } = await exporter.export(s);
    expect(await canLogIn(targetIqn, HOST_A, s.chap!)).toBe(true);
    expect(await canLogIn(targetIqn, HOST_A, { user: s.chap!.user, secret: 'wrong-secret-99' })).toBe(false);
    expect(await canLogIn(targetIqn, HOST_A)).toBe(false);
    expect(await canLogIn(targetIqn, HOST_B, s.chap!)).toBe(false);

    const write = await qemuIo(targetIqn, 'write -P 0xab 1M 64k', HOST_A, s.chap);
    expect(write.code, write.stderr).toBe(0);
    const image = readFileSync(pool.devicePath(id));
    expect(image.subarray(MiB, MiB + 65536).every((b) => b === 0xab)).toBe(true);

    expect(await exporter.list()).toEqual([
      { driveId: id, targetIqn, devicePath: pool.devicePath(id), initiators: [HOST_A], chapUser: s.chap!.user, readOnly: false },
    ]);
    await exporter.unexport(id);
  });

  it('re-exporting for another Host revokes the first one', async () => {
    const id = await newDrive();
    const { targetIqn } = await exporter.export(spec(id));
    await exporter.export(spec(id, { initiatorIqn: HOST_B }));
    expect(await canLogIn(targetIqn, HOST_A, spec(id).chap!)).toBe(false);
    expect(await canLogIn(targetIqn, HOST_B, spec(id).chap!)).toBe(true);
    await exporter.unexport(id);
  });

  it('unexport removes the target and its account; unexporting again is not an error', async () => {
    const id = await newDrive();
    const { targetIqn } = await exporter.export(spec(id));
    await exporter.unexport(id);
    await exporter.unexport(id);
    expect((await exporter.list()).map((t) => t.driveId)).not.toContain(id);
    expect(await canLogIn(targetIqn, HOST_A, spec(id).chap!)).toBe(false);
    const accounts = await runner.run(['tgtadm', '-C', String(daemon.controlPort), '--lld', 'iscsi', '--mode', 'account', '--op', 'show'], { timeoutMs: 5_000 });
    expect(accounts.stdout).not.toContain(`inf-${id}`);
  });

  it('without CHAP (an explicit administrator choice) the bare initiator name is enough, and only it', async () => {
    const id = await newDrive();
    const { targetIqn } = await exporter.export(spec(id, { chap: null }));
    expect(await canLogIn(targetIqn, HOST_A)).toBe(true);
    expect(await canLogIn(targetIqn, HOST_B)).toBe(false);
    await exporter.unexport(id);
  });

  it('a read-only export refuses writes', async () => {
    const id = await newDrive();
    const s = spec(id, { readOnly: true });
    const { targetIqn } = await exporter.export(s);
    const write = await qemuIo(targetIqn, 'write -P 0xcd 0 4k', HOST_A, s.chap);
    expect(`${write.stdout}${write.stderr}`).toMatch(/failed|error|denied|protect/i);
    expect(readFileSync(pool.devicePath(id)).subarray(0, 4096).every((b) => b === 0)).toBe(true);
    await exporter.unexport(id);
  });

  it('refuses a malformed initiator name, and rolls back a half-made target', async () => {
    const id = await newDrive();
    await expect(exporter.export(spec(id, { initiatorIqn: 'not an iqn' }))).rejects.toMatchObject({ code: 'INF_ERR_VALIDATION' });
    await expect(exporter.export(spec(id, { devicePath: join(dir, 'missing.raw') }))).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_COMMAND' });
    expect((await exporter.list()).map((t) => t.driveId)).not.toContain(id);
    const accounts = await runner.run(['tgtadm', '-C', String(daemon.controlPort), '--lld', 'iscsi', '--mode', 'account', '--op', 'show'], { timeoutMs: 5_000 });
    expect(accounts.stdout).not.toContain(`inf-${id}`);
  });
});
