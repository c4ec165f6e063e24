import type { ExportedTarget, ExportSpec, IscsiExporter } from '../../iscsi/exporter.js';
import type { IscsiService } from '../../iscsi/service.js';
import type { StorageService } from '../../storage/service.js';
import type { Db } from '../../store/db.js';
import { getDrive, type DriveRow } from '../../store/drives.js';
import { listExports, type ExportRow } from '../../store/exports.js';
import { listPools } from '../../store/pools.js';
import { exportSpecOf } from '../export-spec.js';

export interface IscsiDrift {
  /** Our targets the database does not record (a drive deleted while the server was down). */
  removed: { driveId: string; targetIqn: string; initiators: string[] }[];
  /** Targets whose ACL, CHAP user or write protection differed from the database; exported again. */
  differed: { driveId: string; found: Pick<ExportedTarget, 'initiators' | 'chapUser' | 'readOnly'> }[];
  failures: { driveId: string; error: string }[];
}

/**
 * Makes every exporter match the database, which is the truth: each pool's exporter
 * (iscsi/registry.ts: this server's tgtd or LIO, LIO on each storage box) exports every
 * recorded export of its pools' drives again (a new tgtd starts empty; an adopted one, or a
 * box's kernel target, may hold stale ACLs), and our targets (named by our scheme) that the
 * database no longer records are removed; targets named otherwise are never touched.
 * `only` limits it to one exporter (a restarted tgtd), leaving the others' sessions alone.
 * Returns the drift it found and what it could not repair, for the server log.
 */
export async function reconcileIscsi(
  db: Db, iscsi: IscsiService, storage: StorageService, only?: IscsiExporter,
): Promise<IscsiDrift> {
  const drift: IscsiDrift = { removed: [], differed: [], failures: [] };
  const recorded = listExports(db);
  const recordedIds = new Set(recorded.map((e) => e.driveId));
  const served = new Map<IscsiExporter, { row: ExportRow; drive: DriveRow }[]>();
  for (const pool of listPools(db)) {
    const exporter = iscsi.choose(pool.id).exporter;
    if (exporter && (!only || exporter === only) && !served.has(exporter)) served.set(exporter, []);
  }
  for (const row of recorded) {
    const drive = getDrive(db, row.driveId);
    const exporter = drive && iscsi.choose(drive.poolId).exporter;
    if (drive && exporter) served.get(exporter)?.push({ row, drive });
  }
  for (const [exporter, exports] of served) await reconcileExporter(exporter, exports, recordedIds, storage, drift);
  return drift;
}

async function reconcileExporter(
  exporter: IscsiExporter,
  exports: { row: ExportRow; drive: DriveRow }[],
  recordedIds: Set<string>,
  storage: StorageService,
  drift: IscsiDrift,
): Promise<void> {
  let present: Map<string, ExportedTarget>;
  try {
    present = new Map((await exporter.list()).map((t) => [t.driveId, t]));
  } catch (error) {
    for (const { row } of exports) drift.failures.push({ driveId: row.driveId, error: (error as Error).message });
    return;
  }
  for (const target of present.values()) {
    if (recordedIds.has(target.driveId)) continue;
    try {
      await exporter.unexport(target.driveId);
      drift.removed.push({ driveId: target.driveId, targetIqn: target.targetIqn, initiators: target.initiators });
    } catch (error) {
      drift.failures.push({ driveId: target.driveId, error: (error as Error).message });
    }
  }
  for (const { row, drive } of exports) {
    const spec = exportSpecOf(row, drive, storage);
    const found = present.get(row.driveId);
    // A target the exporter kept (tgtd adopted after a crash, LIO on a box) that says otherwise than the database.
    if (found && !sameExport(found, spec)) {
      const { initiators, chapUser, readOnly } = found;
      drift.differed.push({ driveId: row.driveId, found: { initiators, chapUser, readOnly } });
    }
    try {
      await exporter.export(spec);
    } catch (error) {
      drift.failures.push({ driveId: row.driveId, error: (error as Error).message });
    }
  }
}

function sameExport(found: ExportedTarget, spec: ExportSpec): boolean {
  return found.devicePath === spec.devicePath && found.readOnly === spec.readOnly && found.chapUser === (spec.chap?.user ?? null)
    && found.initiators.length === 1 && found.initiators[0] === spec.initiatorIqn;
}
