import type { Logger } from 'pino';
import { InfinityError } from '../../lib/errors.js';
import type { Runner } from '../../lib/exec/run.js';
import type { SshLinks } from '../../lib/exec/ssh-links.js';
import type { PoolLocator } from '../storage/service.js';
import type { IscsiExporter } from './exporter.js';
import { chooseExporter, startLocalExporter, type IscsiConfig, type LocalExporter } from './registry.js';
import type { TgtDaemon } from './tgt/daemon.js';

export type { IscsiConfig } from './registry.js';

/** A part of the server that health reports on. */
export interface PartHealth {
  part: string;
  status: 'ok' | 'degraded' | 'off';
  reason?: string;
}

export interface WatchOptions {
  intervalMs?: number;
  logger?: Logger;
  /** Exports this exporter's drives again from the database (a restarted tgtd is empty). */
  reexport(exporter: IscsiExporter): Promise<void>;
}

/**
 * The exporter this server runs on its own machine, or the reason there is none (no tgtd
 * installed, no kernel target, iSCSI turned off), so routes can say why instead of failing
 * obscurely. Its tgtd is watched: a tgtd that dies is logged, restarted and handed its
 * drives again; one another program took over is reported and left alone.
 */
export class LocalIscsi {
  private lost: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(
    private readonly exporter: IscsiExporter | null,
    private readonly reason: string,
    private readonly daemon: TgtDaemon | null,
    private readonly failed = false,
  ) {}

  /** No exporter by choice (turned off) or for want of one (not installed). */
  static disabled(reason: string): LocalIscsi {
    return new LocalIscsi(null, reason, null);
  }

  private static failed(reason: string): LocalIscsi {
    return new LocalIscsi(null, reason, null, true);
  }

  /**
   * Starts the exporter `config` names (see registry.ts); one that will not start (its
   * port taken, say) leaves iSCSI off here, logged, and health degraded.
   */
  static async start(config: IscsiConfig, runner: Runner, stateDir: string, logger?: Logger): Promise<LocalIscsi> {
    try {
      const started = await startLocalExporter(config, runner, stateDir);
      if (started.exporter === null) return LocalIscsi.disabled(started.reason);
      return new LocalIscsi(started.exporter, '', started.daemon);
    } catch (error) {
      logger?.error({ err: error }, 'iSCSI exporter did not start');
      const { host, port } = config.portal;
      return LocalIscsi.failed(`${config.driver} did not start on ${host}:${port}: ${(error as Error).message}`);
    }
  }

  /** The exporter, or why it cannot be used now. */
  current(): LocalExporter {
    if (!this.exporter) return { exporter: null, reason: this.reason };
    if (this.lost !== null) return { exporter: null, reason: `${this.lost}; the server is restarting it` };
    return { exporter: this.exporter };
  }

  health(): PartHealth {
    if (!this.exporter) return { part: 'iscsi', status: this.failed ? 'degraded' : 'off', reason: this.reason };
    if (this.lost !== null) return { part: 'iscsi', status: 'degraded', reason: this.lost };
    return { part: 'iscsi', status: 'ok' };
  }

  /** Checks tgtd every `intervalMs` (LIO lives in the kernel: nothing to watch). */
  watch(options: WatchOptions): void {
    const daemon = this.daemon;
    const exporter = this.exporter;
    if (!daemon || !exporter) return;
    const tick = async () => {
      const loss = await daemon.check();
      if (loss === null) return;
      const { controlPort } = daemon;
      if (this.lost !== loss.reason) {
        options.logger?.error({ controlPort, reason: loss.reason }, 'the iSCSI exporter (tgtd) was lost');
      }
      this.lost = loss.reason;
      if (loss.kind === 'taken') return;
      await daemon.restart();
      this.lost = null;
      options.logger?.warn({ controlPort }, 'restarted tgtd; exporting the drives again from the database');
      await options.reexport(exporter);
    };
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void tick()
          .catch((error: unknown) => options.logger?.error({ err: error }, 'could not restart tgtd; trying again'))
          .finally(schedule);
      }, options.intervalMs ?? 2_000);
    };
    schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.daemon?.stop();
  }
}

/**
 * The exporter of each pool's drives: this server's own, or LIO on a pool's storage box
 * (see registry.ts), each made once and kept.
 */
export class IscsiService {
  private readonly made = new Map<string, IscsiExporter>();

  constructor(readonly local: LocalIscsi, private readonly locate: PoolLocator, private readonly links: SshLinks) {}

  /** The exporter that serves the pool's drives, or why there is none. */
  choose(poolId: string): { exporter: IscsiExporter } | { exporter: null; reason: string } {
    const pool = this.locate(poolId);
    if (!pool) return { exporter: null, reason: `storage pool ${poolId} does not exist` };
    const choice = chooseExporter(pool, this.local.current(), this.links);
    if ('reason' in choice) return { exporter: null, reason: choice.reason };
    let exporter = this.made.get(choice.key);
    if (!exporter) {
      exporter = choice.make();
      // This server's exporter is not kept here: it may be down for a moment, and current() says so.
      if (choice.key !== 'local') this.made.set(choice.key, exporter);
    }
    return { exporter };
  }

  /** The pool's exporter; refuses with the reason when there is none. */
  exporterFor(poolId: string): IscsiExporter {
    const choice = this.choose(poolId);
    if (choice.exporter === null) {
      const message = `iSCSI is not available for this drive's storage pool: ${choice.reason}`;
      throw new InfinityError('INF_ERR_CONFLICT', message);
    }
    return choice.exporter;
  }

  async stop(): Promise<void> {
    await this.local.stop();
  }
}
