import type { Runner } from '../../lib/exec/run.js';
import type { IscsiExporter, Portal } from './exporter.js';
import { TgtDaemon } from './tgt/daemon.js';
import { TgtExporter } from './tgt/tgt-exporter.js';

export interface IscsiConfig {
  driver: 'tgt';
  portal: Portal;
  /** tgtd's management port; our own tgtd, so a system tgtd is never touched. */
  controlPort: number;
}

/**
 * The server's iSCSI exporter, or the reason there is none (no tgtd installed, or iSCSI
 * turned off), so routes can say why instead of failing obscurely.
 */
export class IscsiService {
  private constructor(readonly exporter: IscsiExporter | null, readonly unavailableReason: string, private readonly daemon: TgtDaemon | null) {}

  static disabled(reason: string): IscsiService {
    return new IscsiService(null, reason, null);
  }

  static async start(config: IscsiConfig, runner: Runner): Promise<IscsiService> {
    const daemon = await TgtDaemon.start({ controlPort: config.controlPort, portal: config.portal, runner });
    return new IscsiService(new TgtExporter({ controlPort: config.controlPort, portal: config.portal }, runner), '', daemon);
  }

  require(): IscsiExporter {
    if (!this.exporter) throw new Error(this.unavailableReason);
    return this.exporter;
  }

  async stop(): Promise<void> {
    await this.daemon?.stop();
  }
}
