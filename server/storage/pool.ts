/**

 * The StoragePool seam: where a drive's bytes live. Drivers (`zfs/`, `file/`) implement it;
 * `registry.ts` is the only place that picks one. Everything is addressed by ids (drive
 * ids, snapshot ids), never by user-visible names, so renames never touch storage.
 */
import type { Compression, IoSync } from '../../lib/catalog.js';

/** Sizes are whole MiB: every zvol block size divides that, and files need nothing finer. */
export const SIZE_UNIT = 1024 * 1024;

export interface VolumeSpec {
  id: string;
  sizeBytes: number;
  sparse: boolean;
  compression: Compression;
  readOnly: boolean;
  ioSync: IoSync;
}

export interface VolumeProperties {
  compression?: Compression;
  readOnly?: boolean;
  ioSync?: IoSync;
}

export interface VolumeInfo extends VolumeSpec {
  /** Space the volume itself takes in the pool. */
  usedBytes: number;
  /** Space held only by its snapshots. */
  snapshotBytes: number;
  /** The snapshot this volume was cloned from, while it depends on it. */
  origin: { volumeId: string; snapshotId: string } | null;
}

export interface SnapshotInfo {
  volumeId: string;
  id: string;
  usedBytes: number;
  /** Volumes cloned from this snapshot (it cannot be destroyed while any exist). */
  clones: string[];
}

export interface PoolSpace {
  sizeBytes: number;
  usedBytes: number;
  freeBytes: number;
}

/** One clone of a batch: the snapshot it starts from and the volume it makes. */
export interface CloneRequest {
  volumeId: string;
  snapshotId: string;
  clone: VolumeSpec;
}

export interface PoolCapabilities {
  compression: boolean;
  /** Can keep space reserved for a sparse volume beyond what it has written (dynamic reservation). */
  reservation: boolean;
  /** Clones and snapshots share blocks with their origin (kilobytes, not a full copy). */
  thinClones: boolean;
}

export interface StoragePool {
  readonly driver: 'file' | 'zfs';
  /**
   * Readies a new pool's location when an administrator adds it (a file pool makes its
   * directory). Afterwards a missing location is an error, never silently made again.
   */
  initialize(): Promise<void>;
  /** At start only, before serving: removes what interrupted operations staged; returns what it removed. */
  sweep(): Promise<string[]>;
  capabilities(): Promise<PoolCapabilities>;
  createVolume(spec: VolumeSpec): Promise<void>;
  /** Refuses while a snapshot of the volume has clones (promote one first). Missing volume: not found. */
  destroyVolume(id: string): Promise<void>;
  /**
   * As `zfs promote`: the clone takes over its origin volume's snapshots up to and
   * including the one it was cloned from (with their other clones), inherits the origin's
   * own origin, and the origin becomes a clone of it. Promoting the origin back undoes it.
   * Refused for a volume that is no clone (INF_ERR_CONFLICT).
   */
  promote(cloneId: string): Promise<void>;
  /** Volumes only grow; a smaller size is refused. */
  growVolume(id: string, sizeBytes: number): Promise<void>;
  setProperties(id: string, properties: VolumeProperties): Promise<void>;
  /**
   * Dynamic reservation (manual): keep written + `percent` % of the size (capped at the
   * size) reserved for a sparse volume; 0 removes it. Returns the bytes now reserved.
   * Pools without the capability refuse with INF_ERR_STORAGE_UNSUPPORTED.
   */
  reserve(id: string, percent: number): Promise<number>;
  getVolume(id: string): Promise<VolumeInfo | undefined>;
  listVolumes(): Promise<VolumeInfo[]>;
  snapshot(volumeId: string, snapshotId: string): Promise<void>;
  /** Refuses while the snapshot has clones: "The snapshot can not be deleted as long as it has clones". */
  destroySnapshot(volumeId: string, snapshotId: string): Promise<void>;
  listSnapshots(volumeId: string): Promise<SnapshotInfo[]>;
  rollback(volumeId: string, snapshotId: string): Promise<void>;
  /** A new volume with the snapshot's contents; thin where the pool can share blocks. */
  cloneSnapshot(volumeId: string, snapshotId: string, clone: VolumeSpec): Promise<void>;
  /**
   * Many clones at once, as fast as the backend allows (ZFS runs them side by side in one
   * session, so they share transaction groups). All or nothing: when one fails, the clones
   * this call made are destroyed again and the first failure (in the order given) is thrown.
   */
  cloneMany(requests: readonly CloneRequest[]): Promise<void>;
  /**
   * Destroys volumes in the order given (clones before their origins), each with its
   * snapshots; volumes already gone are skipped, so a batch can run again after a crash.
   * Stops at the first refusal (INF_ERR_STORAGE_HAS_CLONES for a snapshot with clones
   * outside the batch); the volumes before it stay destroyed.
   */
  destroyMany(ids: readonly string[]): Promise<void>;
  space(): Promise<PoolSpace>;
  /** What an iSCSI exporter serves for this volume: a block device or an image file. */
  devicePath(id: string): string;
}
