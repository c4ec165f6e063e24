import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { openDatabase } from '../../server/store/db.js';
import { ensureTlsCertificate } from '../../server/tls-certificate.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function app(https: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'infinity-tls-route-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'infinity.db'));
  const tls = https ? await ensureTlsCertificate(join(dir, 'tls'), '127.0.0.1') : undefined;
  const built = await buildApp({ db, logger: false, ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}) });
  return { built, db, tls };
}

describe('GET /api/v1/tls', () => {
  it("gives the fingerprint of the server's own certificate and says it is self-signed", async () => {
    const { built, db, tls } = await app(true);
    const res = await built.inject({ method: 'GET', url: '/api/v1/tls' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ https: true, fingerprint: tls!.fingerprint, selfSigned: true, subject: expect.stringContaining('Infinity Server') });
    expect(tls!.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    await built.close();
    db.close();
  });

  it('says there is no TLS when the server serves plain HTTP', async () => {
    const { built, db } = await app(false);
    const res = await built.inject({ method: 'GET', url: '/api/v1/tls' });
    expect(res.json()).toEqual({ https: false, fingerprint: null, selfSigned: false, subject: null, validTo: null });
    await built.close();
    db.close();
  });
});
