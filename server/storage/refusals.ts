import { InfinityError } from '../../lib/errors.js';

/** The refusals every StoragePool driver shares, worded once so both drivers say the same. */
export function snapshotMissing(volumeId: string, snapshotId: string): InfinityError {
  return new InfinityError('INF_ERR_STORAGE_NOT_FOUND', `Snapshot ${snapshotId} of volume ${volumeId} does not exist.`);
}

export function notLatest(volumeId: string, snapshotId: string): InfinityError {
  return new InfinityError('INF_ERR_CONFLICT', `Snapshot ${snapshotId} is not the most recent one of volume ${volumeId}; delete the newer snapshots first, or clone this one instead.`);
}

export function notAClone(volumeId: string): InfinityError {
  return new InfinityError('INF_ERR_CONFLICT', `Volume ${volumeId} is not a clone of a snapshot, so there is nothing to promote it over.`);
}
