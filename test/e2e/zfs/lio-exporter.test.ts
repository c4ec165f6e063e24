import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExportSpec } from '../../../server/iscsi/exporter.js';
import { LioExporter } from '../../../server/iscsi/lio/lio-exporter.js';
import { ZfsPool } from '../../../server/storage/zfs/zfs-pool.js';
import { canLogIn as logIn, qemuIo as runQemuIo, type Chap } from '../../helpers/initiator.js';
import { bootZfsVm, type ZfsVm } from './vm/zfs-vm.js';

/**
 * The tgt admission tests, against LIO in the ZFS test VM: LioExporter drives configfs
 * over SSH, drives are real zvols, and the initiators (libiscsi's iscsi-inq, QEMU's
 * qemu-io) run on this machine against the forwarded portal.
 */
vi.setConfig({ hookTimeout: 10 * 60_000, testTimeout: 5 * 60_000 });

const HOST_A = 'iqn.2026-11.org.infinity:host-a';
const HOST_B = 'iqn.2026-11.org.infinity:host-b';
const MiB = 1024 * 1024;

let vm: ZfsVm;
let exporter: LioExporter;
let pool: ZfsPool;

beforeAll(async () => {
  vm = await bootZfsVm();
  console.log(`ZFS test VM answered over SSH ${vm.bootMs} ms after QEMU started`);
  await vm.ssh.run(['zpool', 'create', '-f', '-o', 'ashift=12', '-O', 'mountpoint=none', 'tank', '/dev/vda1'], { timeoutMs: 60_000 });
  pool = new ZfsPool({ dataset: 'tank/infinity' }, vm.ssh);
  exporter = new LioExporter({ portal: { host: '127.0.0.1', port: vm.iscsiPort } }, vm.ssh);
});

afterAll(async () => {
  await vm?.stop();
});

async function newDrive(): Promise<string> {
  const id = randomUUID();
  await pool.createVolume({ id, sizeBytes: 16 * MiB, sparse: true, compression: 'off', readOnly: false, ioSync: 'standard' });
  return id;
}

const spec = (driveId: string, over: Partial<ExportSpec> = {}): ExportSpec => ({
  driveId, devicePath: pool.devicePath(driveId), initiatorIqn: HOST_A, chap: { user: `inf-${driveId}`, secret: 'per-drive-secret-1' }, readOnly: false, syncWrites: false, ...over,
});

const lun = (target: string) => ({ port: vm.iscsiPort, target, lun: 0 });
const canLogIn = (target: string, initiator: string, chap?: Chap) => logIn(lun(target), initiator, chap);
const qemuIo = (target: string, command: string, initiator: string, chap: Chap | null) => runQemuIo(lun(target), command, initiator, chap);

/** The zvol's bytes as the storage host sees them (O_DIRECT: no stale page cache). */
async function readZvol(id: string, offset: number, length: number): Promise<Buffer> {
  const r = await vm.ssh.run(['dd', `if=${pool.devicePath(id)}`, 'bs=65536', `skip=${offset / 65536}`, `count=${Math.ceil(length / 65536)}`, 'iflag=direct'], { timeoutMs: 60_000 });
  return Buffer.from(r.stdout, 'latin1').subarray(0, length);
}

describe('LioExporter against LIO in the ZFS VM', () => {
  it('admits only the allowed initiator with the right CHAP secret, and serves the zvol for reading and writing', async () => {
    const id = await newDrive();
    const s = spec(id);
    const { targetIqn } = await exporter.export(s);
    expect(await canLogIn(targetIqn, HOST_A, s.chap!)).toBe(true);
    expect(await canLogIn(targetIqn, HOST_A, { user: s.chap!.user, secret: 'wrong-secret-99' })).toBe(false);
    expect(await canLogIn(targetIqn, HOST_A)).toBe(false);
    expect(await canLogIn(targetIqn, HOST_B, s.chap!)).toBe(false);

    const write = await qemuIo(targetIqn, 'write -P 0x5a 1M 64k', HOST_A, s.chap);
    expect(write.code, write.stderr).toBe(0);
    expect((await readZvol(id, MiB, 65536)).every((b) => b === 0x5a)).toBe(true);

    expect(await exporter.list()).toEqual([
      { driveId: id, targetIqn, devicePath: pool.devicePath(id), initiators: [HOST_A], chapUser: s.chap!.user, readOnly: false },
    ]);
    await exporter.unexport(id);
  });

  it('never turns on demo mode: the TPG generates no ACLs and requires authentication', async () => {
    const id = await newDrive();
    const { targetIqn } = await exporter.export(spec(id));
    const attrib = `/sys/kernel/config/target/iscsi/${targetIqn}/tpgt_1/attrib`;
    const r = await vm.ssh.run(['cat', `${attrib}/generate_node_acls`, `${attrib}/authentication`, `${attrib}/demo_mode_write_protect`], { timeoutMs: 15_000 });
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['0', '1', '1']);
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

  it('unexport removes the target and its storage object; unexporting again is not an error', async () => {
    const id = await newDrive();
    const { targetIqn } = await exporter.export(spec(id));
    await exporter.unexport(id);
    await exporter.unexport(id);
    expect((await exporter.list()).map((t) => t.driveId)).not.toContain(id);
    expect(await canLogIn(targetIqn, HOST_A, spec(id).chap!)).toBe(false);
    const left = await vm.ssh.run(['find', '/sys/kernel/config/target/core', '-maxdepth', '2', '-name', `drive-${id}`], { timeoutMs: 15_000 });
    expect(left.stdout).toBe('');
    // The zvol is free again: ZFS can destroy it.
    await pool.destroyVolume(id);
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
    expect((await readZvol(id, 0, 4096)).every((b) => b === 0)).toBe(true);
    expect((await exporter.list()).find((t) => t.driveId === id)?.readOnly).toBe(true);
    await exporter.unexport(id);
  });

  it('refuses a malformed initiator name, and rolls back a half-made target', async () => {
    const id = await newDrive();
    await expect(exporter.export(spec(id, { initiatorIqn: 'not an iqn' }))).rejects.toMatchObject({ code: 'INF_ERR_VALIDATION' });
    const quick = new LioExporter({ portal: exporter.portal, deviceWaitMs: 200 }, vm.ssh);
    await expect(quick.export(spec(id, { devicePath: '/dev/zvol/tank/infinity/missing' }))).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_COMMAND' });
    // The pool's own disk is held by ZFS: LIO cannot claim it once the storage object is made.
    await expect(exporter.export(spec(id, { devicePath: '/dev/vda1' }))).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_COMMAND' });
    expect((await exporter.list()).map((t) => t.driveId)).not.toContain(id);
    const left = await vm.ssh.run(['find', '/sys/kernel/config/target', '-maxdepth', '3', '-name', `*${id}*`], { timeoutMs: 15_000 });
    expect(left.stdout).toBe('');
  });
});
