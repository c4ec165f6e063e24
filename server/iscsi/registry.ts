import { join } from 'node:path';
import type { Runner } from '../../lib/exec/run.js';
import type { SshLinks } from '../../lib/exec/ssh-links.js';
import { parseSshLocation } from '../../lib/exec/ssh-runner.js';
import type { PoolLocation } from '../storage/registry.js';
import type { IscsiExporter, Portal } from './exporter.js';
import { LioExporter } from './lio/lio-exporter.js';
import { TgtDaemon } from './tgt/daemon.js';
import { TgtExporter } from './tgt/tgt-exporter.js';

export interface IscsiConfig {
  /**
   * What serves this machine's pools: tgt (file images and zvols), or the kernel's LIO
   * (zvols only, so file pools are then not exported). ZFS pools on storage boxes always
   * use LIO on the box.
   */
  driver: 'tgt' | 'lio';
  /** Where initiators reach this machine's target (tgtd's portal, or what LIO listens on). */
  portal: Portal;
  /** tgtd's management port; our own tgtd, so a system tgtd is never touched. */
  controlPort: number;
}

/** The exporter this server started on its own machine (and its tgtd), or why there is none. */
export type StartedExporter =
  | { exporter: IscsiExporter; daemon: TgtDaemon | null }
  | { exporter: null; reason: string };

/**
 * Starts what `infinity server --iscsi tgt|lio` names. `stateDir` holds the pid file that
 * tells this server's own tgtd from another's. Throws when it is there but will not start.
 */
export async function startLocalExporter(
  config: IscsiConfig, runner: Runner, stateDir: string,
): Promise<StartedExporter> {
  const { controlPort, portal } = config;
  switch (config.driver) {
    case 'lio': {
      const configfs = await runner.tryRun(['test', '-d', '/sys/kernel/config/target'], { timeoutMs: 5_000 });
      if (configfs.code !== 0) {
        const reason = 'the kernel target (LIO) is not loaded: load target_core_mod and iscsi_target_mod, '
          + 'or start with --iscsi tgt.';
        return { exporter: null, reason };
      }
      return { exporter: new LioExporter({ portal, listen: portal }, runner), daemon: null };
    }
    case 'tgt': {
      const probe = runner.tryRun(['tgtd', '--version'], { timeoutMs: 5_000 });
      if (!(await probe.then((r) => r.code === 0, () => false))) {
        return { exporter: null, reason: "tgtd is not installed; install Debian's tgt package and restart the server" };
      }
      const daemon = await TgtDaemon.start({ controlPort, portal, runner, pidFile: join(stateDir, 'tgtd.pid') });
      return { exporter: new TgtExporter({ controlPort, portal }, runner), daemon };
    }
  }
}

/** The exporter this server runs itself (`infinity server --iscsi tgt|lio`), or why it has none. */
export type LocalExporter = { exporter: IscsiExporter } | { exporter: null; reason: string };

/** An exporter for a pool: one to use (made once per `key`, shared by the pools that name it), or why there is none. */
export type ExporterChoice = { key: string; make: () => IscsiExporter } | { reason: string };

/**
 * The only place that maps a pool to the exporter that serves its drives (and, above, the
 * server's `--iscsi` choice to the exporter it runs):
 * - a ZFS pool on a storage box (`ssh://`): LIO on that box, driven through configfs over
 *   the pool's own SSH link (a tgtd here cannot reach the box's zvols). Initiators reach it
 *   at the location's `?iscsi-portal=HOST:PORT`, or at the SSH host's port 3260;
 * - a ZFS pool on this machine: the exporter this server runs (tgt, or LIO with `--iscsi lio`);
 * - a file pool: tgt on this machine (LIO's iblock backstore serves block devices only).
 */
export function chooseExporter(pool: PoolLocation, local: LocalExporter, links: SshLinks): ExporterChoice {
  const here: ExporterChoice = local.exporter === null
    ? { reason: local.reason }
    : { key: 'local', make: () => local.exporter };
  switch (pool.driver) {
    case 'file':
      if (local.exporter?.kind === 'lio') {
        return { reason: 'file pools are exported by tgt, and this server serves iSCSI with LIO (--iscsi lio)' };
      }
      return here;
    case 'zfs': {
      if (!pool.location.startsWith('ssh://')) return here;
      const box = parseSshLocation(pool.location);
      const portal = box.iscsiPortal ?? { host: box.host.replace(/^\[(.*)\]$/, '$1'), port: 3260 };
      return {
        key: `lio ${box.user}@${box.host}:${box.port} portal ${portal.host}:${portal.port}`,
        make: () => new LioExporter({ portal }, links.runner(box)),
      };
    }
  }
}
