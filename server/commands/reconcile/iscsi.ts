import type { ExportedTarget, ExportSpec } from '../../iscsi/exporter.js';
import type { IscsiService } from '../../iscsi/service.js';
import type { StorageService } from '../../storage/service.js';
import type { Db } from '../../store/db.js';
import { getDrive } from '../../store/drives.js';
import { listExports } from '../../store/exports.js';
import { exportSpecOf } from '../export-spec.js';

export interface IscsiDrift {
  /** Our targets the database does not record (a drive deleted while the server was down). */
  removed: { driveId: string; targetIqn: string; initiators: string[] }[];
  /** Targets whose ACL, CHAP user or write protection differed from the database; exported again. */
  differed: { driveId: string; found: Pick<ExportedTarget, 'initiators' | 'chapUser' | 'readOnly'> }[];
  failures: { driveId: string; error: string }[];
}

/**
 * Makes the exporter match the database, which is the truth: every recorded export is
 * exported again (a new tgtd starts empty; an adopted one may hold stale ACLs), and our
 * targets (named by our scheme) that the database no longer records are removed; targets
 * named otherwise are never touched. Returns the drift it found and what it could not
 * repair, for the server log.
 */
export async function reconcileIscsi(db: Db, iscsi: IscsiService, storage: StorageService): Promise<IscsiDrift> {
  const drift: IscsiDrift = { removed: [], differed: [], failures: [] };
  const exporter = iscsi.exporter;
  if (!exporter) return drift;
  const recorded = listExports(db);
  const present = new Map((await exporter.list()).map((t) => [t.driveId, t]));
  const recordedIds = new Set(recorded.map((e) => e.driveId));
  for (const target of present.values()) {
    if (recordedIds.has(target.driveId)) continue;
    try {
      await exporter.unexport(target.driveId);
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
      await exporter.export(spec);
    } catch (error) {
      drift.failures.push({ driveId: row.driveId, error: (error as Error).message });
    }
  }
  return drift;
}

function sameExport(found: ExportedTarget, spec: ExportSpec): boolean {
  return found.devicePath === spec.devicePath && found.readOnly === spec.readOnly && found.chapUser === (spec.chap?.user ?? null)
    && found.initiators.length === 1 && found.initiators[0] === spec.initiatorIqn;
}
