import type { Runner } from '../../lib/exec/run.js';
import type { EffectRegistry } from '../commands/effects.js';
import type { StorageService } from '../storage/service.js';
import type { Db } from '../store/db.js';
import { getDrive } from '../store/drives.js';
import { listExports } from '../store/exports.js';
import type { ExportSpec, IscsiExporter, Portal } from './exporter.js';
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

  registerEffects(effects: EffectRegistry): void {
    effects.register<{ spec: ExportSpec; previous: ExportSpec | null }>('iscsi.export', {
      do: async ({ spec }) => {
        await this.require().export(spec);
      },
      undo: async ({ spec, previous }) => {
        if (previous) await this.require().export(previous);
        else await this.require().unexport(spec.driveId);
      },
    });
    // Without an exporter nothing is served, so there is nothing to take down (a drive
    // recorded as exported can still be deleted on a server started without iSCSI).
    effects.register<{ driveId: string; previous: ExportSpec }>('iscsi.unexport', {
      do: async ({ driveId }) => {
        await this.exporter?.unexport(driveId);
      },
      undo: async ({ previous }) => {
        await this.exporter?.export(previous);
      },
    });
  }

  require(): IscsiExporter {
    if (!this.exporter) throw new Error(this.unavailableReason);
    return this.exporter;
  }

  /**
   * Makes the exporter match the database, which is the truth: every recorded export is
   * exported again (a new tgtd starts empty; an adopted one may hold stale ACLs), and our
   * targets (named by our scheme) that the database no longer records are removed.
   * Returns what could not be repaired, for the server log.
   */
  async restore(db: Db, storage: StorageService): Promise<{ driveId: string; error: string }[]> {
    if (!this.exporter) return [];
    const failures: { driveId: string; error: string }[] = [];
    const recorded = new Set(listExports(db).map((e) => e.driveId));
    for (const target of await this.exporter.list()) {
      if (recorded.has(target.driveId)) continue;
      await this.exporter.unexport(target.driveId).catch((error: unknown) => failures.push({ driveId: target.driveId, error: (error as Error).message }));
    }
    for (const row of listExports(db)) {
      const drive = getDrive(db, row.driveId);
      if (!drive) continue;
      try {
        await this.exporter.export(exportSpecOf(row, drive, storage));
      } catch (error) {
        failures.push({ driveId: row.driveId, error: (error as Error).message });
      }
    }
    return failures;
  }

  async stop(): Promise<void> {
    await this.daemon?.stop();
  }
}

export function exportSpecOf(
  row: { driveId: string; initiatorIqn: string; chapUser: string | null; chapSecret: string | null },
  drive: { id: string; poolId: string; readOnly: boolean; ioSync: string },
  storage: StorageService,
): ExportSpec {
  return {
    driveId: drive.id,
    devicePath: storage.pool(drive.poolId).devicePath(drive.id),
    initiatorIqn: row.initiatorIqn,
    chap: row.chapUser && row.chapSecret ? { user: row.chapUser, secret: row.chapSecret } : null,
    readOnly: drive.readOnly,
    syncWrites: drive.ioSync === 'always',
  };
}
