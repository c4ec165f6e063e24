import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IscsiConfig } from '../../server/iscsi/service.js';
import { ADMIN_PASSWORD, USER_PASSWORD, createTestApp, type TestApp } from '../helpers/app.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';

/**
 * Secrets (password hashes, CHAP secrets, the SMTP password) stay out of `command_log`, the server log and
 * every answer after the one that made them: after users are made and their passwords
 * changed, drives exported, and an export failed with tgtd gone (which also fails its undo,
 * whose arguments the server logs).
 */
const HOST = 'iqn.2026-11.org.infinity:station-1';
const MiB = 1024 * 1024;
const GIVEN = 'given-chap-secret-01';
const FAILED = 'failed-chap-secret-02';
const SMTP = 'smtp-password-03';

let t: TestApp;
beforeAll(async () => {
  const port = await freePort();
  const iscsi: IscsiConfig = { driver: 'tgt', portal: { host: '127.0.0.1', port }, controlPort: tgtControlPort(port) };
  t = await createTestApp({ iscsi, log: true });
});
afterAll(async () => t?.close());

type Json = Record<string, unknown>;
const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Json) => {
  const res = await t.as(t.tokens.admin, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() as Json, text: res.body };
};

const logText = () => readFileSync(join(t.dir, 'logs', 'server.log'), 'utf8');
async function logged(message: string): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (logText().includes(message)) return logText();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server log never said "${message}"`);
}

describe('secrets after users, passwords, mail settings and exports', () => {
  const secrets: string[] = [ADMIN_PASSWORD, USER_PASSWORD, GIVEN, FAILED, 'new-password-1', 'own-password-2', SMTP];
  const drives: string[] = [];

  beforeAll(async () => {
    const created = await call('POST', '/users', { name: 'olga', password: 'new-password-0', role: 'regular' });
    const olga = created.body.id as string;
    expect((await call('PUT', `/users/${olga}/password`, { password: 'new-password-1' })).status).toBe(200);
    const own = await t.as(await t.login('olga', 'new-password-1'), {
      method: 'POST', url: '/api/v1/me/password', payload: { old: 'new-password-1', new: 'own-password-2' },
    });
    expect(own.statusCode).toBe(200);
    const mail = { host: 'smtp.x.org', user: 'infinity', password: SMTP, from: 'i@x.org', recipients: ['o@x.org'] };
    expect((await call('PUT', '/settings/mail', mail)).status).toBe(200);

    for (const name of ['made-secret-disk', 'given-secret-disk', 'failing-disk']) {
      drives.push((await call('POST', '/drives', { name, sizeBytes: 16 * MiB })).body.id as string);
    }
    const made = await call('POST', `/drives/${drives[0]}/export`, { initiator: HOST });
    expect(made.status).toBe(200);
    secrets.push(made.body.chapSecret as string);
    const given = await call('POST', `/drives/${drives[1]}/export`, { initiator: HOST, chapSecret: GIVEN });
    expect(given.body).toMatchObject({ chapSecret: GIVEN });

    await t.core.iscsi.stop();
    const failed = await call('POST', `/drives/${drives[2]}/export`, { initiator: HOST, chapSecret: FAILED });
    expect(failed.status).toBe(502);
    expect(failed.text).not.toContain(FAILED);
    await logged('could not undo an effect');
    const hashes = t.db.prepare('SELECT password_hash FROM users').all() as { password_hash: string }[];
    secrets.push(...hashes.map((u) => u.password_hash));
  });

  it('command_log holds references, not the password hashes or CHAP secrets', () => {
    const rows = t.db.prepare('SELECT * FROM command_log').all() as { type: string; payload: string }[];
    const log = JSON.stringify(rows);
    for (const secret of secrets) expect(log).not.toContain(secret);
    const exports = rows.filter((r) => r.type === 'drive.export');
    const exported = exports.map((r) => (JSON.parse(r.payload) as Json).secret);
    expect(exported).toEqual([{ ref: expect.any(String) }, { ref: expect.any(String) }]);
  });

  it('the server log, and the Logs an administrator reads through the API, hold none of them', async () => {
    const text = logText();
    expect(text).toContain('iscsi.export');
    for (const secret of secrets) expect(text).not.toContain(secret);
    const server = ((await call('GET', '/servers')).body as unknown as Json[])[0]!;
    const logs = await call('GET', `/servers/${server.id}/logs?limit=1000`);
    expect(logs.status).toBe(200);
    for (const secret of secrets) expect(logs.text).not.toContain(secret);
  });

  it('no later answer shows them: drives, users, the caller', async () => {
    const urls = ['/drives', ...drives.map((id) => `/drives/${id}`), '/users', '/me', '/vms', '/pools'];
    urls.push('/settings/mail');
    for (const url of urls) {
      const res = await call('GET', url);
      expect(res.status, url).toBe(200);
      for (const secret of secrets) expect(res.text, url).not.toContain(secret);
    }
  });
});
