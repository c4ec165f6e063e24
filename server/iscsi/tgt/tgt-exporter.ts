import { setTimeout as sleep } from 'node:timers/promises';
import { InfinityError } from '../../../lib/errors.js';
import type { Runner } from '../../../lib/exec/run.js';
import type { ExportSpec, ExportedTarget, IscsiExporter, Portal } from '../exporter.js';
import { chapUser, isInitiatorIqn, parseTargetIqn, targetIqn } from '../naming.js';
import * as tgt from './commands.js';
import { parseAccounts, parseTargets, type TgtTarget } from './parse.js';

export interface TgtConfig {
  /** tgtd's management port (`tgtd -C N`); every tgtadm call names it. */
  controlPort: number;
  /** Where initiators reach tgtd's iSCSI portal. */
  portal: Portal;
}

const TIMEOUT = { timeoutMs: 15_000 };

/**
 * Drives `tgtadm` directly (never tgt-admin config files, which add an `ALL` ACL, and
 * whose dumps lose CHAP secrets). tgtd keeps nothing across its own restart, so the
 * server re-exports from the database whenever tgtd starts. State is read from tgtd's
 * own listing each time: no cached copy can drift from it.
 */
export class TgtExporter implements IscsiExporter {
  readonly kind = 'tgt' as const;
  readonly portal: Portal;

  constructor(private readonly config: TgtConfig, private readonly runner: Runner) {
    this.portal = config.portal;
  }

  private async targets(): Promise<TgtTarget[]> {
    return parseTargets((await this.runner.run(tgt.showTargets(this.config.controlPort), TIMEOUT)).stdout);
  }

  async list(): Promise<ExportedTarget[]> {
    const exported: ExportedTarget[] = [];
    for (const t of await this.targets()) {
      const driveId = parseTargetIqn(t.iqn);
      if (!driveId) continue;
      const disk = t.luns.find((l) => l.lun === 1);
      exported.push({
        driveId,
        targetIqn: t.iqn,
        devicePath: disk?.path ?? '',
        initiators: t.acls,
        chapUser: t.accounts[0] ?? null,
        readOnly: disk?.readOnly ?? false,
      });
    }
    return exported;
  }

  async export(spec: ExportSpec): Promise<{ targetIqn: string; portal: Portal }> {
    if (!isInitiatorIqn(spec.initiatorIqn)) {
      throw new InfinityError('INF_ERR_VALIDATION', `"${spec.initiatorIqn}" is not an iSCSI initiator name (iqn.YYYY-MM.domain:name).`, { field: 'initiator' });
    }
    const control = this.config.controlPort;
    const iqn = targetIqn(spec.driveId);
    const targets = await this.targets();
    // A re-export starts from a clean target, so no earlier initiator or account survives.
    const existing = targets.find((t) => t.iqn === iqn);
    if (existing) await this.removeTarget(existing);
    const tid = Math.max(0, ...targets.filter((t) => t !== existing).map((t) => t.tid)) + 1;
    const user = spec.chap?.user ?? chapUser(spec.driveId);
    const secrets = spec.chap ? [spec.chap.secret] : [];
    const steps: string[][] = [
      tgt.newTarget(control, tid, iqn),
      tgt.newDiskLun(control, tid, spec.devicePath, spec.syncWrites),
      ...(spec.readOnly ? [tgt.setLunReadOnly(control, tid, true)] : []),
      ...(spec.chap ? [tgt.newAccount(control, user, spec.chap.secret), tgt.bindAccount(control, tid, user)] : []),
      // The ACL comes last: until it exists, no initiator at all can log in.
      tgt.bindInitiator(control, tid, spec.initiatorIqn),
    ];
    try {
      for (const argv of steps) await this.runner.run(argv, { ...TIMEOUT, secrets });
    } catch (error) {
      await this.runner.tryRun(tgt.deleteTarget(control, tid), TIMEOUT);
      if (spec.chap) await this.runner.tryRun(tgt.deleteAccount(control, user), TIMEOUT);
      throw new InfinityError('INF_ERR_STORAGE_COMMAND', `Could not export drive ${spec.driveId} with tgt: ${(error as Error).message}`, { cause: error });
    }
    return { targetIqn: iqn, portal: this.portal };
  }

  /**
   * tgt reads a backing store's size once, when the LUN is made: the LUN is made again on
   * the same path with the same flags (an initiator's next READ CAPACITY sees the new
   * size; its session stays). tgt refuses to delete a LUN with commands in flight, so
   * that is retried briefly.
   */
  async showNewSize(driveId: string): Promise<void> {
    const control = this.config.controlPort;
    const target = (await this.targets()).find((t) => t.iqn === targetIqn(driveId));
    const disk = target?.luns.find((l) => l.lun === 1);
    if (!target || !disk?.path) return;
    for (let attempt = 1; ; attempt++) {
      const removed = await this.runner.tryRun(tgt.deleteDiskLun(control, target.tid), TIMEOUT);
      if (removed.code === 0) break;
      if (attempt === 20) {
        const message = `Could not show drive ${driveId}'s new size with tgt: ${removed.stderr.trim()}`;
        throw new InfinityError('INF_ERR_STORAGE_COMMAND', message);
      }
      await sleep(50);
    }
    const syncWrites = disk.flags.split(':').includes('sync');
    await this.runner.run(tgt.newDiskLun(control, target.tid, disk.path, syncWrites), TIMEOUT);
    if (disk.readOnly) await this.runner.run(tgt.setLunReadOnly(control, target.tid, true), TIMEOUT);
  }

  async unexport(driveId: string): Promise<void> {
    const iqn = targetIqn(driveId);
    const target = (await this.targets()).find((t) => t.iqn === iqn);
    if (target) {
      await this.removeTarget(target);
      return;
    }
    // An account can outlive its target when an earlier removal stopped half-way.
    const accounts = parseAccounts((await this.runner.run(tgt.showAccounts(this.config.controlPort), TIMEOUT)).stdout);
    if (accounts.includes(chapUser(driveId))) await this.runner.run(tgt.deleteAccount(this.config.controlPort, chapUser(driveId)), TIMEOUT);
  }

  private async removeTarget(target: TgtTarget): Promise<void> {
    const control = this.config.controlPort;
    await this.runner.run(tgt.deleteTarget(control, target.tid), TIMEOUT);
    // The target is ours (named by our scheme), so the accounts bound to it are the ones we made.
    for (const account of target.accounts) await this.runner.run(tgt.deleteAccount(control, account), TIMEOUT);
  }
}
