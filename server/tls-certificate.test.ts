import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureTlsCertificate, readTlsCertificate } from './tls-certificate.js';

describe('the server TLS certificate', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'infinity-tls-unit-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is created once, with a private key, and the same one is used afterwards', async () => {
    const dir = join(tempDir(), 'tls');
    const first = await ensureTlsCertificate(dir, '127.0.0.1');
    expect(first.created).toBe(true);
    expect(first.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(statSync(join(dir, 'key.pem')).mode & 0o777).toBe(0o600);
    const again = await ensureTlsCertificate(dir, '127.0.0.1');
    expect(again).toMatchObject({ created: false, fingerprint: first.fingerprint });
  });

  it('refuses to replace a certificate whose key is missing', async () => {
    const dir = join(tempDir(), 'tls');
    await ensureTlsCertificate(dir, '127.0.0.1');
    unlinkSync(join(dir, 'key.pem'));
    await expect(ensureTlsCertificate(dir, '127.0.0.1')).rejects.toThrow(/holds only cert\.pem/);
  });

  it('refuses a given key that does not belong to the given certificate', async () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    await ensureTlsCertificate(a, '127.0.0.1');
    await ensureTlsCertificate(b, '127.0.0.1');
    expect(readTlsCertificate(join(a, 'cert.pem'), join(a, 'key.pem')).created).toBe(false);
    expect(() => readTlsCertificate(join(a, 'cert.pem'), join(b, 'key.pem'))).toThrow(/does not belong/);
  });
});
