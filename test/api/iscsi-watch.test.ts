import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { assembleCore, type Core } from '../../server/assemble.js';
import type { IscsiConfig } from '../../server/iscsi/service.js';
import { BUILTIN_ADMIN_ID } from '../../server/store/users.js';
import { canLogIn } from '../helpers/initiator.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';

/**
 * The server watches its own tgtd: one that dies is logged, restarted and handed its
 * drives again from the database; a second server on the same control port neither shares
 * nor stops the first one's tgtd, and its health names iSCSI as degraded.
 */
const HOST_A = 'iqn.2026-11.org.infinity:station-1';
const MiB = 1024 * 1024;
const ADMIN = { id: BUILTIN_ADMIN_ID, name: 'admin', role: 'admin' as const };
const dirs: string[] = [];
const cores: Core[] = [];
let iscsi: IscsiConfig;
let lines: { msg: string; level: number }[];
let first: Core;

async function start(watchIntervalMs: number, logger?: pino.Logger): Promise<Core> {
  const dataDir = mkdtempSync(join(tmpdir(), 'infinity-watch-'));
  dirs.push(dataDir);
  const options = { dataDir, serverName: 'watch', address: '127.0.0.1', iscsi, watchIntervalMs };
  const core = await assembleCore({ ...options, ...(logger ? { logger } : {}) });
  cores.push(core);
  return core;
}

interface Health {
  status: string;
  parts: { part: string; status: string; reason?: string }[];
}

async function health(core: Core): Promise<Health> {
  const app = await buildApp({ db: core.db, commands: core.commands, logger: false });
  try {
    return (await app.inject({ method: 'GET', url: '/api/v1/health' })).json();
  } finally {
    await app.close();
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  const port = await freePort();
  iscsi = { driver: 'tgt', portal: { host: '127.0.0.1', port }, controlPort: tgtControlPort(port) };
  lines = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  first = await start(300, pino({ level: 'info' }, stream));
});

afterAll(async () => {
  for (const core of cores.reverse()) await core.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the server's own tgtd, watched", () => {
  let target: string;
  let chap: { user: string; secret: string };

  it('answers health ok while its tgtd runs', async () => {
    expect(await health(first)).toMatchObject({ status: 'ok', parts: [{ part: 'iscsi', status: 'ok' }] });
  });

  it('notices a tgtd that died, logs it, starts a new one and exports the drives again from the database', async () => {
    const drive = await first.commands.execute('drive.create', { name: 'watched', sizeBytes: 16 * MiB }, ADMIN);
    const input = { drive: drive.id, initiator: HOST_A, chapSecret: 'watch-secret-01' };
    const exported = await first.commands.execute('drive.export', input, ADMIN);
    target = exported.targetIqn;
    chap = { user: exported.chapUser!, secret: 'watch-secret-01' };
    const at = { port: iscsi.portal.port, target, lun: 1 };
    expect(await canLogIn(at, HOST_A, chap)).toBe(true);

    const pid = Number(readFileSync(join(dirs[0]!, 'tgtd.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    const logged = (msg: string, level: number) => lines.some((l) => l.msg === msg && l.level === level);
    await until('the loss is logged', () => logged('the iSCSI exporter (tgtd) was lost', 50));
    await until('the drive is served again', () => canLogIn(at, HOST_A, chap));
    expect(logged('restarted tgtd; exporting the drives again from the database', 40)).toBe(true);
    expect(Number(readFileSync(join(dirs[0]!, 'tgtd.pid'), 'utf8'))).not.toBe(pid);
    expect(await health(first)).toMatchObject({ status: 'ok', parts: [{ part: 'iscsi', status: 'ok' }] });
  });

  it("a second server on the same control port neither shares nor stops the first one's tgtd; says so", async () => {
    const second = await start(300);
    const answer = await health(second);
    expect(answer.status).toBe('degraded');
    const reason = expect.stringContaining('another tgtd, not this server');
    expect(answer.parts).toEqual([{ part: 'iscsi', status: 'degraded', reason }]);
    await second.close();
    cores.splice(cores.indexOf(second), 1);
    expect(await canLogIn({ port: iscsi.portal.port, target, lun: 1 }, HOST_A, chap)).toBe(true);
    expect(await health(first)).toMatchObject({ status: 'ok' });
  });
});
