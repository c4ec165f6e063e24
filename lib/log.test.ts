import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, withoutSecrets } from './log.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'infinity-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;
/** The file once it holds `lines` lines (pino writes to it asynchronously). */
const written = async (file: string, lines: number) => {
  for (let waited = 0; waited < 5_000; waited += 20) {
    const text = readFileSync(file, 'utf8');
    if (text.split('\n').length > lines) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${file} did not reach ${lines} lines`);
};

describe('the server log', () => {
  it('redacts secret fields by name at any depth: an effect the bus could not undo, a body, headers', async () => {
    const file = join(dir, 'logs', 'server.log');
    const logger = createLogger({ file, stdout: false });
    const spec = { driveId: 'd-1', chap: { user: 'inf-d-1', secret: 'chap-secret-111' } };
    const previous = { ...spec, chap: { user: 'u', secret: 'chap-secret-222' } };
    logger.error({ command: 'c-1', effect: { kind: 'iscsi.export', args: { spec, previous } } }, 'could not undo');
    const user = { passwordHash: '$scrypt$hash-444' };
    logger.info({ body: { name: 'olga', password: 'pass-333' }, user }, 'request');
    const headers = { authorization: 'Bearer token-555', Cookie: 'sid=cookie-666' };
    logger.info({ req: { headers }, chapSecret: 'chap-777', token: 'token-888' }, 'headers');
    const text = await written(file, 3);
    const secrets = ['chap-secret-111', 'chap-secret-222', 'pass-333', 'hash-444', 'token-555', 'cookie-666'];
    for (const secret of [...secrets, 'chap-777', 'token-888']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('inf-d-1');
    expect(text).toContain('olga');
  });

  it('leaves what is not a secret as it is, arrays and errors included', () => {
    const error = new Error('boom');
    expect(withoutSecrets({ list: [{ secret: 's' }, 1], error, n: null, at: 'x' }))
      .toEqual({ list: [{ secret: '[Redacted]' }, 1], error, n: null, at: 'x' });
  });

  it('keeps its directory 0700 and its file 0600, also those an older build made readable to others', async () => {
    const logs = join(dir, 'old', 'logs');
    mkdirSync(logs, { recursive: true, mode: 0o755 });
    chmodSync(logs, 0o755);
    writeFileSync(join(logs, 'server.log'), '', { mode: 0o644 });
    chmodSync(join(logs, 'server.log'), 0o644);
    const old = createLogger({ file: join(logs, 'server.log'), stdout: false });
    old.info('again');
    await written(join(logs, 'server.log'), 1);
    expect([mode(logs), mode(join(logs, 'server.log'))]).toEqual([0o700, 0o600]);

    const fresh = join(dir, 'new', 'logs', 'server.log');
    const logger = createLogger({ file: fresh, stdout: false });
    logger.info('first');
    await written(fresh, 1);
    expect([mode(join(dir, 'new', 'logs')), mode(fresh)]).toEqual([0o700, 0o600]);
  });
});
