import type { Runner } from '../../lib/exec/run.js';
import type { EffectRegistry } from '../commands/effects.js';
import type { StorageService } from '../storage/service.js';
import type { Db } from '../store/db.js';
import { getDrive } from '../store/drives.js';
import { listExports } from '../store/exports.js';
import type { ExportedTarget, ExportSpec, IscsiExporter, Portal } from './exporter.js';
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
    // Without an exporter nothing is served: a drive's settings can still change (the
    // export command itself refuses up front when iSCSI is unavailable).
    effects.register<{ spec: ExportSpec; previous: ExportSpec | null }>('iscsi.export', {
      do: async ({ spec }) => {
        await this.exporter?.export(spec);
      },
      undo: async ({ spec, previous }) => {
        if (previous) await this.exporter?.export(previous);
        else await this.exporter?.unexport(spec.driveId);
      },
    });
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
   * targets (named by our scheme) that the database no longer records are removed; targets
   * named otherwise are never touched. Returns the drift it found and what it could not
   * repair, for the server log.
   */
  async restore(db: Db, storage: StorageService): Promise<IscsiDrift> {
    const drift: IscsiDrift = { removed: [], differed: [], failures: [] };
    if (!this.exporter) return drift;
    const recorded = listExports(db);
    const present = new Map((await this.exporter.list()).map((t) => [t.driveId, t]));
    const recordedIds = new Set(recorded.map((e) => e.driveId));
    for (const target of present.values()) {
      if (recordedIds.has(target.driveId)) continue;
      try {
        await this.exporter.unexport(target.driveId);
        drift.removed.push({ driveId: target.driveId, targetIqn: target.targetIqn, initiators: target.initiators });
      } catch (error) {
        drift.failures.push({ driveId: target.driveId, error: (error as Error).message });
      }
    }
    for (const row of recorded) {
      const drive = getDrive(db, row.driveId);
      if (!drive) continue;
      const spec = exportSpecOf(row, drive, storage);
      const found = present.get(row.driveId);
      // A target tgtd kept (adopted after a crash) that no longer says what the database says.
      if (found && !sameExport(found, spec)) {
        drift.differed.push({ driveId: row.driveId, found: { initiators: found.initiators, chapUser: found.chapUser, readOnly: found.readOnly } });
      }
      try {
        await this.exporter.export(spec);
      } catch (error) {
        drift.failures.push({ driveId: row.driveId, error: (error as Error).message });
      }
    }
    return drift;
  }

  async stop(): Promise<void> {
    await this.daemon?.stop();
  }
}

export interface IscsiDrift {
  /** Our targets the database does not record (a drive deleted while the server was down). */
  removed: { driveId: string; targetIqn: string; initiators: string[] }[];
  /** Targets whose ACL, CHAP user or write protection differed from the database; exported again. */
  differed: { driveId: string; found: Pick<ExportedTarget, 'initiators' | 'chapUser' | 'readOnly'> }[];
  failures: { driveId: string; error: string }[];
}

function sameExport(found: ExportedTarget, spec: ExportSpec): boolean {
  return found.devicePath === spec.devicePath && found.readOnly === spec.readOnly && found.chapUser === (spec.chap?.user ?? null)
    && found.initiators.length === 1 && found.initiators[0] === spec.initiatorIqn;
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
