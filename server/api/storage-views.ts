import { canSee, type Actor } from '../access/policy.js';
import { canSeeDrive } from '../access/visibility.js';
import { targetIqn } from '../iscsi/naming.js';
import { fullCopyAdvice } from '../storage/file/advice.js';
import type { StorageService } from '../storage/service.js';
import type { VolumeInfo } from '../storage/pool.js';
import type { Db } from '../store/db.js';
import { clonesOfSnapshot, type DriveRow } from '../store/drives.js';
import { getExport } from '../store/exports.js';
import { getPool, listPools, poolDriveCount, type PoolRow } from '../store/pools.js';
import { getServer } from '../store/servers.js';
import { listDriveSnapshots, type SnapshotRow } from '../store/snapshots.js';
import { getVm } from '../store/vms.js';

/**
 * API views that join the database with what the pools report (used bytes, free space).
 * A pool that cannot be read shows nulls and its error instead of failing the request.
 */
export async function poolView(db: Db, storage: StorageService, pool: PoolRow) {
  const base = { ...pool, server: getServer(db, pool.serverId)?.name ?? pool.serverId, drives: poolDriveCount(db, pool.id) };
  try {
    const driver = storage.pool(pool.id);
    const [space, capabilities, cloneAdvice] = await Promise.all([
      driver.space(), driver.capabilities(), fullCopyAdvice(driver, pool.location),
    ]);
    return { ...base, ...space, thinClones: capabilities.thinClones, cloneAdvice, error: null };
  } catch (error) {
    const unknown = { sizeBytes: null, freeBytes: null, usedBytes: null, thinClones: null, cloneAdvice: null };
    return { ...base, ...unknown, error: (error as Error).message };
  }
}

export async function poolViews(db: Db, storage: StorageService) {
  return Promise.all(listPools(db).map((p) => poolView(db, storage, p)));
}

async function volumesByPool(storage: StorageService, poolIds: string[]): Promise<Map<string, Map<string, VolumeInfo>>> {
  const result = new Map<string, Map<string, VolumeInfo>>();
  await Promise.all(
    [...new Set(poolIds)].map(async (poolId) => {
      try {
        const volumes = await storage.pool(poolId).listVolumes();
        result.set(poolId, new Map(volumes.map((v) => [v.id, v])));
      } catch {
        result.set(poolId, new Map());
      }
    }),
  );
  return result;
}

/** `actor`: whom the view is for; a VM they cannot see is not named. */
export async function driveViews(db: Db, storage: StorageService, drives: DriveRow[], actor: Actor) {
  const volumes = await volumesByPool(storage, drives.map((d) => d.poolId));
  return drives.map((d) => {
    const pool = getPool(db, d.poolId)!;
    const volume = volumes.get(d.poolId)?.get(d.id);
    return {
      id: d.id, name: d.name, vmId: d.vmId, position: d.position,
      vm: d.vmId && canSee(db, actor, 'vm', d.vmId) ? getVm(db, d.vmId)?.name ?? null : null,
      poolId: d.poolId, pool: pool.name, server: getServer(db, pool.serverId)?.name ?? pool.serverId,
      size: d.sizeBytes, used: volume?.usedBytes ?? null, snapshotSpace: volume?.snapshotBytes ?? null, snapshots: listDriveSnapshots(db, d.id).length,
      sparse: d.sparse, compression: d.compression, readOnly: d.readOnly, isPrimary: d.isPrimary, autoFailover: d.autoFailover,
      reservationPercent: d.reservationPercent, type: d.type, ioSync: d.ioSync, comment: d.comment, originSnapshotId: d.originSnapshotId, createdAt: d.createdAt,
      export: exportView(db, d.id),
    };
  });
}

/** Whether and to whom a drive is exported over iSCSI, as the database records it; the CHAP secret stays out. */
function exportView(db: Db, driveId: string) {
  const e = getExport(db, driveId);
  return e ? { initiator: e.initiatorIqn, chapUser: e.chapUser, targetIqn: targetIqn(driveId) } : null;
}

/**
 * A snapshot's clones may be other users' drives (a shared VM cloned by someone else, or the
 * clones of a deleted template handed to the drive that took its snapshots over): only those
 * `actor` may see are named.
 */
export function snapshotView(db: Db, s: SnapshotRow, driveName: string, actor: Actor) {
  const clones = clonesOfSnapshot(db, s.id).filter((c) => canSeeDrive(db, actor, c));
  return { ...s, drive: driveName, clones: clones.map((c) => c.name) };
}

/** A VM's snapshots grouped the way the manual's VM Snapshot list shows them. */
export function vmSnapshotViews(db: Db, snapshots: SnapshotRow[], driveNames: Map<string, string>, actor: Actor) {
  const groups = new Map<string, SnapshotRow[]>();
  for (const s of snapshots) {
    const key = s.vmSnapshotId ?? s.id;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.entries()].map(([id, members]) => ({
    id,
    createdAt: members[0]!.createdAt,
    comment: members[0]!.comment,
    taskId: members[0]!.taskId,
    snapshots: members.map((s) => snapshotView(db, s, driveNames.get(s.driveId) ?? s.driveId, actor)),
  }));
}
