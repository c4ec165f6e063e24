import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, makeCli, runOnTerminal, startServer, tempDir, type Cli, type RunningServer } from './cli-harness.js';

/** The manual's "Trust the presented certificate", with the pin enforced afterwards. */
describe('infinity server --tls and certificate pinning', () => {
  const dir = tempDir('infinity-tls-');
  const data = join(dir.path, 'data');
  let server: RunningServer | undefined;
  let cli: Cli;
  let listen: string;
  let firstFingerprint: string;

  beforeAll(async () => {
    await buildOnce();
    server = await startServer(data, ['--tls']);
    listen = server.url.replace('https://', '');
    cli = makeCli(dir.path);
  });

  afterAll(async () => {
    await server?.stop();
    dir.remove();
  });

  it('serves HTTPS with a certificate it created in DATA/tls/, and prints its fingerprint', () => {
    expect(server!.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cert = readFileSync(join(data, 'tls', 'cert.pem'), 'utf8');
    firstFingerprint = new X509Certificate(cert).fingerprint256;
    expect(server!.fingerprint).toBe(firstFingerprint);
    expect(statSync(join(data, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses a first login from a script that neither names the fingerprint nor says --trust, showing it', async () => {
    const result = await cli('login', '--server', server!.url, '--user', 'admin', '--password', 'admin');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`its SHA-256 fingerprint is ${firstFingerprint}`);
    expect(result.stderr).toContain('--trust-fingerprint');
  });

  it('refuses a first login naming another fingerprint', async () => {
    const wrong = 'AB:'.repeat(31) + 'AB';
    const result = await cli('login', '--server', server!.url, '--user', 'admin', '--password', 'admin', '--trust-fingerprint', wrong);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`presented a certificate with SHA-256 fingerprint ${firstFingerprint}, not the ${wrong}`);
  });

  it('asks a person on a terminal, and trusts only on yes', async () => {
    const login = ['login', '--server', server!.url, '--user', 'admin', '--password', 'admin'];
    const question = 'Trust it [y/N]';
    const declined = await runOnTerminal(login, { INFINITY_CONFIG: join(dir.path, 'terminal-no.json') }, question, 'n');
    expect(declined.exitCode).toBe(1);
    expect(declined.stdout).toContain(firstFingerprint);
    expect(declined.stdout).toContain('was not trusted; nothing was sent to it');

    const accepted = await runOnTerminal(login, { INFINITY_CONFIG: join(dir.path, 'terminal-yes.json') }, question, 'y');
    expect(accepted.exitCode).toBe(0);
    expect(accepted.stdout).toContain(`Logged in to ${server!.url} as admin`);
    expect(JSON.parse(readFileSync(join(dir.path, 'terminal-yes.json'), 'utf8')).pins).toEqual({ [server!.url]: firstFingerprint });
  });

  it('logs in with --trust, shows the fingerprint and pins it', async () => {
    const result = await cli.ok('login', '--server', server!.url, '--user', 'admin', '--password', 'admin', '--trust');
    expect(result.stderr).toContain(firstFingerprint);
    expect(result.stdout).toContain(`Logged in to ${server!.url} as admin`);
    expect(JSON.parse(readFileSync(cli.configFile, 'utf8')).pins).toEqual({ [server!.url]: firstFingerprint });
    await cli.ok('passwd', '--old', 'admin', '--new', 'tls-admin-pass-1');
    expect(await cli.json('vm', 'list')).toEqual([]);
  });

  it('logs in again without any trust flag: the pin is enough', async () => {
    const result = await cli.ok('login', '--server', server!.url, '--user', 'admin', '--password', 'tls-admin-pass-1');
    expect(result.stderr).toBe('');
    expect(await cli.json('whoami')).toMatchObject({ name: 'admin' });
  });

  it('keeps its certificate across a restart', async () => {
    await server!.stop();
    server = await startServer(data, ['--tls'], listen);
    expect(server.fingerprint).toBe(firstFingerprint);
    expect(await cli.json('whoami')).toMatchObject({ name: 'admin' });
  });

  it('refuses a server restarted with a different certificate, naming both fingerprints', async () => {
    const pems = await generate([{ name: 'commonName', value: 'other' }], { keyType: 'ec', algorithm: 'sha256' });
    const certFile = join(dir.path, 'other-cert.pem');
    const keyFile = join(dir.path, 'other-key.pem');
    writeFileSync(certFile, pems.cert);
    writeFileSync(keyFile, pems.private);
    const otherFingerprint = new X509Certificate(pems.cert).fingerprint256;

    await server!.stop();
    server = await startServer(data, ['--cert', certFile, '--key', keyFile], listen);
    expect(server.fingerprint).toBe(otherFingerprint);

    for (const attempt of [
      await cli('whoami'),
      await cli('vm', 'list', '--json'),
      await cli('login', '--user', 'admin', '--password', 'tls-admin-pass-1', '--trust'),
    ]) {
      expect(attempt.exitCode).toBe(1);
      expect(attempt.stdout).toBe('');
      expect(attempt.stderr).toContain(`the certificate of ${server.url} has changed`);
      expect(attempt.stderr).toContain(`trusted:   SHA256 ${firstFingerprint}`);
      expect(attempt.stderr).toContain(`presented: SHA256 ${otherFingerprint}`);
      expect(attempt.stderr).toContain(`--trust-fingerprint ${otherFingerprint}`);
    }

    await cli.ok('login', '--user', 'admin', '--password', 'tls-admin-pass-1', '--trust-fingerprint', otherFingerprint.toLowerCase());
    expect(JSON.parse(readFileSync(cli.configFile, 'utf8')).pins).toEqual({ [server.url]: otherFingerprint });
    expect(await cli.json('whoami')).toMatchObject({ name: 'admin' });
  });

  it('still serves plain http without --tls', async () => {
    await server!.stop();
    server = await startServer(data);
    expect(server.url).toMatch(/^http:\/\//);
    const plain = makeCli(dir.path);
    const login = await plain.ok('login', '--server', server.url, '--user', 'admin', '--password', 'tls-admin-pass-1');
    expect(login.stderr).toBe('');
  });
});
