import { constants } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, statfs, truncate, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { InfinityError } from '../../../lib/errors.js';
import { formatSize } from '../../../lib/sizes.js';
import { CommandError, type Runner } from '../../../lib/exec/run.js';
import { assertPoolLocation, assertStorageId } from '../naming.js';
import { notAClone, notLatest, snapshotMissing } from '../refusals.js';
import { fallocate, reflinkCopy, sparseCopy } from './commands.js';
import type {
  CloneRequest, PoolCapabilities, PoolSpace, SnapshotInfo, StoragePool, VolumeInfo, VolumeProperties, VolumeSpec,
} from '../pool.js';

export interface FilePoolConfig {
  path: string;
}

/** What the file pool keeps beside each image: its settings and its snapshot order. */
interface VolumeMeta extends VolumeSpec {
  origin: { volumeId: string; snapshotId: string } | null;
  snapshots: string[];
}

const TIMEOUT = { interactive: 30_000, copy: 30 * 60_000 };
/** Copies run a few side by side: enough to keep a disk busy, few enough not to thrash it. */
const SIDE_BY_SIDE = 4;

/**
 * The embedded default: each drive is a raw image in `<path>/volumes/<id>.raw` (sparse, or
 * fully allocated with fallocate when thick), its settings in `<id>.json`, its snapshots
 * in `<path>/snapshots/<id>/<snapshot>.raw`. Snapshots and clones are reflink copies where
 * the filesystem shares blocks (XFS, btrfs) and sparse copies elsewhere. Clones remember
 * their origin so that the same refusals as ZFS apply (no deleting a snapshot with clones).
 */
export class FilePool implements StoragePool {
  readonly driver = 'file' as const;
  private capabilityProbe: Promise<PoolCapabilities> | undefined;

  constructor(private readonly config: FilePoolConfig, private readonly runner: Runner) {}

  private volumesDir(): string {
    return join(this.config.path, 'volumes');
  }

  private imageFile(id: string): string {
    return join(this.volumesDir(), `${assertStorageId(id, 'Volume id')}.raw`);
  }

  private metaFile(id: string): string {
    return join(this.volumesDir(), `${assertStorageId(id, 'Volume id')}.json`);
  }

  private snapshotFile(volumeId: string, snapshotId: string): string {
    return join(this.config.path, 'snapshots', assertStorageId(volumeId, 'Volume id'), `${assertStorageId(snapshotId, 'Snapshot id')}.raw`);
  }

  devicePath(id: string): string {
    return this.imageFile(id);
  }

  /**
   * Only here is the pool's directory made: a new, empty (or earlier Infinity) directory.
   * Afterwards a missing directory is an unmounted disk, never something to recreate.
   */
  async initialize(): Promise<void> {
    const root = this.config.path;
    assertPoolLocation(root);
    if (!isAbsolute(root)) throw new InfinityError('INF_ERR_VALIDATION', `A file pool needs an absolute directory, not "${root}".`, { field: 'location' });
    const entries = await readdir(root).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      if (error.code === 'ENOTDIR') throw new InfinityError('INF_ERR_VALIDATION', `"${root}" is a file, not a directory.`, { field: 'location' });
      throw error;
    });
    if (entries && entries.length > 0 && !entries.includes('volumes')) {
      throw new InfinityError('INF_ERR_VALIDATION', `"${root}" already holds other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); give a new or empty directory for a file pool.`, { field: 'location' });
    }
    await mkdir(this.volumesDir(), { recursive: true });
  }

  private async requireRoot(): Promise<void> {
    const found = await stat(this.volumesDir()).catch(() => undefined);
    if (!found?.isDirectory()) {
      throw new InfinityError(
        'INF_ERR_STORAGE_COMMAND',
        `The file pool directory ${this.config.path} is missing or incomplete (no volumes/ in it): is its disk mounted? Nothing was changed; mount it again, or take the pool offline.`,
      );
    }
  }

  /**
   * Removes what only an operation a crash interrupted leaves: staged copies (`*.tmp`,
   * `*.rollback`), and images no metadata names. A volume's metadata is written last when
   * it is made (and removed first when it is deleted), so an image it does not name was
   * never finished: a create, clone or snapshot killed between its copy and its record.
   */
  async sweep(): Promise<string[]> {
    await this.requireRoot();
    const removed: string[] = [];
    const remove = async (file: string) => {
      await rm(file, { force: true });
      removed.push(file);
    };
    const metas = new Map((await this.allMetas()).map((m) => [m.id, m]));
    for (const name of await readdir(this.volumesDir())) {
      const image = /^(.+)\.raw$/.exec(name);
      if (/\.(tmp|rollback)$/.test(name) || (image && !metas.has(image[1]!))) await remove(join(this.volumesDir(), name));
    }
    const snapshotsDir = join(this.config.path, 'snapshots');
    const ownerOf = new Map([...metas.values()].flatMap((m) => m.snapshots.map((id) => [id, m.id] as const)));
    for (const volumeId of await readdir(snapshotsDir).catch(() => [])) {
      const dir = join(snapshotsDir, volumeId);
      for (const name of await readdir(dir).catch(() => [])) {
        const image = /^(.+)\.raw$/.exec(name);
        const owner = image ? ownerOf.get(image[1]!) : undefined;
        if (/\.(tmp|rollback)$/.test(name) || (image && owner === undefined)) await remove(join(dir, name));
        // A hand-over (promote) killed after moving a snapshot but before recording it: move it back.
        else if (image && owner !== volumeId) await rename(join(dir, name), this.snapshotFile(owner!, image[1]!));
      }
      if (!metas.has(volumeId) && (await readdir(dir).catch(() => [])).length === 0) await rm(dir, { recursive: true, force: true });
    }
    return removed;
  }

  capabilities(): Promise<PoolCapabilities> {
    this.capabilityProbe ??= this.probe();
    return this.capabilityProbe;
  }

  private async probe(): Promise<PoolCapabilities> {
    await this.requireRoot();
    const a = join(this.config.path, '.reflink-probe-a');
    const b = join(this.config.path, '.reflink-probe-b');
    await writeFile(a, 'probe');
    const result = await this.runner.tryRun(reflinkCopy(a, b), { timeoutMs: TIMEOUT.interactive });
    await rm(a, { force: true });
    await rm(b, { force: true });
    return { compression: false, reservation: false, thinClones: result.code === 0 };
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    checkCompression(spec.compression);
    await this.requireRoot();
    const file = this.imageFile(spec.id);
    const handle = await open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new InfinityError('INF_ERR_STORAGE_EXISTS', `Volume ${spec.id} already exists in this pool.`);
      throw error;
    });
    try {
      try {
        await fitting(handle.truncate(spec.sizeBytes), spec.sizeBytes);
      } finally {
        await handle.close();
      }
      if (!spec.sparse) await this.allocate(file, spec.sizeBytes);
      await this.writeMeta({ ...spec, origin: null, snapshots: [] });
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
  }

  /** Thick drives hold their whole size, so the pool can never over-commit them. */
  private async allocate(file: string, length: number, offset = 0): Promise<void> {
    try {
      await this.runner.run(fallocate(file, length, offset), { timeoutMs: TIMEOUT.copy });
    } catch (error) {
      if (error instanceof CommandError && /No space left/i.test(error.stderrTail)) {
        throw new InfinityError('INF_ERR_STORAGE_NO_SPACE', 'The storage pool has not enough free space for a thick drive of this size; make it sparse, smaller, or free space.');
      }
      throw error;
    }
  }

  async destroyVolume(id: string): Promise<void> {
    const meta = await this.requireMeta(id);
    const metas = await this.allMetas();
    for (const snapshotId of meta.snapshots) {
      const clones = clonesOf(metas, id, snapshotId);
      if (clones.length > 0) throw hasClones(snapshotId, clones);
    }
    // The record goes first: a kill after it leaves unnamed images, which the next sweep removes.
    await rm(this.metaFile(id), { force: true });
    await rm(join(this.config.path, 'snapshots', id), { recursive: true, force: true });
    await rm(this.imageFile(id), { force: true });
  }

  /** The same hand-over as `zfs promote`, so lineage and refusals match the zfs driver's. */
  async promote(cloneId: string): Promise<void> {
    const clone = await this.requireMeta(cloneId);
    if (!clone.origin) throw notAClone(cloneId);
    const { volumeId: originId, snapshotId } = clone.origin;
    const origin = await this.requireMeta(originId);
    const cut = origin.snapshots.indexOf(snapshotId) + 1;
    if (cut === 0) throw snapshotMissing(originId, snapshotId);
    const moved = origin.snapshots.slice(0, cut);
    await mkdir(join(this.config.path, 'snapshots', cloneId), { recursive: true });
    for (const id of moved) await rename(this.snapshotFile(originId, id), this.snapshotFile(cloneId, id));
    for (const m of await this.allMetas()) {
      if (m.id === cloneId || m.origin?.volumeId !== originId || !moved.includes(m.origin.snapshotId)) continue;
      await this.writeMeta({ ...m, origin: { volumeId: cloneId, snapshotId: m.origin.snapshotId } });
    }
    await this.writeMeta({ ...clone, origin: origin.origin, snapshots: [...moved, ...clone.snapshots] });
    await this.writeMeta({ ...origin, origin: { volumeId: cloneId, snapshotId }, snapshots: origin.snapshots.slice(cut) });
  }

  async growVolume(id: string, sizeBytes: number): Promise<void> {
    const meta = await this.requireMeta(id);
    if (sizeBytes < meta.sizeBytes) {
      const sizes = `${formatSize(sizeBytes)} is smaller than the current ${formatSize(meta.sizeBytes)}`;
      throw new InfinityError('INF_ERR_STORAGE_SHRINK', `Drives can only grow: ${sizes}.`);
    }
    if (sizeBytes === meta.sizeBytes) return;
    const file = this.imageFile(id);
    if (!meta.sparse) await this.allocate(file, sizeBytes - meta.sizeBytes, meta.sizeBytes);
    await fitting(truncate(file, sizeBytes), sizeBytes);
    await this.writeMeta({ ...meta, sizeBytes });
  }

  async setProperties(id: string, properties: VolumeProperties): Promise<void> {
    const meta = await this.requireMeta(id);
    if (properties.compression !== undefined) checkCompression(properties.compression);
    await this.writeMeta({
      ...meta,
      ...(properties.compression === undefined ? {} : { compression: properties.compression }),
      ...(properties.readOnly === undefined ? {} : { readOnly: properties.readOnly }),
      ...(properties.ioSync === undefined ? {} : { ioSync: properties.ioSync }),
    });
  }

  /** A sparse image file cannot hold free space for later writes without writing it. */
  async reserve(id: string): Promise<number> {
    await this.requireMeta(id);
    throw new InfinityError(
      'INF_ERR_STORAGE_UNSUPPORTED',
      'File pools cannot reserve space for sparse drives (dynamic reservation); use a ZFS pool, or make the drive thick.',
      { field: 'reservationPercent' },
    );
  }

  async getVolume(id: string): Promise<VolumeInfo | undefined> {
    const meta = await this.readMeta(id);
    return meta && this.info(meta);
  }

  async listVolumes(): Promise<VolumeInfo[]> {
    return Promise.all((await this.allMetas()).map((meta) => this.info(meta)));
  }

  async snapshot(volumeId: string, snapshotId: string): Promise<void> {
    const meta = await this.requireMeta(volumeId);
    if (meta.snapshots.includes(snapshotId)) throw new InfinityError('INF_ERR_STORAGE_EXISTS', `Snapshot ${snapshotId} of volume ${volumeId} already exists.`);
    const target = this.snapshotFile(volumeId, snapshotId);
    await mkdir(join(this.config.path, 'snapshots', volumeId), { recursive: true });
    await this.copy(this.imageFile(volumeId), target);
    await this.writeMeta({ ...meta, snapshots: [...meta.snapshots, snapshotId] });
  }

  async destroySnapshot(volumeId: string, snapshotId: string): Promise<void> {
    const meta = await this.requireMeta(volumeId);
    requireSnapshot(meta, snapshotId);
    const clones = clonesOf(await this.allMetas(), volumeId, snapshotId);
    if (clones.length > 0) throw hasClones(snapshotId, clones);
    await this.writeMeta({ ...meta, snapshots: meta.snapshots.filter((s) => s !== snapshotId) });
    await rm(this.snapshotFile(volumeId, snapshotId), { force: true });
  }

  async listSnapshots(volumeId: string): Promise<SnapshotInfo[]> {
    const meta = await this.requireMeta(volumeId);
    const metas = await this.allMetas();
    return Promise.all(
      meta.snapshots.map(async (id) => ({
        volumeId,
        id,
        usedBytes: await allocatedBytes(this.snapshotFile(volumeId, id)),
        clones: clonesOf(metas, volumeId, id),
      })),
    );
  }

  /** Like `zfs rollback` without -r: only to the most recent snapshot. */
  async rollback(volumeId: string, snapshotId: string): Promise<void> {
    const meta = await this.requireMeta(volumeId);
    requireSnapshot(meta, snapshotId);
    if (meta.snapshots.at(-1) !== snapshotId) throw notLatest(volumeId, snapshotId);
    const image = this.imageFile(volumeId);
    const staged = `${image}.rollback`;
    await this.copy(this.snapshotFile(volumeId, snapshotId), staged);
    await rename(staged, image);
    const size = (await stat(image)).size;
    await this.writeMeta({ ...meta, sizeBytes: size });
  }

  async cloneSnapshot(volumeId: string, snapshotId: string, clone: VolumeSpec): Promise<void> {
    const meta = await this.requireMeta(volumeId);
    requireSnapshot(meta, snapshotId);
    checkCompression(clone.compression);
    if (await this.readMeta(clone.id)) throw new InfinityError('INF_ERR_STORAGE_EXISTS', `Volume ${clone.id} already exists in this pool.`);
    const snapshotSize = (await stat(this.snapshotFile(volumeId, snapshotId))).size;
    if (clone.sizeBytes < snapshotSize) {
      const size = formatSize(snapshotSize);
      throw new InfinityError('INF_ERR_STORAGE_SHRINK', `A clone cannot be smaller than its snapshot (${size}).`);
    }
    const image = this.imageFile(clone.id);
    try {
      await this.copy(this.snapshotFile(volumeId, snapshotId), image);
      if (clone.sizeBytes > snapshotSize) await fitting(truncate(image, clone.sizeBytes), clone.sizeBytes);
      if (!clone.sparse) await this.allocate(image, clone.sizeBytes);
      await this.writeMeta({ ...clone, origin: { volumeId, snapshotId }, snapshots: [] });
    } catch (error) {
      await rm(image, { force: true });
      throw error;
    }
  }

  async cloneMany(requests: readonly CloneRequest[]): Promise<void> {
    const made: string[] = [];
    const failures: { index: number; error: unknown }[] = [];
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < requests.length && failures.length === 0; index = next++) {
        const { volumeId, snapshotId, clone } = requests[index]!;
        try {
          await this.cloneSnapshot(volumeId, snapshotId, clone);
          made.push(clone.id);
        } catch (error) {
          failures.push({ index, error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SIDE_BY_SIDE, requests.length) }, worker));
    if (failures.length === 0) return;
    await this.destroyMany(made);
    throw failures.sort((a, b) => a.index - b.index)[0]!.error;
  }

  async destroyMany(ids: readonly string[]): Promise<void> {
    for (const id of ids) if (await this.readMeta(id)) await this.destroyVolume(id);
  }

  async space(): Promise<PoolSpace> {
    await this.requireRoot();
    const s = await statfs(this.config.path);
    const sizeBytes = s.blocks * s.bsize;
    const freeBytes = s.bavail * s.bsize;
    return { sizeBytes, freeBytes, usedBytes: sizeBytes - s.bfree * s.bsize };
  }

  /** Written to a temporary name and renamed, so a crash leaves the old or the new copy. */
  private async copy(from: string, to: string): Promise<void> {
    const staged = `${to}.tmp`;
    try {
      await this.runner.run(sparseCopy(from, staged), { timeoutMs: TIMEOUT.copy });
      await rename(staged, to);
    } catch (error) {
      await rm(staged, { force: true });
      if (error instanceof CommandError && /No space left/i.test(error.stderrTail)) {
        throw new InfinityError('INF_ERR_STORAGE_NO_SPACE', 'The storage pool ran out of space while copying; free space and try again.');
      }
      throw error;
    }
  }

  private async info(meta: VolumeMeta): Promise<VolumeInfo> {
    const usedBytes = await allocatedBytes(this.imageFile(meta.id));
    let snapshotBytes = 0;
    for (const id of meta.snapshots) snapshotBytes += await allocatedBytes(this.snapshotFile(meta.id, id));
    const { snapshots: _snapshots, ...spec } = meta;
    return { ...spec, usedBytes, snapshotBytes };
  }

  private async readMeta(id: string): Promise<VolumeMeta | undefined> {
    try {
      return JSON.parse(await readFile(this.metaFile(id), 'utf8')) as VolumeMeta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        await this.requireRoot();
        return undefined;
      }
      throw error;
    }
  }

  private async requireMeta(id: string): Promise<VolumeMeta> {
    const meta = await this.readMeta(id);
    if (!meta) throw new InfinityError('INF_ERR_STORAGE_NOT_FOUND', `Volume ${id} does not exist in this pool.`);
    return meta;
  }

  private async allMetas(): Promise<VolumeMeta[]> {
    let names: string[];
    try {
      names = await readdir(this.volumesDir());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') await this.requireRoot();
      throw error;
    }
    const metas = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => this.readMeta(n.slice(0, -'.json'.length))));
    return metas.filter((m): m is VolumeMeta => m !== undefined);
  }

  private async writeMeta(meta: VolumeMeta): Promise<void> {
    const file = this.metaFile(meta.id);
    await writeFile(`${file}.tmp`, JSON.stringify(meta));
    await rename(`${file}.tmp`, file);
  }
}

/** The filesystem's own file size limit (ext4: 16 TiB) is a limit of this pool, said as one. */
async function fitting(resize: Promise<void>, sizeBytes: number): Promise<void> {
  try {
    await resize;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EFBIG') throw error;
    throw new InfinityError('INF_ERR_STORAGE_UNSUPPORTED', `This file pool's filesystem cannot hold a drive of ${sizeBytes} bytes; choose a smaller size, or a pool on a filesystem that allows larger files (XFS, ZFS).`, { field: 'sizeBytes' });
  }
}

function checkCompression(compression: string): void {
  if (compression !== 'off') {
    throw new InfinityError('INF_ERR_STORAGE_UNSUPPORTED', `File pools cannot compress drives (asked for ${compression}); use a ZFS pool for compression, or turn it off.`, { field: 'compression' });
  }
}

function requireSnapshot(meta: VolumeMeta, snapshotId: string): void {
  if (!meta.snapshots.includes(snapshotId)) throw snapshotMissing(meta.id, snapshotId);
}

function clonesOf(metas: VolumeMeta[], volumeId: string, snapshotId: string): string[] {
  return metas.filter((m) => m.origin?.volumeId === volumeId && m.origin.snapshotId === snapshotId).map((m) => m.id);
}

function hasClones(snapshotId: string, clones: string[]): InfinityError {
  return new InfinityError(
    'INF_ERR_STORAGE_HAS_CLONES',
    `The snapshot can not be deleted as long as it has clones (snapshot ${snapshotId} has ${clones.length}: ${clones.join(', ')}).`,
  );
}

async function allocatedBytes(file: string): Promise<number> {
  return (await stat(file)).blocks * 512;
}
