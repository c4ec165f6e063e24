import { setTimeout as sleep } from 'node:timers/promises';
import { InfinityError } from '../../../lib/errors.js';
import type { RunOptions, Runner } from '../../../lib/exec/run.js';
import type { ExportSpec, ExportedTarget, IscsiExporter, Portal } from '../exporter.js';
import { chapUser, isInitiatorIqn, parseTargetIqn, targetIqn } from '../naming.js';
import * as lio from './commands.js';
import { parseAttributes, parseTree, type LioTarget, type LioTree } from './parse.js';

export interface LioConfig {
  /** Where initiators reach the portal (what export() hands to the Host). */
  portal: Portal;
  /** What LIO listens on, as its np directory names it; defaults to every address, port 3260. */
  listen?: { host: string; port: number };
  /** The configfs HBA directory of our iblock storage objects. */
  hba?: string;
  /** How long to wait for the block device to appear before giving up. */
  deviceWaitMs?: number;
}

const TIMEOUT: RunOptions = { timeoutMs: 15_000 };

/**
 * The kernel target, driven through configfs (no targetcli: its saved config and caches
 * would be a second truth). Each drive is an iblock storage object `drive-<id>` on the
 * drive's block device, behind its own target with one TPG, LUN 0, and one ACL node for
 * the Host's initiator holding the CHAP account; demo mode is never on. LIO keeps nothing
 * across a reboot of the storage host, so the server re-exports from its database.
 *
 * IO Sync: iblock passes the initiator's flushes and FUA writes to the device and reports
 * the device's own write cache, so synchronous writes come from the zvol (`sync=always`,
 * the drive's IO Sync property), not from the target.
 */
export class LioExporter implements IscsiExporter {
  readonly kind = 'lio' as const;
  readonly portal: Portal;
  private readonly hba: string;
  private readonly listen: string;
  private readonly deviceWaitMs: number;

  constructor(config: LioConfig, private readonly runner: Runner) {
    this.portal = config.portal;
    this.hba = config.hba ?? 'iblock_0';
    const listen = config.listen ?? { host: '0.0.0.0', port: 3260 };
    this.listen = `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`;
    this.deviceWaitMs = config.deviceWaitMs ?? 10_000;
  }

  private async tree(): Promise<LioTree> {
    const dirs = await this.listing(lio.listDirectories(this.hba));
    const links = await this.listing(lio.listLinks());
    return parseTree(dirs, links, this.hba);
  }

  /** LIO makes `iscsi/` and our HBA only on first use: a missing one is an empty listing. */
  private async listing(argv: string[]): Promise<string> {
    const result = await this.runner.tryRun(argv, TIMEOUT);
    const otherErrors = result.stderr.split('\n').filter((line) => line.trim() && !/No such file or directory/.test(line));
    if (result.code !== 0 && otherErrors.length > 0) {
      throw new InfinityError('INF_ERR_STORAGE_COMMAND', `Could not read LIO's configfs tree: ${otherErrors.join('; ')}`);
    }
    return result.stdout;
  }

  async list(): Promise<ExportedTarget[]> {
    const ours = (await this.tree()).targets.flatMap((t) => {
      const driveId = parseTargetIqn(t.iqn);
      return driveId === undefined ? [] : [{ driveId, target: t }];
    });
    if (ours.length === 0) return [];
    const files = ours.flatMap(({ driveId, target }) => [
      `${lio.backstorePath(this.hba, backstoreName(driveId))}/udev_path`,
      ...(target.tpgs.find((g) => g.tag === lio.TPG)?.acls ?? []).flatMap((a) => [
        `${lio.tpgPath(target.iqn)}/acls/${a.initiator}/auth/userid`,
        `${lio.tpgPath(target.iqn)}/acls/${a.initiator}/${lio.LUN}/write_protect`,
      ]),
    ]);
    // grep exits 1 when every file is empty (no CHAP, say): that is an answer, not a failure.
    const read = await this.runner.tryRun(lio.readAttributes(files), TIMEOUT);
    const values = parseAttributes(read.stdout, files);
    return ours.map(({ driveId, target }) => {
      const acls = target.tpgs.find((g) => g.tag === lio.TPG)?.acls ?? [];
      const first = acls[0];
      const aclPath = first && `${lio.tpgPath(target.iqn)}/acls/${first.initiator}`;
      return {
        driveId,
        targetIqn: target.iqn,
        devicePath: values.get(`${lio.backstorePath(this.hba, backstoreName(driveId))}/udev_path`)?.trim() ?? '',
        initiators: acls.map((a) => a.initiator),
        chapUser: (aclPath && values.get(`${aclPath}/auth/userid`)?.trim()) || null,
        readOnly: aclPath ? values.get(`${aclPath}/${lio.LUN}/write_protect`)?.trim() === '1' : false,
      };
    });
  }

  async export(spec: ExportSpec): Promise<{ targetIqn: string; portal: Portal }> {
    if (!isInitiatorIqn(spec.initiatorIqn)) {
      throw new InfinityError('INF_ERR_VALIDATION', `"${spec.initiatorIqn}" is not an iSCSI initiator name (iqn.YYYY-MM.domain:name).`, { field: 'initiator' });
    }
    const iqn = targetIqn(spec.driveId);
    // A re-export starts from nothing, so no earlier initiator or account survives.
    await this.teardown(spec.driveId, await this.tree(), false);
    const secrets = spec.chap ? [spec.chap.secret] : [];
    try {
      await this.waitForDevice(spec.devicePath);
      const steps = lio.exportSteps({
        iqn, hba: this.hba, backstore: backstoreName(spec.driveId), devicePath: spec.devicePath, listen: this.listen,
        initiatorIqn: spec.initiatorIqn, chap: spec.chap && { user: spec.chap.user || chapUser(spec.driveId), secret: spec.chap.secret }, readOnly: spec.readOnly,
      });
      for (const step of steps) await this.runner.run(step.argv, { ...TIMEOUT, secrets, ...(step.input === undefined ? {} : { input: step.input }) });
    } catch (error) {
      await this.teardown(spec.driveId, await this.tree(), true).catch(() => undefined);
      throw new InfinityError('INF_ERR_STORAGE_COMMAND', `Could not export drive ${spec.driveId} with LIO: ${(error as Error).message}`, { cause: error });
    }
    return { targetIqn: iqn, portal: this.portal };
  }

  /**
   * Nothing to do: iblock answers READ CAPACITY from the block device's size at that
   * moment, and a zvol's device grows with `volsize`.
   */
  async showNewSize(): Promise<void> {
    return undefined;
  }

  async unexport(driveId: string): Promise<void> {
    await this.teardown(driveId, await this.tree(), false);
  }

  /** Removes the drive's target, then its storage object: configfs wants leaves first. */
  private async teardown(driveId: string, tree: LioTree, bestEffort: boolean): Promise<void> {
    const steps: lio.Step[] = [];
    const target: LioTarget | undefined = tree.targets.find((t) => t.iqn === targetIqn(driveId));
    for (const g of target?.tpgs ?? []) {
      const tpg = `${lio.targetPath(target!.iqn)}/${g.tag}`;
      steps.push(lio.write(`${tpg}/enable`, '0'));
      for (const a of g.acls) {
        for (const m of a.mappedLuns) {
          steps.push(...m.links.map((l) => lio.unlink(`${tpg}/acls/${a.initiator}/${m.name}/${l}`)), lio.rmdir(`${tpg}/acls/${a.initiator}/${m.name}`));
        }
        steps.push(lio.rmdir(`${tpg}/acls/${a.initiator}`));
      }
      for (const l of g.luns) steps.push(...l.links.map((x) => lio.unlink(`${tpg}/lun/${l.name}/${x}`)), lio.rmdir(`${tpg}/lun/${l.name}`));
      steps.push(...g.portals.map((np) => lio.rmdir(`${tpg}/np/${np}`)), lio.rmdir(tpg));
    }
    if (target) steps.push(lio.rmdir(lio.targetPath(target.iqn)));
    if (tree.backstores.includes(backstoreName(driveId))) steps.push(lio.rmdir(lio.backstorePath(this.hba, backstoreName(driveId))));
    for (const step of steps) {
      const options = { ...TIMEOUT, ...(step.input === undefined ? {} : { input: step.input }) };
      // A TPG that was never enabled refuses enable=0; that is no reason to stop.
      if (bestEffort || step.argv[0] === 'tee') await this.runner.tryRun(step.argv, options);
      else await this.runner.run(step.argv, options);
    }
  }

  private async waitForDevice(path: string): Promise<void> {
    const deadline = Date.now() + this.deviceWaitMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      if ((await this.runner.tryRun(lio.deviceExists(path), TIMEOUT)).code === 0) return;
      if (Date.now() >= deadline) throw new Error(`${path} is not a block device (LIO's iblock backstore serves block devices only)`);
      await sleep(delay);
    }
  }
}

export function backstoreName(driveId: string): string {
  return `drive-${driveId}`;
}
