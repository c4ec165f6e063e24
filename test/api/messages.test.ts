import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Reply = { error: { code: string; field?: string; message: string } };
const call = async (method: string, url: string, payload?: object) => {
  const options = { method: method as 'POST', url: `/api/v1${url}`, ...(payload ? { payload } : {}) };
  const res = await t.as(t.tokens.admin, options);
  return { status: res.statusCode, body: res.json() as unknown };
};

/** Messages for people: sizes as people write them, fields in words, no byte counts or API paths. */
describe('size messages', () => {
  it('say sizes in words, naming the field in words', async () => {
    const small = await call('POST', '/vms', { name: 'tiny', disk: { sizeBytes: 1024 } });
    expect(small.status).toBe(400);
    expect((small.body as Reply).error).toEqual({
      code: 'INF_ERR_VALIDATION', field: 'disk/sizeBytes', message: 'The disk size must be at least 1M.',
    });
    const odd = await call('POST', '/drives', { sizeBytes: MiB + 1 });
    const words = expect.stringContaining('whole number of MiB');
    expect((odd.body as Reply).error).toMatchObject({ field: 'sizeBytes', message: words });
    expect((odd.body as Reply).error.message).not.toContain(String(MiB + 1));
    const huge = await call('POST', '/drives', { sizeBytes: 1024 ** 5 });
    expect((huge.body as Reply).error.message).toBe('The size can be at most 256T.');
  });

  it('say a refused grow and a full pool in sizes people write', async () => {
    const made = await call('POST', '/drives', { name: 'data', sizeBytes: 2 * GiB, sparse: true });
    const drive = made.body as { id: string };
    const shrink = await call('POST', `/drives/${drive.id}/grow`, { sizeBytes: GiB });
    expect(shrink.status).toBe(409);
    expect((shrink.body as Reply).error.message).toBe('Drives can only grow: "data" is 2G; ask for more.');

    const full = await call('POST', '/drives', { name: 'too-big', sizeBytes: 200 * 1024 * GiB });
    expect(full.status).toBe(507);
    const { message } = (full.body as Reply).error;
    expect(message).toMatch(/^Storage pool "default" has [\d.]+[KMGT] free \(thick drives there hold 0B\); /);
    expect(message).toContain('a thick drive of 200T does not fit');
  });
});
