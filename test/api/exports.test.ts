import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../lib/exec/run.js';
import { buildApp } from '../../server/app.js';
import { assembleCore } from '../../server/assemble.js';
import { reconcileIscsi } from '../../server/commands/reconcile/iscsi.js';
import type { IscsiConfig } from '../../server/iscsi/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { canLogIn as logIn, readCapacity, type Chap } from '../helpers/initiator.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';

const HOST_A = 'iqn.2026-11.org.infinity:station-1';
const HOST_B = 'iqn.2026-11.org.infinity:station-2';
const MiB = 1024 * 1024;

let t: TestApp;
let iscsi: IscsiConfig;
beforeAll(async () => {
  const port = await freePort();
  iscsi = { driver: 'tgt', portal: { host: '127.0.0.1', port }, controlPort: tgtControlPort(port) };
  t = await createTestApp({ iscsi });
});
afterAll(async () => t?.close());

type Json = Record<string, unknown>;
const post = async (token: string, url: string, payload: unknown = {}) => {
  const res = await t.as(token, { method: 'POST', url: `/api/v1${url}`, payload: payload as Json });
  return { status: res.statusCode, body: res.json() as Json };
};

/** The tgt exporter of this server's own (file) pool, the default one. */
const defaultPool = () =>
  (t.db.prepare("SELECT id FROM storage_pools WHERE name = 'default'").get() as { id: string }).id;
const localExporter = () => t.core.iscsi.exporterFor(defaultPool());
const canLogIn = (target: string, initiator: string, chap?: Chap) => logIn({ port: iscsi.portal.port, target, lun: 1 }, initiator, chap);

describe('exporting drives over iSCSI through the API (real tgtd)', () => {
  let driveId: string;

  it('exports with a per-drive CHAP secret the server makes, for the named initiator only', async () => {
    const drive = await post(t.tokens.admin, '/drives', { name: 'station-disk', sizeBytes: 16 * MiB });
    driveId = drive.body.id as string;
    const res = await post(t.tokens.admin, `/drives/${driveId}/export`, { initiator: HOST_A });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ portal: `127.0.0.1:${iscsi.portal.port}`, initiator: HOST_A, chapUser: `inf-${driveId}` });
    expect((res.body.chapSecret as string).length).toBeGreaterThanOrEqual(12);
    const chap = { user: res.body.chapUser as string, secret: res.body.chapSecret as string };
    expect(await canLogIn(res.body.targetIqn as string, HOST_A, chap)).toBe(true);
    expect(await canLogIn(res.body.targetIqn as string, HOST_A)).toBe(false);
    expect(await canLogIn(res.body.targetIqn as string, HOST_B, chap)).toBe(false);
  });

  it('admits a bare initiator name only when asked with noChap', async () => {
    const res = await post(t.tokens.admin, `/drives/${driveId}/export`, { initiator: HOST_B, noChap: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ chapUser: null, chapSecret: null });
    expect(await canLogIn(res.body.targetIqn as string, HOST_B)).toBe(true);
    expect(await canLogIn(res.body.targetIqn as string, HOST_A)).toBe(false);
  });

  it('refuses bad input, other roles and unknown drives, changing nothing', async () => {
    const before = t.dump();
    expect((await post(t.tokens.admin, `/drives/${driveId}/export`, { initiator: 'not an iqn' })).status).toBe(400);
    expect((await post(t.tokens.admin, `/drives/${driveId}/export`, { initiator: HOST_A, noChap: true, chapSecret: 'a-secret-long-enough' })).status).toBe(400);
    expect((await post(t.tokens.admin, `/drives/${driveId}/export`, { initiator: HOST_A, chapSecret: 'short' })).status).toBe(400);
    expect((await post(t.tokens.admin, '/drives/no-such-drive/export', { initiator: HOST_A })).status).toBe(404);
    expect((await post(t.tokens.regular, `/drives/${driveId}/export`, { initiator: HOST_A })).status).toBe(403);
    expect(t.dump()).toEqual(before);
  });

  it('deleting an exported drive, or a VM with one, takes its target down: a deleted image is not reachable', async () => {
    const loose = await post(t.tokens.admin, '/drives', { name: 'loose-disk', sizeBytes: 16 * MiB });
    const vm = (await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/vms', payload: { name: 'Exported', disk: { sizeBytes: 16 * MiB } } })).json() as Json[];
    const vmDrive = ((await t.as(t.tokens.admin, { method: 'GET', url: `/api/v1/vms/${vm[0]!.id}/drives` })).json() as Json[])[0]!;
    const targets: [string, Chap][] = [];
    for (const id of [loose.body.id, vmDrive.id]) {
      const res = await post(t.tokens.admin, `/drives/${id}/export`, { initiator: HOST_A });
      targets.push([res.body.targetIqn as string, { user: res.body.chapUser as string, secret: res.body.chapSecret as string }]);
    }
    for (const [target, chap] of targets) expect(await canLogIn(target, HOST_A, chap)).toBe(true);

    expect((await t.as(t.tokens.admin, { method: 'DELETE', url: `/api/v1/drives/${loose.body.id}` })).statusCode).toBe(200);
    expect((await t.as(t.tokens.admin, { method: 'DELETE', url: `/api/v1/vms/${vm[0]!.id}` })).statusCode).toBe(200);
    for (const [target, chap] of targets) expect(await canLogIn(target, HOST_A, chap)).toBe(false);
    expect((await localExporter().list()).map((x) => x.driveId).sort()).toEqual([driveId]);
    expect(t.db.prepare('SELECT drive_id FROM drive_exports').all()).toEqual([{ drive_id: driveId }]);
  });

  it("a live export follows the drive's write protection", async () => {
    const drive = await post(t.tokens.admin, '/drives', { name: 'protected-disk', sizeBytes: 16 * MiB });
    const id = drive.body.id as string;
    await post(t.tokens.admin, `/drives/${id}/export`, { initiator: HOST_A });
    const served = async () => (await localExporter().list()).find((x) => x.driveId === id)?.readOnly;
    expect(await served()).toBe(false);
    const patch = (readOnly: boolean) => t.as(t.tokens.admin, { method: 'PATCH', url: `/api/v1/drives/${id}`, payload: { readOnly } });
    expect((await patch(true)).statusCode).toBe(200);
    expect(await served()).toBe(true);
    expect((await patch(false)).statusCode).toBe(200);
    expect(await served()).toBe(false);
    expect((await t.as(t.tokens.admin, { method: 'DELETE', url: `/api/v1/drives/${id}` })).statusCode).toBe(200);
  });

  it('growing an exported drive shows the new size on its live target at once', async () => {
    const drive = await post(t.tokens.admin, '/drives', { name: 'growing-disk', sizeBytes: 16 * MiB });
    const id = drive.body.id as string;
    const res = await post(t.tokens.admin, `/drives/${id}/export`, { initiator: HOST_A });
    const lun = { port: iscsi.portal.port, target: res.body.targetIqn as string, lun: 1 };
    const chap = { user: res.body.chapUser as string, secret: res.body.chapSecret as string };
    expect(await readCapacity(lun, HOST_A, chap)).toBe(16 * MiB);
    expect((await post(t.tokens.admin, `/drives/${id}/grow`, { sizeBytes: 24 * MiB })).status).toBe(200);
    expect(await readCapacity(lun, HOST_A, chap)).toBe(24 * MiB);
    const served = (await localExporter().list()).find((x) => x.driveId === id);
    expect(served).toMatchObject({ readOnly: false, initiators: [HOST_A] });
    expect((await t.as(t.tokens.admin, { method: 'DELETE', url: `/api/v1/drives/${id}` })).statusCode).toBe(200);
  });

  it('reconciling reports drift: a target changed behind its back is exported again as recorded, a target the database lost is removed, a foreign one is left', async () => {
    const exporter = localExporter();
    const spare = await post(t.tokens.admin, '/drives', { name: 'spare-disk', sizeBytes: 16 * MiB });
    const recorded = await post(t.tokens.admin, `/drives/${driveId}/export`, { initiator: HOST_A, chapSecret: 'drift-secret-01' });
    const chap = { user: recorded.body.chapUser as string, secret: 'drift-secret-01' };
    await post(t.tokens.admin, `/drives/${spare.body.id}/export`, { initiator: HOST_A });
    const devicePath = t.storage.pool((t.db.prepare('SELECT pool_id FROM drives WHERE id = ?').get(driveId) as { pool_id: string }).pool_id).devicePath(driveId);
    await exporter.export({ driveId, devicePath, initiatorIqn: HOST_B, chap: null, readOnly: false, syncWrites: false });
    t.db.prepare('DELETE FROM drive_exports WHERE drive_id = ?').run(spare.body.id);
    const port = String(tgtControlPort(iscsi.portal.port));
    const foreign = 'iqn.2026-11.org.example:not-ours';
    const tgtadm = (...args: string[]) => new LocalRunner().run(['tgtadm', '-C', port, '--lld', 'iscsi', ...args], { timeoutMs: 5_000 });
    await tgtadm('--mode', 'target', '--op', 'new', '--tid', '900', '--targetname', foreign);
    try {
      const drift = await reconcileIscsi(t.db, t.core.iscsi, t.storage);
      expect(drift.removed.map((r) => r.driveId)).toEqual([spare.body.id]);
      expect(drift.differed).toEqual([{ driveId, found: { initiators: [HOST_B], chapUser: null, readOnly: false } }]);
      expect(drift.failures).toEqual([]);
      expect(await canLogIn(recorded.body.targetIqn as string, HOST_A, chap)).toBe(true);
      expect(await canLogIn(recorded.body.targetIqn as string, HOST_B)).toBe(false);
      expect((await exporter.list()).map((x) => x.driveId)).toEqual([driveId]);
      expect((await tgtadm('--mode', 'target', '--op', 'show')).stdout).toContain(foreign);
    } finally {
      await tgtadm('--mode', 'target', '--op', 'delete', '--force', '--tid', '900');
    }
  });

  it('restores exports from the database when the server starts again, and unexport removes them', async () => {
    const exported = await post(t.tokens.admin, `/drives/${driveId}/export`, { initiator: HOST_A, chapSecret: 'restart-secret-1' });
    const target = exported.body.targetIqn as string;
    const chap = { user: exported.body.chapUser as string, secret: 'restart-secret-1' };
    await t.core.close();
    expect(await canLogIn(target, HOST_A, chap)).toBe(false);

    const again = await assembleCore({ dataDir: t.dir, serverName: 'test-server', address: '127.0.0.1', iscsi });
    try {
      expect(await canLogIn(target, HOST_A, chap)).toBe(true);
      const app = await buildApp({ db: again.db, commands: again.commands, logger: false });
      const res = await app.inject({ method: 'POST', url: `/api/v1/drives/${driveId}/unexport`, headers: { authorization: `Bearer ${t.tokens.admin}` } });
      expect(res.statusCode).toBe(200);
      expect(await canLogIn(target, HOST_A, chap)).toBe(false);
      expect(again.db.prepare('SELECT count(*) AS n FROM drive_exports').get()).toEqual({ n: 0 });
      await app.close();
    } finally {
      await again.close();
    }
  });
});
