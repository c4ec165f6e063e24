import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoragePool, VolumeSpec } from '../../server/storage/pool.js';

/**
 * The one behaviour every StoragePool driver must show, run against each real backend.
 * A fixture gives the pool plus raw block access to a volume (a file, or a zvol device).
 */
export interface PoolFixture {
  pool: StoragePool;
  write(volumeId: string, offset: number, data: Buffer): Promise<void>;
  read(volumeId: string, offset: number, length: number): Promise<Buffer>;
  cleanup(): Promise<void>;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const newId = () => randomUUID();
const spec = (over: Partial<VolumeSpec> = {}): VolumeSpec => ({
  id: newId(), sizeBytes: 64 * MiB, sparse: true, compression: 'off', readOnly: false, ioSync: 'standard', ...over,
});

export function describeStoragePool(name: string, makeFixture: () => Promise<PoolFixture>) {
  describe(`StoragePool driver: ${name}`, () => {
    let fx: PoolFixture;
    let pool: StoragePool;
    beforeAll(async () => {
      fx = await makeFixture();
      pool = fx.pool;
      await pool.initialize();
    });
    afterAll(async () => fx?.cleanup());

    it('creates a sparse 10 GiB drive that takes almost no space', async () => {
      const s = spec({ sizeBytes: 10 * GiB });
      await pool.createVolume(s);
      const info = await pool.getVolume(s.id);
      expect(info).toMatchObject({ id: s.id, sizeBytes: 10 * GiB, sparse: true, origin: null });
      expect(info!.usedBytes).toBeLessThan(4 * MiB);
    });

    it('creates a thick drive that holds its whole size', async () => {
      const s = spec({ sizeBytes: 16 * MiB, sparse: false });
      await pool.createVolume(s);
      expect((await pool.getVolume(s.id))!.usedBytes).toBeGreaterThanOrEqual(16 * MiB);
    });

    it('refuses a thick drive larger than the free space, and leaves nothing behind', async () => {
      const before = (await pool.listVolumes()).map((v) => v.id).sort();
      const free = (await pool.space()).freeBytes;
      const tooBig = Math.ceil((free * 2) / MiB) * MiB;
      await expect(pool.createVolume(spec({ sizeBytes: tooBig, sparse: false }))).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_NO_SPACE' });
      expect((await pool.listVolumes()).map((v) => v.id).sort()).toEqual(before);
    });

    it('refuses a duplicate id and an id that could escape the pool', async () => {
      const s = spec();
      await pool.createVolume(s);
      await expect(pool.createVolume(s)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_EXISTS' });
      await expect(pool.createVolume(spec({ id: '../etc' }))).rejects.toMatchObject({ code: 'INF_ERR_VALIDATION' });
    });

    it('grows a drive and refuses to shrink it', async () => {
      const s = spec({ sizeBytes: 32 * MiB });
      await pool.createVolume(s);
      await pool.growVolume(s.id, 48 * MiB);
      expect((await pool.getVolume(s.id))!.sizeBytes).toBe(48 * MiB);
      await expect(pool.growVolume(s.id, 16 * MiB)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_SHRINK' });
      expect((await pool.getVolume(s.id))!.sizeBytes).toBe(48 * MiB);
    });

    it('snapshots, rolls back to the latest snapshot only, and keeps data', async () => {
      const s = spec();
      await pool.createVolume(s);
      await fx.write(s.id, MiB, Buffer.from('before'));
      const first = newId();
      await pool.snapshot(s.id, first);
      await fx.write(s.id, MiB, Buffer.from('middle'));
      const second = newId();
      await pool.snapshot(s.id, second);
      await fx.write(s.id, MiB, Buffer.from('after!'));
      await expect(pool.rollback(s.id, first)).rejects.toMatchObject({ code: 'INF_ERR_CONFLICT' });
      await pool.rollback(s.id, second);
      expect((await fx.read(s.id, MiB, 6)).toString()).toBe('middle');
      expect((await pool.listSnapshots(s.id)).map((x) => x.id)).toEqual([first, second]);
    });

    it('clones a snapshot, and refuses to delete a snapshot or volume while clones depend on it', async () => {
      const s = spec();
      await pool.createVolume(s);
      await fx.write(s.id, 0, Buffer.from('template data'));
      const snap = newId();
      await pool.snapshot(s.id, snap);
      const clone = spec();
      await pool.cloneSnapshot(s.id, snap, clone);
      expect((await fx.read(clone.id, 0, 13)).toString()).toBe('template data');
      expect((await pool.getVolume(clone.id))!.origin).toEqual({ volumeId: s.id, snapshotId: snap });
      expect((await pool.listSnapshots(s.id))[0]!.clones).toEqual([clone.id]);

      await expect(pool.destroySnapshot(s.id, snap)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_HAS_CLONES' });
      await expect(pool.destroySnapshot(s.id, snap)).rejects.toThrow(/can not be deleted as long as it has clones/);
      await expect(pool.destroyVolume(s.id)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_HAS_CLONES' });

      await fx.write(clone.id, 0, Buffer.from('changed clone'));
      expect((await fx.read(s.id, 0, 13)).toString()).toBe('template data');

      await pool.destroyVolume(clone.id);
      await pool.destroySnapshot(s.id, snap);
      await pool.destroyVolume(s.id);
      expect(await pool.getVolume(s.id)).toBeUndefined();
    });

    it('clones many at once, grown or thick as asked; a failed batch leaves none of its own clones', async () => {
      const s = spec();
      await pool.createVolume(s);
      await fx.write(s.id, 0, Buffer.from('batch data'));
      const snap = newId();
      await pool.snapshot(s.id, snap);
      const clones = [spec(), spec({ sizeBytes: 96 * MiB }), spec({ sparse: false }), spec(), spec()];
      const from = (clone: VolumeSpec) => ({ volumeId: s.id, snapshotId: snap, clone });
      await pool.cloneMany(clones.map(from));
      for (const { id, sizeBytes, sparse } of clones) {
        const origin = { volumeId: s.id, snapshotId: snap };
        expect(await pool.getVolume(id)).toMatchObject({ sizeBytes, sparse, origin });
      }
      expect((await fx.read(clones[4]!.id, 0, 10)).toString()).toBe('batch data');
      expect((await pool.getVolume(clones[2]!.id))!.usedBytes).toBeGreaterThanOrEqual(64 * MiB);

      // One request clones onto an id that exists: that volume stays, the batch's own clones go.
      const [fresh, later] = [spec(), spec()];
      const taken = pool.cloneMany([fresh, clones[0]!, later].map(from));
      await expect(taken).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_EXISTS' });
      expect(await pool.getVolume(fresh.id)).toBeUndefined();
      expect(await pool.getVolume(later.id)).toBeUndefined();
      expect(await pool.getVolume(clones[0]!.id)).toBeDefined();
      const missing = [{ volumeId: s.id, snapshotId: newId(), clone: spec() }];
      await expect(pool.cloneMany(missing)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_NOT_FOUND' });
    });

    it('destroys many in order with their snapshots, skips those gone, stops at a snapshot with clones', async () => {
      const s = spec();
      await pool.createVolume(s);
      const snap = newId();
      await pool.snapshot(s.id, snap);
      const clones = [spec(), spec(), spec()];
      await pool.cloneMany(clones.map((clone) => ({ volumeId: s.id, snapshotId: snap, clone })));
      await pool.snapshot(clones[0]!.id, newId());

      const refused = pool.destroyMany([clones[1]!.id, s.id, clones[2]!.id]);
      await expect(refused).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_HAS_CLONES' });
      expect(await pool.getVolume(clones[1]!.id)).toBeUndefined();
      expect(await pool.getVolume(s.id)).toBeDefined();
      expect(await pool.getVolume(clones[2]!.id)).toBeDefined();

      await pool.destroyMany([clones[0]!.id, clones[1]!.id, newId(), clones[2]!.id, s.id]);
      for (const id of [s.id, ...clones.map((c) => c.id)]) expect(await pool.getVolume(id)).toBeUndefined();
      await pool.destroyMany([s.id]);
    });

    it('promotes a clone: it takes the snapshots up to its origin, the origin can go, promoting back undoes it', async () => {
      const s = spec();
      await pool.createVolume(s);
      await fx.write(s.id, 0, Buffer.from('first'));
      const [older, origin, newer] = [newId(), newId(), newId()];
      await pool.snapshot(s.id, older);
      await fx.write(s.id, 0, Buffer.from('second'));
      await pool.snapshot(s.id, origin);
      const [heir, sibling, oldClone] = [spec(), spec(), spec()];
      await pool.cloneSnapshot(s.id, origin, heir);
      await pool.cloneSnapshot(s.id, origin, sibling);
      await pool.cloneSnapshot(s.id, older, oldClone);
      await pool.snapshot(s.id, newer);
      await expect(pool.promote(s.id)).rejects.toMatchObject({ code: 'INF_ERR_CONFLICT' });

      await pool.promote(heir.id);
      expect((await pool.listSnapshots(heir.id)).map((x) => x.id)).toEqual([older, origin]);
      expect((await pool.listSnapshots(s.id)).map((x) => x.id)).toEqual([newer]);
      expect((await pool.getVolume(heir.id))!.origin).toBeNull();
      expect((await pool.getVolume(s.id))!.origin).toEqual({ volumeId: heir.id, snapshotId: origin });
      expect((await pool.getVolume(sibling.id))!.origin).toEqual({ volumeId: heir.id, snapshotId: origin });
      expect((await pool.getVolume(oldClone.id))!.origin).toEqual({ volumeId: heir.id, snapshotId: older });
      await expect(pool.destroySnapshot(heir.id, origin)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_HAS_CLONES' });

      await pool.promote(s.id);
      expect((await pool.listSnapshots(s.id)).map((x) => x.id)).toEqual([older, origin, newer]);
      expect((await pool.getVolume(heir.id))!.origin).toEqual({ volumeId: s.id, snapshotId: origin });
      expect((await pool.getVolume(sibling.id))!.origin).toEqual({ volumeId: s.id, snapshotId: origin });

      await pool.promote(heir.id);
      await pool.destroyVolume(s.id);
      expect(await pool.getVolume(s.id)).toBeUndefined();
      expect((await fx.read(heir.id, 0, 6)).toString()).toBe('second');
      expect((await fx.read(sibling.id, 0, 6)).toString()).toBe('second');
      expect((await fx.read(oldClone.id, 0, 5)).toString()).toBe('first');
      expect((await pool.listSnapshots(heir.id)).map((x) => [x.id, x.clones])).toEqual([[older, [oldClone.id]], [origin, [sibling.id]]]);
    });

    it('a clone of a 10 GiB sparse drive uses kilobytes where the pool shares blocks', async () => {
      const s = spec({ sizeBytes: 10 * GiB });
      await pool.createVolume(s);
      await fx.write(s.id, 0, Buffer.alloc(8 * MiB, 7));
      const snap = newId();
      await pool.snapshot(s.id, snap);
      const clone = spec({ sizeBytes: 10 * GiB });
      const freeBefore = (await pool.space()).freeBytes;
      await pool.cloneSnapshot(s.id, snap, clone);
      const spent = freeBefore - (await pool.space()).freeBytes;
      const thin = (await pool.capabilities()).thinClones;
      if (thin) expect(spent).toBeLessThan(2 * MiB);
      else expect(spent).toBeGreaterThanOrEqual(8 * MiB - MiB);
    });

    it('records properties, and compression only where the pool can compress', async () => {
      const s = spec();
      await pool.createVolume(s);
      await pool.setProperties(s.id, { readOnly: true, ioSync: 'always' });
      expect(await pool.getVolume(s.id)).toMatchObject({ readOnly: true, ioSync: 'always' });
      if ((await pool.capabilities()).compression) {
        await pool.setProperties(s.id, { compression: 'lz4' });
        expect((await pool.getVolume(s.id))!.compression).toBe('lz4');
      } else {
        await expect(pool.setProperties(s.id, { compression: 'lz4' })).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_UNSUPPORTED' });
        expect((await pool.getVolume(s.id))!.compression).toBe('off');
      }
    });

    it('keeps a dynamic reservation for a sparse drive where the pool can, and refuses it where it cannot', async () => {
      const s = spec({ sizeBytes: 64 * MiB });
      await pool.createVolume(s);
      await fx.write(s.id, 0, Buffer.alloc(8 * MiB, 3));
      if ((await pool.capabilities()).reservation) {
        const reserved = await pool.reserve(s.id, 10);
        expect(reserved).toBeGreaterThanOrEqual(Math.ceil(6.4 * MiB));
        expect(reserved).toBeLessThanOrEqual(64 * MiB);
        expect(await pool.reserve(s.id, 100)).toBe(64 * MiB);
        expect(await pool.reserve(s.id, 0)).toBe(0);
      } else {
        await expect(pool.reserve(s.id, 10)).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_UNSUPPORTED' });
      }
    });

    it('reports unknown volumes and snapshots as not found', async () => {
      await expect(pool.destroyVolume(newId())).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_NOT_FOUND' });
      const s = spec();
      await pool.createVolume(s);
      await expect(pool.destroySnapshot(s.id, newId())).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_NOT_FOUND' });
      await expect(pool.cloneSnapshot(s.id, newId(), spec())).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_NOT_FOUND' });
    });

    it('reports pool space', async () => {
      const space = await pool.space();
      expect(space.sizeBytes).toBeGreaterThan(0);
      expect(space.freeBytes).toBeGreaterThan(0);
      expect(space.freeBytes).toBeLessThanOrEqual(space.sizeBytes);
    });
  });
}
