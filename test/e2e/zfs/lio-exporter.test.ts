import { expect, it, vi } from 'vitest';
import { LioExporter } from '../../../server/iscsi/lio/lio-exporter.js';
import { ZfsPool } from '../../../server/storage/zfs/zfs-pool.js';
import { describeIscsiExporter } from '../../iscsi/exporter-suite.js';
import { bootZfsVm, type ZfsVm } from './vm/zfs-vm.js';

/**
 * The shared exporter suite against LIO in the ZFS test VM: LioExporter drives configfs
 * over SSH, drives are real zvols, and the initiators run on this machine against the
 * forwarded portal. Then what only LIO has: demo mode, and a device that ZFS holds.
 */
vi.setConfig({ hookTimeout: 10 * 60_000, testTimeout: 5 * 60_000 });

let vm: ZfsVm;

describeIscsiExporter('lio (LIO in the ZFS test VM, zvols)', async () => {
  vm = await bootZfsVm();
  console.log(`ZFS test VM answered over SSH ${vm.bootMs} ms after QEMU started`);
  await vm.ssh.run(['zpool', 'create', '-f', '-o', 'ashift=12', '-O', 'mountpoint=none', 'tank', '/dev/vda1'], { timeoutMs: 60_000 });
  const pool = new ZfsPool({ dataset: 'tank/infinity' }, vm.ssh);
  const exporter = new LioExporter({ portal: { host: '127.0.0.1', port: vm.iscsiPort } }, vm.ssh);
  return {
    exporter,
    pool,
    lun: 0,
    // O_DIRECT: the zvol's bytes, not a stale page cache in the guest.
    async read(id, offset, length) {
      const r = await vm.ssh.run(['dd', `if=${pool.devicePath(id)}`, 'bs=65536', `skip=${offset / 65536}`, `count=${Math.ceil(length / 65536)}`, 'iflag=direct'], { timeoutMs: 60_000 });
      return Buffer.from(r.stdout, 'latin1').subarray(0, length);
    },
    leftovers: async (id) => (await vm.ssh.run(['find', '/sys/kernel/config/target', '-maxdepth', '3', '-name', `*${id}*`], { timeoutMs: 15_000 })).stdout.trim(),
    missingDevice: () => ({ exporter: new LioExporter({ portal: exporter.portal, deviceWaitMs: 200 }, vm.ssh), devicePath: '/dev/zvol/tank/infinity/missing' }),
    cleanup: () => vm.stop(),
  };
}, ({ fx, newDrive, spec }) => {
  it('never turns on demo mode: the TPG generates no ACLs and requires authentication', async () => {
    const id = await newDrive();
    const { targetIqn } = await fx().exporter.export(spec(id));
    const attrib = `/sys/kernel/config/target/iscsi/${targetIqn}/tpgt_1/attrib`;
    const r = await vm.ssh.run(['cat', `${attrib}/generate_node_acls`, `${attrib}/authentication`, `${attrib}/demo_mode_write_protect`], { timeoutMs: 15_000 });
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['0', '1', '1']);
    await fx().exporter.unexport(id);
  });

  it("rolls back a target whose device LIO cannot claim (the pool's own disk, held by ZFS)", async () => {
    const id = await newDrive();
    await expect(fx().exporter.export(spec(id, { devicePath: '/dev/vda1' }))).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_COMMAND' });
    expect((await fx().exporter.list()).map((t) => t.driveId)).not.toContain(id);
    expect(await fx().leftovers(id)).toBe('');
  });
});
