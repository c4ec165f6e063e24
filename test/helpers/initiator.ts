import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRunner, type RunResult } from '../../lib/exec/run.js';

/**
 * The initiators the iSCSI tests log in with, run on this machine against a portal on
 * loopback: libiscsi's iscsi-inq (admission) and QEMU's own initiator (reads and writes,
 * the one Hosts use). tgt serves the disk as LUN 1 (LUN 0 is its controller); LIO as LUN 0.
 */
export interface Chap {
  user: string;
  secret: string;
}

export interface Lun {
  port: number;
  target: string;
  lun: number;
}

const runner = new LocalRunner();

/** Exit 0 from iscsi-inq means the target admitted this initiator (and CHAP, if given). */
export async function canLogIn(at: Lun, initiator: string, chap?: Chap): Promise<boolean> {
  const auth = chap ? `${chap.user}%${chap.secret}@` : '';
  const r = await runner.tryRun(['iscsi-inq', '-i', initiator, `iscsi://${auth}127.0.0.1:${at.port}/${at.target}/${at.lun}`], {
    timeoutMs: 30_000,
    ...(chap ? { secrets: [chap.secret] } : {}),
  });
  return r.code === 0;
}

/** Runs one qemu-io command (`write -P 0xab 0 64k`) through QEMU's iSCSI initiator. */
export async function qemuIo(at: Lun, command: string, initiator: string, chap: Chap | null): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'infinity-initiator-'));
  try {
    const secretFile = join(dir, `secret-${randomUUID()}`);
    writeFileSync(secretFile, chap?.secret ?? '');
    const opts = [
      'driver=iscsi', 'transport=tcp', `portal=127.0.0.1:${at.port}`, `target=${at.target}`, `lun=${at.lun}`, `initiator-name=${initiator}`,
      ...(chap ? [`user=${chap.user}`, 'password-secret=s0'] : []),
    ].join(',');
    return await runner.tryRun(['qemu-io', '--object', `secret,id=s0,file=${secretFile}`, '--image-opts', opts, '-c', command], { timeoutMs: 60_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The LUN's size in bytes as an initiator reads it (libiscsi's READ CAPACITY(16)); null when refused. */
export async function readCapacity(at: Lun, initiator: string, chap?: Chap): Promise<number | null> {
  const auth = chap ? `${chap.user}%${chap.secret}@` : '';
  const url = `iscsi://${auth}127.0.0.1:${at.port}/${at.target}/${at.lun}`;
  const r = await runner.tryRun(['iscsi-readcapacity16', '-s', '-i', initiator, url], {
    timeoutMs: 30_000,
    ...(chap ? { secrets: [chap.secret] } : {}),
  });
  return r.code === 0 ? Number(r.stdout.trim()) : null;
}
