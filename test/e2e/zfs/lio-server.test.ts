import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reconcileIscsi } from '../../../server/commands/reconcile/iscsi.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { canLogIn, qemuIo, readCapacity, type Chap } from '../../helpers/initiator.js';
import { bootZfsVm, type ZfsVm } from './vm/zfs-vm.js';

/**
 * The server on this machine with a ZFS pool on a storage box (the ZFS test VM, over SSH):
 * the pool's drives are exported by LIO in the box, through the pool's own SSH link, at the
 * portal its location names (the VM's forwarded iSCSI port). libiscsi and QEMU on this
 * machine are the initiators. No tgtd runs here: the box's exporter needs none.
 */
vi.setConfig({ hookTimeout: 10 * 60_000, testTimeout: 5 * 60_000 });

const HOST_A = 'iqn.2026-11.org.infinity:station-1';
const HOST_B = 'iqn.2026-11.org.infinity:station-2';
const MiB = 1024 * 1024;

let vm: ZfsVm;
let t: TestApp;

beforeAll(async () => {
  vm = await bootZfsVm();
  console.log(`ZFS test VM answered over SSH ${vm.bootMs} ms after QEMU started`);
  const zpool = ['zpool', 'create', '-f', '-o', 'ashift=12', '-O', 'mountpoint=none', 'tank', '/dev/vda1'];
  await vm.ssh.run(zpool, { timeoutMs: 60_000 });
  // The administrator makes the pool's parent dataset; the server adds the pool on it.
  await vm.ssh.run(['zfs', 'create', 'tank/infinity'], { timeoutMs: 60_000 });
  const ssh = { keyFile: join(vm.dir, 'client_key'), knownHostsFile: join(vm.dir, 'known_hosts'), controlDir: vm.dir };
  t = await createTestApp({ ssh });
});

afterAll(async () => {
  await t?.close();
  await vm?.stop();
});

type Json = Record<string, unknown>;
const call = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Json) => {
  const res = await t.as(t.tokens.admin, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() as Json };
};

describe('a ZFS pool on a storage box, exported by LIO in the box', () => {
  let driveId: string;
  let poolId: string;
  let target: string;
  let chap: Chap;
  const lun = () => ({ port: vm.iscsiPort, target, lun: 0 });

  it('exports a drive for the granted initiator and its CHAP secret, at the portal the pool names', async () => {
    const location = `ssh://root@127.0.0.1:${vm.sshPort}/tank/infinity?iscsi-portal=127.0.0.1:${vm.iscsiPort}`;
    const pool = await call('POST', '/pools', { name: 'box', driver: 'zfs', location });
    expect(pool.status, JSON.stringify(pool.body)).toBe(201);
    poolId = pool.body.id as string;
    const drive = await call('POST', '/drives', { name: 'box-disk', pool: 'box', sizeBytes: 16 * MiB });
    expect(drive.status, JSON.stringify(drive.body)).toBe(201);
    driveId = drive.body.id as string;

    const exported = await call('POST', `/drives/${driveId}/export`, { initiator: HOST_A });
    expect(exported.status, JSON.stringify(exported.body)).toBe(200);
    expect(exported.body).toMatchObject({
      portal: `127.0.0.1:${vm.iscsiPort}`, initiator: HOST_A, chapUser: `inf-${driveId}`,
    });
    target = exported.body.targetIqn as string;
    chap = { user: exported.body.chapUser as string, secret: exported.body.chapSecret as string };
    const configfs = await vm.ssh.run(['ls', '/sys/kernel/config/target/iscsi'], { timeoutMs: 15_000 });
    expect(configfs.stdout).toContain(target);

    expect(await canLogIn(lun(), HOST_A, chap)).toBe(true);
    expect(await canLogIn(lun(), HOST_A, { ...chap, secret: 'not-the-secret-1' })).toBe(false);
    expect(await canLogIn(lun(), HOST_B, chap)).toBe(false);
    const written = await qemuIo(lun(), 'write -P 0x5a 0 64k', HOST_A, chap);
    expect(written.code, written.stderr).toBe(0);
    const read = await qemuIo(lun(), 'read -P 0x5a 0 64k', HOST_A, chap);
    expect(read.code, read.stdout + read.stderr).toBe(0);
  });

  it('shows a grown drive at its new size at once, and follows write protection', async () => {
    expect(await readCapacity(lun(), HOST_A, chap)).toBe(16 * MiB);
    expect((await call('POST', `/drives/${driveId}/grow`, { sizeBytes: 32 * MiB })).status).toBe(200);
    expect(await readCapacity(lun(), HOST_A, chap)).toBe(32 * MiB);
    expect((await call('PATCH', `/drives/${driveId}`, { readOnly: true })).status).toBe(200);
    const served = (await t.core.iscsi.exporterFor(poolId).list()).find((x) => x.driveId === driveId);
    expect(served).toMatchObject({ readOnly: true, initiators: [HOST_A] });
    const refused = await qemuIo(lun(), 'write -P 0x11 0 4k', HOST_A, chap);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/failed|error|denied|protect/i);
    expect((await call('PATCH', `/drives/${driveId}`, { readOnly: false })).status).toBe(200);
  });

  it('reconciles the box with the database: a target removed behind its back is exported again', async () => {
    await t.core.iscsi.exporterFor(poolId).unexport(driveId);
    expect(await canLogIn(lun(), HOST_A, chap)).toBe(false);
    const drift = await reconcileIscsi(t.db, t.core.iscsi, t.storage);
    expect(drift.failures).toEqual([]);
    expect(await canLogIn(lun(), HOST_A, chap)).toBe(true);
  });

  it('deleting the drive takes its target off the box', async () => {
    expect((await call('DELETE', `/drives/${driveId}`)).status).toBe(200);
    expect(await canLogIn(lun(), HOST_A, chap)).toBe(false);
    const find = ['find', '/sys/kernel/config/target', '-maxdepth', '3', '-name', `*${driveId}*`];
    const left = await vm.ssh.run(find, { timeoutMs: 15_000 });
    expect(left.stdout.trim()).toBe('');
  });
});
