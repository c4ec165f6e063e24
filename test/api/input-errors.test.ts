import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** What a refused request says: in words a person can act on, never a regular expression. */
describe('validation messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const createUser = (payload: Record<string, unknown>) =>
    t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/users', payload: { password: 'password-123', role: 'regular', ...payload } });

  it('says what a name may not contain instead of quoting the pattern', async () => {
    for (const name of ['a/b', 'a\\b', ' leading', 'trailing ', 'tab\tinside']) {
      const res = await createUser({ name });
      expect(res.statusCode, name).toBe(400);
      expect(res.json(), name).toEqual({
        error: {
          code: 'INF_ERR_VALIDATION',
          field: 'name',
          message: '"name" must not start or end with a space, and must not contain / or \\ or control characters such as a tab',
        },
      });
    }
  });

  it('refuses control characters anywhere in a name, and still takes spaces inside', async () => {
    for (const name of ['new\nline', 'nul\u0000char', 'del\u007fchar', 'c1\u0085char']) {
      expect((await createUser({ name })).statusCode, JSON.stringify(name)).toBe(400);
    }
    expect((await createUser({ name: 'Rita Second' })).statusCode).toBe(201);
    expect((await createUser({ name: 'Ü' })).statusCode).toBe(201);
  });

  it('lists the allowed values of a field that takes one of a few', async () => {
    const role = await createUser({ name: 'newbie', role: 'root' });
    expect(role.statusCode).toBe(400);
    expect(role.json().error).toEqual({ code: 'INF_ERR_VALIDATION', field: 'role', message: '"role" must be one of: admin, regular, restricted' });

    const drive = await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/drives', payload: { sizeBytes: 16 * 1024 * 1024, compression: 'gzip' } });
    expect(drive.statusCode).toBe(400);
    expect(drive.json().error).toEqual({ code: 'INF_ERR_VALIDATION', field: 'compression', message: '"compression" must be one of: off, lz4, zstd' });
  });
});

describe('request bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const json = { 'content-type': 'application/json' };

  it('accepts an empty body sent as application/json on a route that takes no body', async () => {
    const user = await t.createUser('leaving', 'regular');
    const deleted = await t.as(t.tokens.admin, { method: 'DELETE', url: `/api/v1/users/${user}`, headers: json, payload: '' });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toEqual({ ok: true });
    const [vm] = (await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/vms', payload: { name: 'to-template' } })).json() as { id: string }[];
    const template = await t.as(t.tokens.admin, { method: 'POST', url: `/api/v1/vms/${vm!.id}/template`, headers: json, payload: '' });
    expect(template.statusCode, template.body).toBe(200);
  });

  it('still refuses malformed JSON there, and an empty body where a route takes one', async () => {
    const user = await t.createUser('staying', 'regular');
    const malformed = await t.as(t.tokens.admin, { method: 'DELETE', url: `/api/v1/users/${user}`, headers: json, payload: '{"half' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('INF_ERR_MALFORMED_JSON');
    const empty = await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/users', headers: json, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('INF_ERR_MALFORMED_JSON');
    expect((await t.as(t.tokens.admin, { method: 'GET', url: `/api/v1/users/${user}` })).statusCode).toBe(200);
  });

  it('still refuses __proto__ in a body', async () => {
    const res = await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/users', headers: json, payload: '{"__proto__":{"x":1},"name":"p","password":"password-123","role":"regular"}' });
    expect(res.statusCode).toBe(400);
  });
});
