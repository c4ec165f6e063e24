import { afterAll, vi } from 'vitest';
import { ZfsPool } from '../../../server/storage/zfs/zfs-pool.js';
import { describeStoragePool, type PoolFixture } from '../../storage/driver-suite.js';
import { bootZfsVm, type ZfsVm } from './vm/zfs-vm.js';

/**
 * The shared driver suite against real OpenZFS in the test VM, with ZfsPool driving zfs
 * over SSH exactly as it drives a storage box. Raw reads and writes go to the zvol's
 * /dev/zvol link with dd in the guest (reads with O_DIRECT, so a rollback is never hidden
 * by the guest's page cache).
 */
// Booting under TCG on a shared 2-core machine can outlast the default hook timeout.
vi.setConfig({ hookTimeout: 10 * 60_000, testTimeout: 5 * 60_000 });

const vms: ZfsVm[] = [];
afterAll(async () => {
  for (const vm of vms) await vm.stop();
});

async function zfsFixture(): Promise<PoolFixture> {
  const vm = await bootZfsVm();
  vms.push(vm);
  console.log(`ZFS test VM answered over SSH ${vm.bootMs} ms after QEMU started`);
  // 1 GiB pool: "thick drive larger than the free space" stays cheap to reach.
  await vm.ssh.run(['zpool', 'create', '-f', '-o', 'ashift=12', '-O', 'mountpoint=none', 'tank', '/dev/vda1'], { timeoutMs: 60_000 });
  const pool = new ZfsPool({ dataset: 'tank/infinity' }, vm.ssh);
  const BLOCK = 4096;
  return {
    pool,
    async write(id, offset, data) {
      if (data.some((b) => b >= 0x80) || offset % BLOCK !== 0) throw new Error('the zfs fixture writes ASCII at 4 KiB-aligned offsets (the suite needs no more)');
      await vm.ssh.run(['dd', `of=${pool.devicePath(id)}`, `bs=${BLOCK}`, `seek=${offset / BLOCK}`, 'conv=fsync'], { timeoutMs: 120_000, input: data.toString('latin1') });
    },
    async read(id, offset, length) {
      const first = Math.floor(offset / BLOCK);
      const count = Math.ceil((offset + length) / BLOCK) - first;
      const result = await vm.ssh.run(['dd', `if=${pool.devicePath(id)}`, `bs=${BLOCK}`, `skip=${first}`, `count=${count}`, 'iflag=direct'], { timeoutMs: 60_000 });
      const bytes = Buffer.from(result.stdout, 'latin1');
      return bytes.subarray(offset - first * BLOCK, offset - first * BLOCK + length);
    },
    cleanup: async () => undefined,
  };
}

describeStoragePool('zfs (OpenZFS in a VM, over SSH)', zfsFixture);
