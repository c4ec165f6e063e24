// `make bench`, storage part: 100 clones of a template on each driver (the pool alone, and
// through the API with its database work), 100 clones and 100 deletes in one batch each (as a
// plan and a deletion run them), and sequential reads through tgt against reading the image
// file directly. Traffic stays on loopback and inside the ZFS test VM.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRunner } from '../../lib/exec/run.js';
import { buildApp } from '../../server/app.js';
import { assembleCore } from '../../server/assemble.js';
import { TgtDaemon } from '../../server/iscsi/tgt/daemon.js';
import { TgtExporter } from '../../server/iscsi/tgt/tgt-exporter.js';
import { FilePool } from '../../server/storage/file/file-pool.js';
import type { StoragePool, VolumeSpec } from '../../server/storage/pool.js';
import { ZfsPool } from '../../server/storage/zfs/zfs-pool.js';
import { bootZfsVm } from '../e2e/zfs/vm/zfs-vm.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const CLONES = 100;
/** Data written into the template before it is cloned: full copies of it must fit 100 times in the 8 GiB test filesystem. */
const DATA = 32 * MiB;
const runner = new LocalRunner();
const XFS = ['mkfs.xfs', '-q', '-f', '-m', 'reflink=1'];

interface CloneResult {
  where: string;
  totalMs: number;
  perCloneMs: number;
  spaceBytes: number;
}

interface BatchResult {
  where: string;
  cloneMs: number;
  deleteMs: number;
}

const spec = (sizeBytes: number): VolumeSpec => ({ id: randomUUID(), sizeBytes, sparse: true, compression: 'off', readOnly: false, ioSync: 'standard' });

/** A 10 GiB sparse template drive with DATA written, snapshotted, then cloned 100 times one by one. */
async function clonePool(where: string, pool: StoragePool, write: (id: string) => Promise<void>): Promise<CloneResult> {
  const template = spec(10 * GiB);
  await pool.createVolume(template);
  await write(template.id);
  const snapshot = randomUUID();
  await pool.snapshot(template.id, snapshot);
  const before = (await pool.space()).freeBytes;
  const started = performance.now();
  for (let i = 0; i < CLONES; i++) await pool.cloneSnapshot(template.id, snapshot, spec(10 * GiB));
  const totalMs = performance.now() - started;
  return { where, totalMs, perCloneMs: totalMs / CLONES, spaceBytes: Math.max(0, before - (await pool.space()).freeBytes) };
}

/** The same template cloned 100 times in one cloneMany, then the 100 clones destroyed in one destroyMany. */
async function batchPool(where: string, pool: StoragePool, write: (id: string) => Promise<void>): Promise<BatchResult> {
  const template = spec(10 * GiB);
  await pool.createVolume(template);
  await write(template.id);
  const snapshot = randomUUID();
  await pool.snapshot(template.id, snapshot);
  const clones = Array.from({ length: CLONES }, () => spec(10 * GiB));
  let started = performance.now();
  await pool.cloneMany(clones.map((clone) => ({ volumeId: template.id, snapshotId: snapshot, clone })));
  const cloneMs = performance.now() - started;
  started = performance.now();
  await pool.destroyMany(clones.map((c) => c.id));
  const deleteMs = performance.now() - started;
  const left = (await pool.listVolumes()).filter((v) => clones.some((c) => c.id === v.id));
  if (left.length > 0) throw new Error(`${where}: ${left.length} clones were left after destroyMany`);
  return { where, cloneMs, deleteMs };
}

function fillFile(file: string, bytes: number): void {
  const fd = openSync(file, 'r+');
  const chunk = Buffer.alloc(MiB, 0x6b);
  for (let offset = 0; offset < bytes; offset += MiB) writeSync(fd, chunk, 0, MiB, offset);
  closeSync(fd);
}

async function loopMount(dir: string, mkfs: string[]): Promise<{ path: string; unmount(): Promise<void> }> {
  const name = `${mkfs[0]}-${randomUUID().slice(0, 8)}`;
  const image = join(dir, `${name}.img`);
  const mount = join(dir, `${name}-mnt`);
  mkdirSync(mount);
  await runner.run(['truncate', '--size', '8G', image], { timeoutMs: 10_000 });
  await runner.run([...mkfs, image], { timeoutMs: 120_000 });
  await runner.run(['mount', '-o', 'loop', image, mount], { timeoutMs: 30_000 });
  return {
    path: join(mount, 'pool'),
    unmount: async () => {
      await runner.run(['umount', mount], { timeoutMs: 60_000 });
      rmSync(image, { force: true });
    },
  };
}

async function onFileSystem<T>(dir: string, mkfs: string[], run: (pool: FilePool) => Promise<T>): Promise<T> {
  const fs = await loopMount(dir, mkfs);
  try {
    const pool = new FilePool({ path: fs.path }, runner);
    await pool.initialize();
    return await run(pool);
  } finally {
    await fs.unmount();
  }
}

function fileClones(dir: string, label: string, mkfs: string[]): Promise<CloneResult> {
  return onFileSystem(dir, mkfs, (pool) => clonePool(label, pool, async (id) => fillFile(pool.devicePath(id), DATA)));
}

export function fileBatch(dir: string): Promise<BatchResult> {
  const write = (pool: FilePool) => async (id: string) => fillFile(pool.devicePath(id), DATA);
  return onFileSystem(dir, XFS, (pool) => batchPool('file pool on XFS (reflink copies)', pool, write(pool)));
}

/** One boot of the ZFS test VM: 100 clones one call each, then a batch of 100 clones and 100 deletes. */
export async function zfsRuns(options: { oneByOne: boolean }): Promise<{ oneByOne?: CloneResult; batch: BatchResult }> {
  const vm = await bootZfsVm({ diskBytes: 4 * GiB });
  try {
    await vm.ssh.run(['zpool', 'create', '-f', '-o', 'ashift=12', '-O', 'mountpoint=none', 'bench', '/dev/vda1'], { timeoutMs: 60_000 });
    const pool = new ZfsPool({ dataset: 'bench/infinity' }, vm.ssh);
    const write = async (id: string) => {
      await vm.ssh.run(['dd', 'if=/dev/urandom', `of=${pool.devicePath(id)}`, 'bs=1M', `count=${DATA / MiB}`, 'conv=fsync'], { timeoutMs: 300_000 });
    };
    const where = 'zfs pool, in the test VM over SSH';
    const oneByOne = options.oneByOne ? await clonePool(where, pool, write) : undefined;
    return { ...(oneByOne ? { oneByOne } : {}), batch: await batchPool(where, pool, write) };
  } finally {
    await vm.stop();
  }
}

/** The same 100 clones as one API call (POST /vms with a template and copies), database included. */
async function apiClones(dir: string): Promise<CloneResult> {
  const fs = await loopMount(dir, XFS);
  const dataDir = join(fs.path, 'data');
  const core = await assembleCore({ dataDir, serverName: 'bench', address: '127.0.0.1', iscsi: null });
  const app = await buildApp({ db: core.db, commands: core.commands, logger: false });
  try {
    const call = async (method: 'GET' | 'POST', url: string, token: string | null, payload?: object) => {
      const res = await app.inject({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}), headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
      return res.json() as Record<string, unknown> & Record<number, Record<string, unknown>>;
    };
    const first = (await call('POST', '/login', null, { user: 'admin', password: 'admin' })).token as string;
    await call('POST', '/me/password', first, { old: 'admin', new: 'bench-storage-1' });
    const [vm] = (await call('POST', '/vms', first, { name: 'Gold', disk: { sizeBytes: 10 * GiB, sparse: true } })) as unknown as { id: string }[];
    const [drive] = (await call('GET', `/vms/${vm!.id}/drives`, first)) as unknown as { id: string }[];
    fillFile(core.storage.pool((core.db.prepare("SELECT id FROM storage_pools WHERE name = 'default'").get() as { id: string }).id).devicePath(drive!.id), DATA);
    await call('POST', `/vms/${vm!.id}/template`, first);
    await call('POST', `/vms/${vm!.id}/snapshots`, first, { comment: 'bench' });
    const poolId = (core.db.prepare("SELECT id FROM storage_pools WHERE name = 'default'").get() as { id: string }).id;
    const before = (await core.storage.pool(poolId).space()).freeBytes;
    const started = performance.now();
    const made = (await call('POST', '/vms', first, { name: 'Seat', template: 'Gold', copies: CLONES })) as unknown as unknown[];
    const totalMs = performance.now() - started;
    if (made.length !== CLONES) throw new Error(`asked for ${CLONES} VMs, got ${made.length}`);
    return { where: 'API: POST /vms template+copies (file pool on XFS, with SQLite)', totalMs, perCloneMs: totalMs / CLONES, spaceBytes: Math.max(0, before - (await core.storage.pool(poolId).space()).freeBytes) };
  } finally {
    await app.close();
    await core.close();
    await fs.unmount();
  }
}

interface ReadResult {
  bytes: number;
  directMBps: number;
  iscsiMBps: number;
}

/** Reads a 512 MiB image straight from the file and through tgt with QEMU's initiator, page cache dropped before each. */
export async function iscsiRead(dir: string): Promise<ReadResult> {
  const bytes = 512 * MiB;
  const pool = new FilePool({ path: join(dir, 'read-pool') }, runner);
  await pool.initialize();
  const volume = spec(bytes);
  await pool.createVolume(volume);
  fillFile(pool.devicePath(volume.id), bytes);
  const port = await freePort();
  const portal = { host: '127.0.0.1', port };
  const pidFile = join(dir, 'tgtd.pid');
  const daemon = await TgtDaemon.start({ controlPort: tgtControlPort(port), portal, runner, pidFile });
  try {
    const exporter = new TgtExporter({ controlPort: daemon.controlPort, portal: daemon.portal }, runner);
    const initiator = 'iqn.2026-11.org.infinity:bench';
    const secret = 'bench-chap-secret';
    const { targetIqn } = await exporter.export({ driveId: volume.id, devicePath: pool.devicePath(volume.id), initiatorIqn: initiator, chap: { user: 'bench', secret }, readOnly: true, syncWrites: false });
    const secretFile = join(dir, 'secret');
    writeFileSync(secretFile, secret);
    const timed = async (argv: string[]) => {
      await runner.run(['sync'], { timeoutMs: 60_000 });
      writeFileSync('/proc/sys/vm/drop_caches', '3');
      const started = performance.now();
      await runner.run(argv, { timeoutMs: 600_000, secrets: [secret] });
      return (bytes / MiB) / ((performance.now() - started) / 1000);
    };
    // The same reader for both: qemu-io, in 64 MiB requests, discarding the data.
    const reads = Array.from({ length: bytes / (64 * MiB) }, (_, i) => ['-c', `read -q ${i * 64}M 64M`]).flat();
    const directMBps = await timed(['qemu-io', '-f', 'raw', ...reads, pool.devicePath(volume.id)]);
    const opts = `driver=iscsi,transport=tcp,portal=127.0.0.1:${port},target=${targetIqn},lun=1,initiator-name=${initiator},user=bench,password-secret=s0`;
    const iscsiMBps = await timed(['qemu-io', '-r', '--object', `secret,id=s0,file=${secretFile}`, '--image-opts', opts, ...reads]);
    await exporter.unexport(volume.id);
    return { bytes, directMBps, iscsiMBps };
  } finally {
    await daemon.stop();
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export interface StorageBench {
  clones: CloneResult[];
  batches: BatchResult[];
  read: ReadResult;
}

export async function benchStorage(): Promise<StorageBench> {
  const dir = mkdtempSync(join(tmpdir(), 'infinity-bench-storage-'));
  try {
    const zfs = await zfsRuns({ oneByOne: true });
    const clones = [
      await fileClones(dir, 'file pool on ext4 (sparse copies)', ['mkfs.ext4', '-q', '-F']),
      await fileClones(dir, 'file pool on XFS (reflink copies)', XFS),
      zfs.oneByOne!,
      await apiClones(dir),
    ];
    const batches = [await fileBatch(dir), zfs.batch];
    const read = await iscsiRead(dir);
    return { clones, batches, read };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function batchTable(batches: BatchResult[]): string[] {
  return [
    `${CLONES} clones in one batch, then ${CLONES} deletes in one batch (as a plan's clones and a deletion run)`,
    `${pad('where', 64)} ${pad('clones s', 9)} ${pad('deletes s', 9)}`,
    ...batches.map((b) => `${pad(b.where, 64)} ${pad(seconds(b.cloneMs), 9)} ${seconds(b.deleteMs)}`),
  ];
}

export function storageTable(result: StorageBench): string {
  const lines = [
    `${CLONES} clones of a 10 GiB sparse template holding ${DATA / MiB} MiB (one call each row)`,
    `${pad('where', 64)} ${pad('total s', 9)} ${pad('ms/clone', 9)} space used`,
    ...result.clones.map((c) => `${pad(c.where, 64)} ${pad((c.totalMs / 1000).toFixed(2), 9)} ${pad(c.perCloneMs.toFixed(1), 9)} ${(c.spaceBytes / MiB).toFixed(1)} MiB`),
    '',
    ...batchTable(result.batches),
    '',
    `Sequential read of ${result.read.bytes / MiB} MiB, page cache dropped before each (qemu-io, 64 MiB reads)`,
    `${pad('image file, directly', 40)} ${result.read.directMBps.toFixed(0)} MiB/s`,
    `${pad('through tgt (QEMU initiator, loopback)', 40)} ${result.read.iscsiMBps.toFixed(0)} MiB/s`,
    `${pad('iSCSI / direct', 40)} ${(result.read.iscsiMBps / result.read.directMBps).toFixed(2)}x`,
  ];
  return lines.join('\n');
}
