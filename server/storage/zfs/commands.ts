import type { Compression, IoSync } from '../../../lib/catalog.js';

/**
 * argv builders for zfs(8) (pure; unit-tested). Reads ask for machine output (-H: no
 * header, tab-separated; -p: exact numbers), and every dataset we make carries
 * `infinity:id` so reconciliation never depends on guessing from names.
 */
export const ID_PROPERTY = 'infinity:id';
/** Sparse is a choice of ours; refreservation alone cannot tell it once dynamic reservation sets one. */
export const SPARSE_PROPERTY = 'infinity:sparse';

export interface ZvolSettings {
  compression: Compression;
  readOnly: boolean;
  ioSync: IoSync;
}

export interface CreateZvol extends ZvolSettings {
  dataset: string;
  id: string;
  sizeBytes: number;
  sparse: boolean;
  volblocksize: number;
}

const onOff = (value: boolean) => (value ? 'on' : 'off');

function settings(s: ZvolSettings): string[] {
  return ['-o', `compression=${s.compression}`, '-o', `readonly=${onOff(s.readOnly)}`, '-o', `sync=${s.ioSync}`];
}

/**
 * Without -s, zfs create reserves the whole size (refreservation), so the pool never
 * over-commits a thick drive. (OpenZFS 2.1 answers "out of space" to an explicit
 * `-o refreservation=auto` at creation, so the default does that work.)
 */
export function createZvol(c: CreateZvol): string[] {
  return [
    'zfs', 'create', ...(c.sparse ? ['-s'] : []), '-V', String(c.sizeBytes),
    '-o', `volblocksize=${c.volblocksize}`, ...settings(c), '-o', `${SPARSE_PROPERTY}=${onOff(c.sparse)}`, '-o', `${ID_PROPERTY}=${c.id}`, c.dataset,
  ];
}

/**
 * The parent dataset, made on first use. Only here -p: on an existing dataset it succeeds
 * silently and ignores every -o, which would hide a duplicate volume id.
 */
export function createParent(dataset: string): string[] {
  return ['zfs', 'create', '-p', dataset];
}

/** Clones start without a reservation; a thick clone gets one afterwards (reserveFully). */
export function cloneSnapshot(snapshot: string, dataset: string, clone: ZvolSettings & { id: string; sparse: boolean }): string[] {
  return ['zfs', 'clone', ...settings(clone), '-o', `${SPARSE_PROPERTY}=${onOff(clone.sparse)}`, '-o', `${ID_PROPERTY}=${clone.id}`, snapshot, dataset];
}

/** What dynamic reservation reads, one value a line in this order: size, data written, our sparse marker. */
export function getReservationInputs(dataset: string): string[] {
  return ['zfs', 'get', '-Hp', '-o', 'value', `volsize,referenced,${SPARSE_PROPERTY}`, dataset];
}

/** refreservation guarantees the volume's own data that much space; 0 removes it. */
export function setRefreservation(dataset: string, bytes: number): string[] {
  return ['zfs', 'set', `refreservation=${bytes === 0 ? 'none' : String(bytes)}`, dataset];
}

/** Reserve the volume's whole size; zfs keeps it in step with later volsize changes. */
export function reserveFully(dataset: string): string[] {
  return ['zfs', 'set', 'refreservation=auto', dataset];
}

export function snapshot(name: string, id: string): string[] {
  return ['zfs', 'snapshot', '-o', `${ID_PROPERTY}=${id}`, name];
}

/** -r takes the volume's own snapshots with it; never -R, which would destroy clones too. */
export function destroyVolume(dataset: string): string[] {
  return ['zfs', 'destroy', '-r', dataset];
}

/**
 * The clone takes over its origin's snapshots up to the one it was cloned from, and the
 * origin becomes a clone of it: how a volume whose snapshots have clones can go.
 */
export function promote(dataset: string): string[] {
  return ['zfs', 'promote', dataset];
}

export function destroySnapshot(name: string): string[] {
  return ['zfs', 'destroy', name];
}

/** Without -r: zfs itself refuses when newer snapshots exist, as the file driver does. */
export function rollback(snapshotName: string): string[] {
  return ['zfs', 'rollback', snapshotName];
}

export function setVolsize(dataset: string, sizeBytes: number): string[] {
  return ['zfs', 'set', `volsize=${sizeBytes}`, dataset];
}

export function setProperties(dataset: string, p: Partial<ZvolSettings>): string[] {
  const pairs = [
    ...(p.compression === undefined ? [] : [`compression=${p.compression}`]),
    ...(p.readOnly === undefined ? [] : [`readonly=${onOff(p.readOnly)}`]),
    ...(p.ioSync === undefined ? [] : [`sync=${p.ioSync}`]),
  ];
  return ['zfs', 'set', ...pairs, dataset];
}

export const VOLUME_COLUMNS = ['name', 'volsize', 'used', 'usedbysnapshots', 'compression', 'readonly', 'sync', 'origin', ID_PROPERTY, SPARSE_PROPERTY] as const;
export const SNAPSHOT_COLUMNS = ['name', 'used', 'clones', ID_PROPERTY] as const;

/** The volumes directly under the parent (or one volume, when given its dataset). */
export function listVolumes(dataset: string, depth: 0 | 1): string[] {
  return ['zfs', 'list', '-Hp', '-t', 'volume', '-d', String(depth), '-o', VOLUME_COLUMNS.join(','), dataset];
}

/** Oldest first (creation order), so the last one is what rollback accepts. */
export function listSnapshots(dataset: string): string[] {
  return ['zfs', 'list', '-Hp', '-t', 'snapshot', '-d', '1', '-s', 'createtxg', '-o', SNAPSHOT_COLUMNS.join(','), dataset];
}

export function getSpace(dataset: string): string[] {
  return ['zfs', 'get', '-Hp', '-o', 'property,value', 'used,available', dataset];
}

/** zvols appear asynchronously (udev, or mdev in the test VM); callers wait for the link. */
export function deviceExists(path: string): string[] {
  return ['test', '-b', path];
}
