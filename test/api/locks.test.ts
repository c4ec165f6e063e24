import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const MiB = 1024 * 1024;
type Json = Record<string, unknown>;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const call = async (method: string, url: string, payload?: unknown) => {
  const res = await t.as(t.tokens.admin, { method: method as 'GET', url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload: payload as Json }) });
  return { status: res.statusCode, body: res.json() as unknown };
};

const poolDir = () => (t.db.prepare("SELECT location FROM storage_pools WHERE name = 'default'").get() as { location: string }).location;

/** Real data in the drive, so every clone copies megabytes and a clone of many copies takes a while. */
function fill(file: string, bytes: number) {
  const fd = openSync(file, 'r+');
  const chunk = Buffer.alloc(MiB, 0x5a);
  for (let offset = 0; offset < bytes; offset += MiB) writeSync(fd, chunk, 0, MiB, offset);
  closeSync(fd);
}

async function vmWithDrive(name: string, dataBytes: number): Promise<{ vm: string; drive: string }> {
  const created = await call('POST', '/vms', { name, disk: { sizeBytes: 64 * MiB } });
  expect(created.status).toBe(201);
  const vm = (created.body as Json[])[0]!.id as string;
  const drive = ((await call('GET', `/vms/${vm}/drives`)).body as Json[])[0]!.id as string;
  if (dataBytes > 0) fill(join(poolDir(), 'volumes', `${drive}.raw`), dataBytes);
  return { vm, drive };
}

/** Resolves once the clone has written its first copies: its effects are under way and hold its locks. */
async function cloneUnderWay(before: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (readdirSync(join(poolDir(), 'volumes')).filter((f) => f.endsWith('.json')).length < before + 2) {
    if (Date.now() > deadline) throw new Error('the clone made no copy within a minute');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('per-object locks', () => {
  it('a snapshot of another VM is taken while a clone of 20 copies runs; removing the cloned VM\'s drive waits for the clone', async () => {
    const source = await vmWithDrive('Busy', 48 * MiB);
    const other = await vmWithDrive('Quiet', 0);
    const order: string[] = [];
    const before = readdirSync(join(poolDir(), 'volumes')).filter((f) => f.endsWith('.json')).length;
    const clone = call('POST', `/vms/${source.vm}/clone`, { copies: 20, name: 'BusyCopy' }).then((r) => {
      order.push('clone done');
      return r;
    });
    await cloneUnderWay(before);
    const detach = call('DELETE', `/vms/${source.vm}/drives/${source.drive}`).then((r) => {
      order.push('drive removed from the cloned VM');
      return r;
    });
    const otherVm = await call('POST', `/vms/${other.vm}/snapshots`, { comment: 'beside the clone' });
    order.push('snapshot of another VM done');
    expect(otherVm.status).toBe(201);
    expect(order).toEqual(['snapshot of another VM done']);

    const cloned = await clone;
    expect(cloned.status, JSON.stringify(cloned.body)).toBe(201);
    const detached = await detach;
    expect(detached.status, JSON.stringify(detached.body)).toBe(200);
    expect(order).toEqual(['snapshot of another VM done', 'clone done', 'drive removed from the cloned VM']);
    // Every copy got its clone of the drive: it left the VM only after the clone committed.
    for (const copy of cloned.body as Json[]) expect(((await call('GET', `/vms/${copy.id}/drives`)).body as Json[])).toHaveLength(1);
    expect(t.db.prepare('SELECT count(*) AS n FROM operation_journal').get()).toEqual({ n: 0 });
  });
});
