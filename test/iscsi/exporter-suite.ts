import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSpec, IscsiExporter } from '../../server/iscsi/exporter.js';
import type { StoragePool } from '../../server/storage/pool.js';
import { canLogIn as logIn, qemuIo as runQemuIo, type Chap } from '../helpers/initiator.js';

/**
 * The admission behaviour every IscsiExporter must show, run against each real target
 * (tgtd on this machine, LIO in the ZFS test VM). Initiators run on this machine: iscsi-inq
 * for admission, QEMU's initiator (the one Hosts use) for reads and writes.
 */
export interface ExporterFixture {
  exporter: IscsiExporter;
  pool: StoragePool;
  /** The LUN the drive is served as (tgt: 1, its LUN 0 is the controller; LIO: 0). */
  lun: number;
  /** The volume's bytes as the storage side sees them, bypassing any cache. */
  read(volumeId: string, offset: number, length: number): Promise<Buffer>;
  /** What the exporter still holds for the drive (accounts, configfs entries); '' when nothing. */
  leftovers(driveId: string): Promise<string>;
  /** An exporter and a device path that does not exist, to make an export fail half-way. */
  missingDevice(): { exporter: IscsiExporter; devicePath: string };
  cleanup(): Promise<void>;
}

export interface ExporterContext {
  fx(): ExporterFixture;
  newDrive(): Promise<string>;
  spec(driveId: string, over?: Partial<ExportSpec>): ExportSpec;
}

export const HOST_A = 'iqn.2026-11.org.infinity:host-a';
export const HOST_B = 'iqn.2026-11.org.infinity:host-b';
const MiB = 1024 * 1024;

export function describeIscsiExporter(name: string, makeFixture: () => Promise<ExporterFixture>, specific: (ctx: ExporterContext) => void = () => undefined) {
  describe(`IscsiExporter: ${name}`, () => {
    let fx: ExporterFixture;
    beforeAll(async () => {
      fx = await makeFixture();
    });
    afterAll(async () => fx?.cleanup());

    const ctx: ExporterContext = {
      fx: () => fx,
      async newDrive() {
        const id = randomUUID();
        await fx.pool.createVolume({ id, sizeBytes: 16 * MiB, sparse: true, compression: 'off', readOnly: false, ioSync: 'standard' });
        return id;
      },
      spec: (driveId, over = {}) => ({
        driveId, devicePath: fx.pool.devicePath(driveId), initiatorIqn: HOST_A, chap: { user: `inf-${driveId}`, secret: 'per-drive-secret-1' }, readOnly: false, syncWrites: false, ...over,
      }),
    };
    const { newDrive, spec } = ctx;
    const lun = (target: string) => ({ port: fx.exporter.portal.port, target, lun: fx.lun });
    const canLogIn = (target: string, initiator: string, chap?: Chap) => logIn(lun(target), initiator, chap);
    const qemuIo = (target: string, command: string, initiator: string, chap: Chap | null) => runQemuIo(lun(target), command, initiator, chap);

    it('admits only the allowed initiator with the right CHAP secret, and serves the drive for reading and writing', async () => {
      const id = await newDrive();
      const s = spec(id);
      const { targetIqn } = await fx.exporter.export(s);
      expect(await canLogIn(targetIqn, HOST_A, s.chap!)).toBe(true);
      expect(await canLogIn(targetIqn, HOST_A, { user: s.chap!.user, secret: 'wrong-secret-99' })).toBe(false);
      expect(await canLogIn(targetIqn, HOST_A)).toBe(false);
      expect(await canLogIn(targetIqn, HOST_B, s.chap!)).toBe(false);

      const write = await qemuIo(targetIqn, 'write -P 0x5a 1M 64k', HOST_A, s.chap);
      expect(write.code, write.stderr).toBe(0);
      expect((await fx.read(id, MiB, 65536)).every((b) => b === 0x5a)).toBe(true);

      expect(await fx.exporter.list()).toEqual([
        { driveId: id, targetIqn, devicePath: fx.pool.devicePath(id), initiators: [HOST_A], chapUser: s.chap!.user, readOnly: false },
      ]);
      await fx.exporter.unexport(id);
    });

    it('re-exporting for another Host revokes the first one', async () => {
      const id = await newDrive();
      const { targetIqn } = await fx.exporter.export(spec(id));
      await fx.exporter.export(spec(id, { initiatorIqn: HOST_B }));
      expect(await canLogIn(targetIqn, HOST_A, spec(id).chap!)).toBe(false);
      expect(await canLogIn(targetIqn, HOST_B, spec(id).chap!)).toBe(true);
      await fx.exporter.unexport(id);
    });

    it('unexport removes the target and everything made for it; unexporting again is not an error', async () => {
      const id = await newDrive();
      const { targetIqn } = await fx.exporter.export(spec(id));
      expect(await fx.leftovers(id)).not.toBe('');
      await fx.exporter.unexport(id);
      await fx.exporter.unexport(id);
      expect((await fx.exporter.list()).map((t) => t.driveId)).not.toContain(id);
      expect(await canLogIn(targetIqn, HOST_A, spec(id).chap!)).toBe(false);
      expect(await fx.leftovers(id)).toBe('');
      // Nothing holds the volume any more: the pool can destroy it.
      await fx.pool.destroyVolume(id);
    });

    it('without CHAP (an explicit administrator choice) the bare initiator name is enough, and only it', async () => {
      const id = await newDrive();
      const { targetIqn } = await fx.exporter.export(spec(id, { chap: null }));
      expect(await canLogIn(targetIqn, HOST_A)).toBe(true);
      expect(await canLogIn(targetIqn, HOST_B)).toBe(false);
      await fx.exporter.unexport(id);
    });

    it('a read-only export refuses writes', async () => {
      const id = await newDrive();
      const s = spec(id, { readOnly: true });
      const { targetIqn } = await fx.exporter.export(s);
      const write = await qemuIo(targetIqn, 'write -P 0xcd 0 4k', HOST_A, s.chap);
      expect(`${write.stdout}${write.stderr}`).toMatch(/failed|error|denied|protect/i);
      expect((await fx.read(id, 0, 4096)).every((b) => b === 0)).toBe(true);
      expect((await fx.exporter.list()).find((t) => t.driveId === id)?.readOnly).toBe(true);
      await fx.exporter.unexport(id);
    });

    it('refuses a malformed initiator name, and rolls back a half-made target', async () => {
      const id = await newDrive();
      await expect(fx.exporter.export(spec(id, { initiatorIqn: 'not an iqn' }))).rejects.toMatchObject({ code: 'INF_ERR_VALIDATION' });
      const missing = fx.missingDevice();
      await expect(missing.exporter.export(spec(id, { devicePath: missing.devicePath }))).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_COMMAND' });
      expect((await fx.exporter.list()).map((t) => t.driveId)).not.toContain(id);
      expect(await fx.leftovers(id)).toBe('');
    });

    specific(ctx);
  });
}
