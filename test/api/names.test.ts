import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Reply = { error: { code: string; field?: string; message: string } };
const post = (url: string, payload: object, token = t.tokens.admin) =>
  t.as(token, { method: 'POST', url: `/api/v1${url}`, payload });

describe('Names', () => {
  it('are stored in NFC, and two names equal after NFC are the same name', async () => {
    const decomposed = 'Cafe\u0301';
    const created = await post('/vms', { name: decomposed });
    expect(created.statusCode).toBe(201);
    expect((created.json() as { name: string }[])[0]!.name).toBe('Caf\u00e9');
    const row = t.db.prepare('SELECT name FROM vms').get() as { name: string };
    expect(row.name).toBe('Caf\u00e9');

    const again = await post('/vms', { name: 'Caf\u00e9' });
    expect(again.statusCode).toBe(409);
    const found = await t.as(t.tokens.admin, { method: 'GET', url: `/api/v1/vms/${encodeURIComponent(decomposed)}` });
    expect(found.statusCode).toBe(200);

    for (const [url, payload] of [
      ['/host-groups', { name: 'Ga\u0308rten' }],
      ['/vm-groups', { name: 'Ga\u0308rten' }],
      ['/users', { name: 'Jo\u0308rg', password: 'a-long-password', role: 'regular' }],
      ['/drives', { name: 'Ga\u0308rten', sizeBytes: 1024 * 1024 }],
    ] as const) {
      const first = await post(url, payload);
      expect(first.statusCode, url).toBe(201);
      expect((first.json() as { name: string }).name, url).toBe(payload.name.normalize('NFC'));
      const second = await post(url, { ...payload, name: payload.name.normalize('NFC') });
      expect(second.statusCode, url).toBe(409);
    }
    const payload = { user: 'J\u00f6rg', password: 'a-long-password' };
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload });
    expect(login.statusCode).toBe(200);
  });

  it('refuse invisible, format and control characters and lone surrogates, naming the character', async () => {
    const before = t.dump();
    const cases: [string, string][] = [
      ['ad\u200bmin', 'U+200B ZERO WIDTH SPACE'],
      ['evil\u202egnp.exe', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
      ['a\u200db', 'U+200D ZERO WIDTH JOINER'],
      ['b\ufeffom', 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
      ['soft\u00adhyphen', 'U+00AD SOFT HYPHEN'],
      ['no\u00a0break', 'U+00A0 NO-BREAK SPACE'],
      ['line\u2028sep', 'U+2028 LINE SEPARATOR'],
      ['hangul\u3164filler', 'U+3164 HANGUL FILLER'],
      ['tag\u{e0041}', 'U+E0041'],
      ['next\u0085line', 'control characters'],
      ['lone\ud800', 'U+D800'],
    ];
    for (const [name, words] of cases) {
      for (const url of ['/vms', '/host-groups', '/vm-groups']) {
        const res = await post(url, { name });
        expect(res.statusCode, `${url} ${JSON.stringify(name)}`).toBe(400);
        const { error } = res.json() as Reply;
        expect(error, `${url} ${JSON.stringify(name)}`).toMatchObject({ code: 'INF_ERR_VALIDATION', field: 'name' });
        expect(error.message, `${url} ${JSON.stringify(name)}`).toContain(words);
      }
    }
    const payload = { name: 'ri\u200bta' };
    const renamed = await t.as(t.tokens.admin, { method: 'PATCH', url: '/api/v1/users/rita', payload });
    expect((renamed.json() as Reply).error.message).toContain('U+200B ZERO WIDTH SPACE');
    expect(t.dump()).toEqual(before);
  });

  it('keep emoji with a variation selector, and letters of every script', async () => {
    const names = [
      '\u2764\ufe0f lab', '\u6559\u5ba4', '\u0627\u0644\u0641\u0635\u0644', '\u0928\u092e\u0938\u094d\u0924\u0947',
    ];
    for (const name of names) {
      const res = await post('/vm-groups', { name });
      expect(res.statusCode, name).toBe(201);
    }
  });

  it('refuse a body that is not valid UTF-8 with a 400 in the one error shape', async () => {
    const before = t.dump();
    const body = Buffer.concat([Buffer.from('{"name":"bad'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const headers = { 'content-type': 'application/json' };
    const res = await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/vm-groups', payload: body, headers });
    expect(res.statusCode).toBe(400);
    const { error } = res.json() as Reply;
    expect(error.code).toBe('INF_ERR_MALFORMED_JSON');
    expect(error.message).toContain('not valid UTF-8');
    expect(t.dump()).toEqual(before);
  });
});
