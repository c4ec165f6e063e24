import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, colon-separated hex: what clients pin and people compare. */
  fingerprint: string;
  /** Where it came from, for the start-up message. */
  certFile: string;
  /** True when this start created it. */
  created: boolean;
}

export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** A certificate the administrator gave (`--cert F --key F`). */
export function readTlsCertificate(certFile: string, keyFile: string): TlsCertificate {
  const cert = readFileSync(certFile, 'utf8');
  const key = readFileSync(keyFile, 'utf8');
  const x509 = new X509Certificate(cert);
  if (!x509.checkPrivateKey(createPrivateKey(key))) {
    throw new Error(`the key in ${keyFile} does not belong to the certificate in ${certFile}`);
  }
  return { key, cert, fingerprint: x509.fingerprint256, certFile, created: false };
}

/**
 * The server's own certificate in DIR (cert.pem, key.pem), created on the first start.
 * It is kept across restarts because clients pin it: a new one would be refused by every
 * client that logged in before.
 */
export async function ensureTlsCertificate(dir: string, listenHost: string): Promise<TlsCertificate> {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const haveCert = existsSync(certFile);
  const haveKey = existsSync(keyFile);
  if (haveCert && haveKey) return readTlsCertificate(certFile, keyFile);
  if (haveCert || haveKey) {
    throw new Error(`${dir} holds only ${haveCert ? 'cert.pem' : 'key.pem'}; restore the other file, or remove both to create a new certificate (clients will have to trust it again)`);
  }
  const name = hostname();
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [
    { type: 2, value: name },
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (isIP(listenHost) && !['0.0.0.0', '::', '127.0.0.1', '::1'].includes(listenHost)) altNames.push({ type: 7, ip: listenHost });
  const notBeforeDate = new Date();
  // Clients trust this certificate by its pin, not by a CA; a long life spares every
  // client a re-trust when an arbitrary one-year expiry comes round.
  const notAfterDate = new Date(notBeforeDate.getTime() + 10 * 365 * 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: name }, { name: 'organizationName', value: 'Infinity Server' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeAtomically(keyFile, pems.private, 0o600);
  writeAtomically(certFile, pems.cert, 0o644);
  return { key: pems.private, cert: pems.cert, fingerprint: certificateFingerprint(pems.cert), certFile, created: true };
}

function writeAtomically(file: string, text: string, mode: number) {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}
