import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalRunner, startDaemon, type Daemon } from '../../../../lib/exec/run.js';
import { SshRunner } from '../../../../lib/exec/ssh-runner.js';
import { REPO_ROOT, freePort } from '../../../helpers/server-process.js';

/**
 * The OpenZFS + LIO test VM: a Debian kernel and an initramfs built by build-vm.sh (cached
 * by its inputs), booted under QEMU TCG (no usable KVM here) with a file-backed disk for
 * the zpool. Commands go in over SSH (dropbear in the guest, root's key from the build,
 * the guest's host key pinned in a known_hosts file); SSH and the iSCSI portal are
 * forwarded to 127.0.0.1 ports.
 */
export interface ZfsVm {
  ssh: SshRunner;
  sshPort: number;
  iscsiPort: number;
  /** From QEMU's start until the first successful SSH command. */
  bootMs: number;
  dir: string;
  stop(): Promise<void>;
}

// The build scripts sit beside the TypeScript source, also when this runs compiled (make bench).
const here = join(REPO_ROOT, 'test', 'e2e', 'zfs', 'vm');
const local = new LocalRunner();

export function cacheDir(): string {
  return process.env.CACHE_DIR ?? join(homedir(), '.cache', 'infinity');
}

/** Builds the VM (seconds when cached, minutes cold) and returns its artefact directory. */
export async function buildZfsVm(): Promise<string> {
  const result = await local.tryRun(['bash', join(here, 'build-vm.sh'), cacheDir()], { timeoutMs: 60 * 60_000 });
  if (result.code !== 0) throw new Error(`Building the ZFS test VM failed (make zfs-vm shows the same): ${result.stderr.trim().split('\n').slice(-15).join('\n')}`);
  return result.stdout.trim().split('\n').at(-1)!;
}

export async function bootZfsVm(options: { diskBytes?: number; memoryMiB?: number; bootTimeoutMs?: number } = {}): Promise<ZfsVm> {
  const image = await buildZfsVm();
  const dir = mkdtempSync(join(tmpdir(), 'infinity-zfsvm-'));
  const disk = join(dir, 'disk.img');
  await local.run(['truncate', '--size', String(options.diskBytes ?? 2 * 1024 ** 3), disk], { timeoutMs: 10_000 });
  // A partition ready-made: zpool on a whole disk waits for udev to show the partition it makes.
  await local.run(['sfdisk', '--quiet', disk], { timeoutMs: 10_000, input: 'label: gpt\n,,\n' });

  const sshPort = await freePort();
  const iscsiPort = await freePort();
  const key = join(dir, 'client_key');
  copyFileSync(join(image, 'client_key'), key);
  chmodSync(key, 0o600);
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${sshPort} ${readFileSync(join(image, 'host_key.pub'), 'utf8').trim()}\n`);
  const ssh = new SshRunner({ user: 'root', host: '127.0.0.1', port: sshPort, keyFile: key, knownHostsFile: knownHosts, controlDir: dir, connectTimeoutSec: 5 });

  const consoleLog = join(dir, 'console.log');
  const started = Date.now();
  const qemu: Daemon = startDaemon([
    'qemu-system-x86_64', '-accel', 'tcg', '-cpu', 'max', '-smp', '2', '-m', String(options.memoryMiB ?? 1536),
    '-display', 'none', '-no-reboot', '-serial', `file:${consoleLog}`, '-monitor', 'none',
    '-kernel', join(image, 'vmlinuz'), '-initrd', join(image, 'initrd.img'),
    '-append', 'console=ttyS0 panic=-1 quiet loglevel=3',
    '-drive', `file=${disk},format=raw,if=virtio,cache=unsafe`,
    '-netdev', `user,id=n0,hostfwd=tcp:127.0.0.1:${sshPort}-:22,hostfwd=tcp:127.0.0.1:${iscsiPort}-:3260`,
    '-device', 'virtio-net-pci,netdev=n0',
  ]);
  let exited = false;
  void qemu.exited.then(() => {
    exited = true;
  });
  const stop = async () => {
    await qemu.stop('SIGTERM', 5_000);
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = started + (options.bootTimeoutMs ?? 180_000);
  for (;;) {
    if (exited) {
      const text = existsSync(consoleLog) ? readFileSync(consoleLog, 'utf8').slice(-3000) : '';
      await stop();
      throw new Error(`The ZFS test VM stopped while booting: ${qemu.output()}\n${text}`);
    }
    const ready = existsSync(consoleLog) && readFileSync(consoleLog, 'utf8').includes('INFINITY-ZFS-VM-READY');
    if (ready) {
      const probe = await ssh.tryRun(['true'], { timeoutMs: 15_000 }).catch(() => undefined);
      if (probe?.code === 0) break;
    }
    if (Date.now() > deadline) {
      const text = existsSync(consoleLog) ? readFileSync(consoleLog, 'utf8').slice(-3000) : '';
      await stop();
      throw new Error(`The ZFS test VM did not answer over SSH within ${options.bootTimeoutMs ?? 180_000} ms. Console:\n${text}`);
    }
    await sleep(250);
  }
  return { ssh, sshPort, iscsiPort, bootMs: Date.now() - started, dir, stop };
}
