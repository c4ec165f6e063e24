import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('Host Group type changes', () => {
  it('changes a Distributed group to BareMetal with a MAC, and back', async () => {
    const payload = { name: 'flip' };
    const created = await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/host-groups', payload });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const patch = (body: object) =>
      t.as(t.tokens.admin, { method: 'PATCH', url: `/api/v1/host-groups/${id}`, payload: body });

    const bare = await patch({ type: 'baremetal', mac: 'AA:BB:CC:DD:EE:01' });
    expect(bare.statusCode).toBe(200);
    expect(bare.json()).toMatchObject({ type: 'baremetal', mac: 'aa:bb:cc:dd:ee:01' });

    const back = await patch({ type: 'distributed' });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ type: 'distributed', mac: null });

    const again = await patch({ type: 'baremetal', mac: 'AA:BB:CC:DD:EE:02' });
    expect(again.json()).toMatchObject({ type: 'baremetal', mac: 'aa:bb:cc:dd:ee:02' });
    const withNull = await patch({ type: 'replicated', mac: null });
    expect(withNull.statusCode).toBe(200);
    expect(withNull.json()).toMatchObject({ type: 'replicated', mac: null });
  });
});
