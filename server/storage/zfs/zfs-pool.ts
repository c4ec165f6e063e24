import { InfinityError } from '../../../lib/errors.js';
import { formatSize } from '../../../lib/sizes.js';
import { CommandError, type RunResult, type Runner } from '../../../lib/exec/run.js';
import type {
  CloneRequest, PoolCapabilities, PoolSpace, SnapshotInfo, StoragePool, VolumeInfo, VolumeProperties, VolumeSpec,
} from '../pool.js';
import * as zfs from './commands.js';
import { assertParentDataset, parseSnapshotName, parseVolumeDataset, snapshotName, volumeDataset } from './naming.js';
import { notAClone, notLatest, snapshotMissing } from '../refusals.js';
import {
  parseDestroyProgram, parseReservationInputs, parseSideBySide, parseSnapshots, parseSpace, parseZvols, type ZvolRow,
} from './parse.js';

export interface ZfsPoolConfig {
  /** Parent dataset of every drive (`pool/path`); created on the first drive if missing. */
  dataset: string;
  /** zvol block size in bytes; fixed at creation. 16 KiB is OpenZFS 2.2's default. */
  volblocksize?: number;
  /** How long to wait for a new zvol's /dev/zdN (ZFS makes the minor asynchronously). */
  deviceWaitMs?: number;
}

const TIMEOUT = { interactive: 30_000, heavy: 10 * 60_000 };
/** zfs commands one batch runs side by side (each a process on the storage host). */
const SIDE_BY_SIDE = 100;
/** Volumes one channel program destroys (its argv and its Lua instruction limit stay small). */
const PROGRAM_BATCH = 200;
const ERRNO = { EBUSY: 16, EEXIST: 17 };
/**
 * Time for each further new zvol's /dev/zdN: ZFS makes the minors one after another (100 of
 * them took over 30 s in the TCG test VM while its 2 CPUs were contended).
 */
const DEVICE_WAIT_EACH_MS = 1000;

/**
 * Drives are zvols `<dataset>/drive-<id>`, snapshots `@snap-<id>`, each marked with
 * `infinity:id`. Every zfs call goes through the injected Runner, so the same driver runs
 * on the server (LocalRunner) or on a storage box (SshRunner) without knowing which.
 * zfs's own refusals (dependent clones, newer snapshots, no space) become INF_ERR_* codes.
 */
export class ZfsPool implements StoragePool {
  readonly driver = 'zfs' as const;
  private readonly parent: string;
  private readonly volblocksize: number;
  private readonly deviceWaitMs: number;

  constructor(config: ZfsPoolConfig, private readonly runner: Runner) {
    this.parent = assertParentDataset(config.dataset);
    this.volblocksize = config.volblocksize ?? 16 * 1024;
    this.deviceWaitMs = config.deviceWaitMs ?? 10_000;
  }

  /** The parent dataset is made with the first drive; the pool itself is the administrator's. */
  initialize(): Promise<void> {
    return Promise.resolve();
  }

  /** zfs create and clone either happen whole or not at all: nothing is ever staged. */
  sweep(): Promise<string[]> {
    return Promise.resolve([]);
  }

  capabilities(): Promise<PoolCapabilities> {
    return Promise.resolve({ compression: true, reservation: true, thinClones: true });
  }

  devicePath(id: string): string {
    return zfs.devicePath(volumeDataset(this.parent, id));
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    const dataset = volumeDataset(this.parent, spec.id);
    const argv = zfs.createZvol({ ...spec, dataset, volblocksize: this.volblocksize });
    const timeoutMs = spec.sparse ? TIMEOUT.interactive : TIMEOUT.heavy;
    const first = await this.runner.tryRun(argv, { timeoutMs });
    if (first.code !== 0) {
      if (!/parent does not exist/.test(first.stderr)) throw classify(`create volume ${spec.id}`, first, argv);
      await this.zfs(zfs.createParent(this.parent), TIMEOUT.interactive, `create the parent dataset ${this.parent}`);
      await this.zfs(argv, timeoutMs, `create volume ${spec.id}`);
    }
    await this.linkDevices([spec.id]);
  }

  async destroyVolume(id: string): Promise<void> {
    const dataset = volumeDataset(this.parent, id);
    await this.zfs(zfs.destroyVolume(dataset), TIMEOUT.heavy, `destroy volume ${id}`);
    await this.runner.tryRun(zfs.unlinkDevices([dataset]), { timeoutMs: TIMEOUT.interactive });
  }

  async promote(cloneId: string): Promise<void> {
    if ((await this.requireVolume(cloneId)).origin === null) throw notAClone(cloneId);
    await this.zfs(zfs.promote(volumeDataset(this.parent, cloneId)), TIMEOUT.heavy, `promote volume ${cloneId}`);
  }

  async growVolume(id: string, sizeBytes: number): Promise<void> {
    const current = await this.requireVolume(id);
    if (sizeBytes < current.sizeBytes) {
      const sizes = `${formatSize(sizeBytes)} is smaller than the current ${formatSize(current.sizeBytes)}`;
      throw new InfinityError('INF_ERR_STORAGE_SHRINK', `Drives can only grow: ${sizes}.`);
    }
    if (sizeBytes === current.sizeBytes) return;
    await this.zfs(zfs.setVolsize(volumeDataset(this.parent, id), sizeBytes), TIMEOUT.interactive, `grow volume ${id}`);
  }

  async setProperties(id: string, properties: VolumeProperties): Promise<void> {
    if (properties.compression === undefined && properties.readOnly === undefined && properties.ioSync === undefined) return;
    await this.zfs(zfs.setProperties(volumeDataset(this.parent, id), properties), TIMEOUT.interactive, `set properties of volume ${id}`);
  }

  /** refreservation = referenced + percent of volsize, capped; a thick volume already holds its whole size. */
  async reserve(id: string, percent: number): Promise<number> {
    const dataset = volumeDataset(this.parent, id);
    const inputs = parseReservationInputs((await this.zfs(zfs.getReservationInputs(dataset), TIMEOUT.interactive, `read volume ${id}`)).stdout);
    if (inputs.sparse === false) return inputs.volsize;
    const bytes = percent <= 0 ? 0 : Math.min(inputs.volsize, inputs.referenced + Math.ceil((inputs.volsize * percent) / 100));
    await this.zfs(zfs.setRefreservation(dataset, bytes), TIMEOUT.interactive, `reserve space for volume ${id}`);
    return bytes;
  }

  async getVolume(id: string): Promise<VolumeInfo | undefined> {
    const dataset = volumeDataset(this.parent, id);
    const result = await this.runner.tryRun(zfs.listVolumes(dataset, 0), { timeoutMs: TIMEOUT.interactive });
    if (result.code !== 0) {
      if (isMissing(result.stderr)) return undefined;
      throw commandFailed(`read volume ${id}`, result, zfs.listVolumes(dataset, 0));
    }
    return parseZvols(result.stdout).map((row) => this.info(row)).find((v) => v?.id === id);
  }

  async listVolumes(): Promise<VolumeInfo[]> {
    const argv = zfs.listVolumes(this.parent, 1);
    const result = await this.runner.tryRun(argv, { timeoutMs: TIMEOUT.interactive });
    if (result.code !== 0) {
      if (isMissing(result.stderr)) return [];
      throw commandFailed('list volumes', result, argv);
    }
    return parseZvols(result.stdout).flatMap((row) => this.info(row) ?? []);
  }

  async snapshot(volumeId: string, snapshotId: string): Promise<void> {
    await this.zfs(zfs.snapshot(snapshotName(this.parent, volumeId, snapshotId), snapshotId), TIMEOUT.interactive, `snapshot volume ${volumeId}`);
  }

  async destroySnapshot(volumeId: string, snapshotId: string): Promise<void> {
    await this.zfs(zfs.destroySnapshot(snapshotName(this.parent, volumeId, snapshotId)), TIMEOUT.heavy, `delete snapshot ${snapshotId}`);
  }

  async listSnapshots(volumeId: string): Promise<SnapshotInfo[]> {
    const result = await this.zfs(zfs.listSnapshots(volumeDataset(this.parent, volumeId)), TIMEOUT.interactive, `list snapshots of volume ${volumeId}`);
    return parseSnapshots(result.stdout).flatMap((row) => {
      const names = parseSnapshotName(this.parent, row.name);
      if (!names || names.volumeId !== volumeId) return [];
      const clones = row.clones.flatMap((c) => parseVolumeDataset(this.parent, c) ?? []);
      return [{ volumeId, id: names.snapshotId, usedBytes: row.used, clones }];
    });
  }

  async rollback(volumeId: string, snapshotId: string): Promise<void> {
    const snapshots = await this.listSnapshots(volumeId);
    if (!snapshots.some((s) => s.id === snapshotId)) throw snapshotMissing(volumeId, snapshotId);
    if (snapshots.at(-1)?.id !== snapshotId) throw notLatest(volumeId, snapshotId);
    await this.zfs(zfs.rollback(snapshotName(this.parent, volumeId, snapshotId)), TIMEOUT.heavy, `roll back volume ${volumeId}`);
  }

  async cloneSnapshot(volumeId: string, snapshotId: string, clone: VolumeSpec): Promise<void> {
    const source = await this.requireVolume(volumeId);
    if (clone.sizeBytes < source.sizeBytes) {
      const size = formatSize(source.sizeBytes);
      throw new InfinityError('INF_ERR_STORAGE_SHRINK', `A clone cannot be smaller than its snapshot (${size}).`);
    }
    const dataset = volumeDataset(this.parent, clone.id);
    await this.zfs(zfs.cloneSnapshot(snapshotName(this.parent, volumeId, snapshotId), dataset, clone), clone.sparse ? TIMEOUT.interactive : TIMEOUT.heavy, `clone snapshot ${snapshotId}`);
    try {
      // The clone starts with its origin's volsize: the snapshot's, which grow never changes.
      if (clone.sizeBytes > source.sizeBytes) await this.zfs(zfs.setVolsize(dataset, clone.sizeBytes), TIMEOUT.interactive, `grow clone ${clone.id}`);
      if (!clone.sparse) await this.zfs(zfs.reserveFully(dataset), TIMEOUT.interactive, `reserve space for clone ${clone.id}`);
      await this.linkDevices([clone.id]);
    } catch (error) {
      await this.runner.tryRun(zfs.destroyVolume(dataset), { timeoutMs: TIMEOUT.heavy });
      throw error;
    }
  }

  /**
   * One script over one session runs every `zfs clone` (with its volsize and reservation)
   * side by side: one at a time each waits for three transaction groups (about 250 ms in
   * the test VM), side by side they share them. The source volumes are read once each.
   */
  async cloneMany(requests: readonly CloneRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const sizes = new Map<string, number>();
    for (const volumeId of new Set(requests.map((r) => r.volumeId))) {
      sizes.set(volumeId, (await this.requireVolume(volumeId)).sizeBytes);
    }
    const items = requests.map(({ volumeId, snapshotId, clone }) => {
      const size = sizes.get(volumeId)!;
      if (clone.sizeBytes < size) {
        const why = `A clone cannot be smaller than its snapshot (${size} bytes).`;
        throw new InfinityError('INF_ERR_STORAGE_SHRINK', why);
      }
      const dataset = volumeDataset(this.parent, clone.id);
      const grow = clone.sizeBytes > size ? [zfs.setVolsize(dataset, clone.sizeBytes)] : [];
      return {
        make: zfs.cloneSnapshot(snapshotName(this.parent, volumeId, snapshotId), dataset, clone),
        then: [...grow, ...(clone.sparse ? [] : [zfs.reserveFully(dataset)])],
      };
    });
    const argv = ['sh', '-s'];
    const input = zfs.sideBySideScript(items, SIDE_BY_SIDE);
    const result = await this.runner.tryRun(argv, { timeoutMs: TIMEOUT.heavy, input });
    const outcomes = parseSideBySide(result.stdout, items.length);
    const failed = outcomes.findIndex((o) => o?.code !== 0);
    const ids = requests.map((r) => r.clone.id);
    if (failed < 0) {
      try {
        await this.linkDevices(ids);
        return;
      } catch (error) {
        await this.destroyMany(ids);
        throw error;
      }
    }
    // Only what this call made goes again (never a volume that already had the id).
    await this.destroyMany(ids.filter((_, i) => outcomes[i]?.made !== false)).catch(() => undefined);
    const outcome = outcomes[failed];
    const { snapshotId, clone } = requests[failed]!;
    if (!outcome) throw commandFailed(`clone snapshot ${snapshotId}`, result, argv);
    const what = outcome.made ? `finish clone ${clone.id}` : `clone snapshot ${snapshotId}`;
    const failedArgv = outcome.made ? items[failed]!.then.flat() : items[failed]!.make;
    throw classify(what, { code: outcome.code, stdout: '', stderr: outcome.stderr }, failedArgv);
  }

  /** One `zfs program` destroys them all in a few transaction groups (about 1 s for 100 in the test VM). */
  async destroyMany(ids: readonly string[]): Promise<void> {
    const datasets = ids.map((id) => volumeDataset(this.parent, id));
    const pool = this.parent.split('/')[0]!;
    for (let start = 0; start < datasets.length; start += PROGRAM_BATCH) {
      const chunk = datasets.slice(start, start + PROGRAM_BATCH);
      const argv = zfs.channelProgram(pool, chunk);
      const result = await this.runner.tryRun(argv, { timeoutMs: TIMEOUT.heavy, input: zfs.DESTROY_VOLUMES_PROGRAM });
      if (result.code !== 0) throw commandFailed(`destroy ${chunk.length} volumes`, result, argv);
      const answer = parseDestroyProgram(result.stdout);
      const { failed } = answer;
      const stop = failed === undefined
        ? chunk.length
        : chunk.findIndex((d) => failed === d || failed.startsWith(`${d}@`));
      const destroyed = chunk.slice(0, stop);
      if (destroyed.length > 0) {
        await this.runner.tryRun(zfs.unlinkDevices(destroyed), { timeoutMs: TIMEOUT.interactive });
      }
      if (failed !== undefined) throw this.destroyRefused(failed, answer.errno ?? 0);
    }
  }

  private destroyRefused(name: string, errno: number): InfinityError {
    const snapshot = parseSnapshotName(this.parent, name);
    const volumeId = snapshot?.volumeId ?? parseVolumeDataset(this.parent, name) ?? name;
    if (errno === ERRNO.EEXIST && snapshot) {
      return new InfinityError(
        'INF_ERR_STORAGE_HAS_CLONES',
        `The snapshot can not be deleted as long as it has clones (snapshot ${snapshot.snapshotId} `
          + `of volume ${volumeId}).`,
      );
    }
    const why = errno === ERRNO.EBUSY
      ? 'it is in use (busy) on the storage host'
      : `zfs refused ${name} with error ${errno}`;
    return new InfinityError('INF_ERR_STORAGE_COMMAND', `Could not destroy volume ${volumeId}: ${why}.`);
  }

  async space(): Promise<PoolSpace> {
    const { used, available } = parseSpace((await this.zfs(zfs.getSpace(this.parent), TIMEOUT.interactive, 'read pool space')).stdout);
    return { sizeBytes: used + available, usedBytes: used, freeBytes: available };
  }

  private async requireVolume(id: string): Promise<VolumeInfo> {
    const volume = await this.getVolume(id);
    if (!volume) throw new InfinityError('INF_ERR_STORAGE_NOT_FOUND', `Volume ${id} does not exist in this pool.`);
    return volume;
  }

  private info(row: ZvolRow): VolumeInfo | undefined {
    const id = parseVolumeDataset(this.parent, row.name);
    // Only what we made: the name parses and the marker agrees with it.
    if (id === undefined || row.id !== id) return undefined;
    const origin = row.origin === null ? undefined : parseSnapshotName(this.parent, row.origin);
    return {
      id,
      sizeBytes: row.volsize,
      sparse: row.sparse ?? true,
      compression: row.compression === 'other' ? 'off' : row.compression,
      readOnly: row.readOnly,
      ioSync: row.ioSync === 'always' ? 'always' : 'standard',
      usedBytes: row.used - row.usedBySnapshots,
      snapshotBytes: row.usedBySnapshots,
      origin: origin ?? null,
    };
  }

  /**
   * Every consumer (an iSCSI exporter, a test) opens a volume by its stable /dev/zvol link,
   * which udev makes asynchronously and the test VM's mdev up to a minute late: the driver
   * finds each new zvol's /dev/zdN itself and makes the link where it is still missing.
   */
  private async linkDevices(ids: readonly string[]): Promise<void> {
    const datasets = ids.map((id) => volumeDataset(this.parent, id));
    const waitMs = this.deviceWaitMs + (ids.length - 1) * DEVICE_WAIT_EACH_MS;
    const argv = zfs.linkDevices(Math.ceil(waitMs / 1000), datasets);
    const timeoutMs = waitMs + TIMEOUT.interactive;
    const result = await this.runner.tryRun(argv, { timeoutMs, input: zfs.LINK_DEVICES_SCRIPT });
    if (result.code === 0) return;
    const missing = result.stdout.split('\n').filter((l) => l.startsWith('missing '))
      .map((l) => zfs.devicePath(l.slice('missing '.length)));
    if (missing.length === 0) throw commandFailed('find the devices of new volumes', result, argv);
    throw new InfinityError(
      'INF_ERR_STORAGE_COMMAND',
      `The zvols were created but ${missing.join(', ')} did not appear within ${waitMs} ms `
        + '(no /dev/zdN: are zvol devices turned off on the storage host?).',
    );
  }

  /** Runs a zfs command, turning the refusals zfs explains into INF_ERR_* codes. */
  private async zfs(argv: string[], timeoutMs: number, what: string): Promise<RunResult> {
    const result = await this.runner.tryRun(argv, { timeoutMs });
    if (result.code === 0) return result;
    throw classify(what, result, argv);
  }
}

function isMissing(stderr: string): boolean {
  return /dataset does not exist|could not find any snapshots/.test(stderr);
}

function classify(what: string, result: RunResult, argv: string[]): InfinityError {
  const err = result.stderr;
  if (/has dependent clones/.test(err)) {
    const clones = err.split('\n').slice(2).map((l) => l.trim()).filter(Boolean);
    return new InfinityError('INF_ERR_STORAGE_HAS_CLONES', `The snapshot can not be deleted as long as it has clones (${clones.length ? clones.join(', ') : 'zfs: ' + err.trim()}).`);
  }
  if (isMissing(err)) return new InfinityError('INF_ERR_STORAGE_NOT_FOUND', `Could not ${what}: it does not exist in this pool.`);
  if (/dataset already exists/.test(err)) return new InfinityError('INF_ERR_STORAGE_EXISTS', `Could not ${what}: it already exists in this pool.`);
  if (/out of space|insufficient space|size is greater than available space/.test(err)) {
    return new InfinityError('INF_ERR_STORAGE_NO_SPACE', `Could not ${what}: the storage pool has not enough free space (make the drive sparse or smaller, or free space).`);
  }
  if (/more recent snapshots/.test(err)) return new InfinityError('INF_ERR_CONFLICT', `Could not ${what}: newer snapshots exist; delete them first, or clone this one instead.`);
  return commandFailed(what, result, argv);
}

function commandFailed(what: string, result: RunResult, argv: string[]): InfinityError {
  const cause = new CommandError({ argv, exitCode: result.code, timedOut: false, stderr: result.stderr });
  return new InfinityError('INF_ERR_STORAGE_COMMAND', `Could not ${what}: ${cause.message}`, { cause });
}
