import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type ErrorReply = { error: { code: string; field?: string; message: string } };
const mail = { host: 'smtp.example.com', security: 'starttls', user: 'infinity', password: 's3cret', from: 'infinity@example.com', recipients: ['ops@example.com', 'root@localhost'] };
const putMail = (payload: object, token = t.tokens.admin) => t.as(token, { method: 'PUT', url: '/api/v1/settings/mail', payload });

describe('Mail settings', () => {
  it('starts unconfigured', async () => {
    const res = await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/settings/mail' });
    expect(res.json()).toEqual({ configured: false, host: '', port: 25, security: 'none', user: '', passwordSet: false, from: '', recipients: [] });
  });

  it('stores the settings, defaults the port to the security, and never returns the password', async () => {
    const res = await putMail(mail);
    expect(res.statusCode).toBe(200);
    const expected = { configured: true, host: 'smtp.example.com', port: 587, security: 'starttls', user: 'infinity', passwordSet: true, from: 'infinity@example.com', recipients: ['ops@example.com', 'root@localhost'] };
    expect(res.json()).toEqual(expected);
    expect(res.body).not.toContain('s3cret');
    const got = await t.as(t.tokens.admin2, { method: 'GET', url: '/api/v1/settings/mail' });
    expect(got.json()).toEqual(expected);
    expect(got.body).not.toContain('s3cret');
  });

  it('keeps the stored password when none is sent, and removes it with the user', async () => {
    const { password: _password, ...rest } = mail;
    const kept = await putMail({ ...rest, host: '192.168.1.14', port: 2525 });
    expect(kept.json()).toMatchObject({ host: '192.168.1.14', port: 2525, passwordSet: true });
    const stored = t.db.prepare("SELECT value FROM settings WHERE key = 'mail'").get() as { value: string };
    expect(JSON.parse(stored.value)).toMatchObject({ password: 's3cret' });
    const cleared = await putMail({ ...rest, user: '', password: null, security: 'tls', host: '2001:db8::25' });
    expect(cleared.json()).toMatchObject({ user: '', passwordSet: false, port: 465, host: '2001:db8::25' });
  });

  it('refuses a user without a password and a password without a user', async () => {
    const before = t.dump();
    const noPassword = await putMail({ ...mail, password: undefined });
    expect((noPassword.json() as ErrorReply).error.field).toBe('password');
    const noUser = await putMail({ ...mail, user: '' });
    expect((noUser.json() as ErrorReply).error.field).toBe('user');
    expect(t.dump()).toEqual(before);
  });

  it('lets only administrators read or change it', async () => {
    const before = t.dump();
    for (const token of [t.tokens.regular, t.tokens.restricted]) {
      expect((await t.as(token, { method: 'GET', url: '/api/v1/settings/mail' })).statusCode).toBe(403);
      expect((await putMail(mail, token)).statusCode).toBe(403);
      expect((await t.as(token, { method: 'DELETE', url: '/api/v1/settings/mail' })).statusCode).toBe(403);
    }
    expect((await t.as(null, { method: 'GET', url: '/api/v1/settings/mail' })).statusCode).toBe(401);
    expect(t.dump()).toEqual(before);
  });

  it('answers bad input with a 400 naming the field and changes nothing', async () => {
    const before = t.dump();
    const cases: [object, string][] = [
      [{ ...mail, host: undefined }, 'host'],
      [{ ...mail, host: 'bad host' }, 'host'],
      [{ ...mail, host: 'smtp.example.com:25' }, 'host'],
      [{ ...mail, host: '10.0.0.256' }, 'host'],
      [{ ...mail, host: 'h'.repeat(254) }, 'host'],
      [{ ...mail, host: 25 }, 'host'],
      [{ ...mail, port: 0 }, 'port'],
      [{ ...mail, port: 65536 }, 'port'],
      [{ ...mail, port: '25' }, 'port'],
      [{ ...mail, security: 'ssl' }, 'security'],
      [{ ...mail, from: 'not-an-address' }, 'from'],
      [{ ...mail, from: undefined }, 'from'],
      [{ ...mail, recipients: [] }, 'recipients'],
      [{ ...mail, recipients: 'ops@example.com' }, 'recipients'],
      [{ ...mail, recipients: ['ops@example.com', 'nobody'] }, 'recipients/1'],
      [{ ...mail, recipients: ['ops@example.com', 'OPS@example.com'] }, 'recipients/1'],
      [{ ...mail, recipients: ['ops@example.com\r\nBcc: x@example.com'] }, 'recipients/0'],
      [{ ...mail, user: 'u\nv' }, 'user'],
      [{ ...mail, password: '' }, 'password'],
      [{ ...mail, password: 'p'.repeat(1025) }, 'password'],
      [{ ...mail, authenticate: true }, 'authenticate'],
    ];
    for (const [payload, field] of cases) {
      const res = await putMail(payload);
      expect({ payload, status: res.statusCode, field: (res.json() as ErrorReply).error.field }).toEqual({ payload, status: 400, field });
    }
    expect(t.dump()).toEqual(before);
  });

  it('deletes the settings', async () => {
    expect((await t.as(t.tokens.admin, { method: 'DELETE', url: '/api/v1/settings/mail' })).json()).toEqual({ deleted: true });
    expect((await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/settings/mail' })).json()).toMatchObject({ configured: false });
    expect((await t.as(t.tokens.admin, { method: 'DELETE', url: '/api/v1/settings/mail' })).json()).toEqual({ deleted: false });
  });
});

describe('Time servers', () => {
  it("starts with the manual's default, pool.ntp.org", async () => {
    expect((await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/settings/ntp' })).json()).toEqual({ servers: ['pool.ntp.org'], isDefault: true });
  });

  it('stores a list of host names and addresses', async () => {
    const servers = ['0.debian.pool.ntp.org', '192.168.1.1', 'fe80::1'];
    const res = await t.as(t.tokens.admin, { method: 'PUT', url: '/api/v1/settings/ntp', payload: { servers } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ servers, isDefault: false });
    expect((await t.as(t.tokens.admin2, { method: 'GET', url: '/api/v1/settings/ntp' })).json()).toEqual({ servers, isDefault: false });
  });

  it('lets only administrators read or change them', async () => {
    for (const token of [t.tokens.regular, t.tokens.restricted]) {
      expect((await t.as(token, { method: 'GET', url: '/api/v1/settings/ntp' })).statusCode).toBe(403);
      expect((await t.as(token, { method: 'PUT', url: '/api/v1/settings/ntp', payload: { servers: ['pool.ntp.org'] } })).statusCode).toBe(403);
    }
  });

  it('answers bad input with a 400 naming the field and changes nothing', async () => {
    const before = t.dump();
    const cases: [object, string][] = [
      [{}, 'servers'],
      [{ servers: [] }, 'servers'],
      [{ servers: 'pool.ntp.org' }, 'servers'],
      [{ servers: ['pool.ntp.org', 123] }, 'servers/1'],
      [{ servers: ['pool.ntp.org', 'not a host'] }, 'servers/1'],
      [{ servers: ['Pool.ntp.org', 'pool.ntp.org'] }, 'servers/1'],
      [{ servers: [''] }, 'servers/0'],
      [{ servers: ['x'.repeat(254)] }, 'servers/0'],
      [{ servers: Array.from({ length: 17 }, (_, i) => `ntp${i}.example.com`) }, 'servers'],
      [{ servers: ['pool.ntp.org'], prefer: 'pool.ntp.org' }, 'prefer'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.as(t.tokens.admin, { method: 'PUT', url: '/api/v1/settings/ntp', payload });
      expect({ payload, status: res.statusCode, field: (res.json() as ErrorReply).error.field }).toEqual({ payload, status: 400, field });
    }
    expect(t.dump()).toEqual(before);
  });
});
