import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let localId: string;
beforeAll(async () => {
  t = await createTestApp();
  // A second server as "Add Server" will record it; multi-server comes later.
  t.db.prepare("INSERT INTO servers (id, name, address, online, is_local, created_at) VALUES ('remote-1', 'remote', '10.0.0.2', 0, 0, '2026-11-01T00:00:00.000Z')").run();
});
afterAll(async () => t.close());

interface ServerView { id: string; name: string; isLocal: boolean; online: boolean; address: string; stats: null | { cpuCount: number; loadAverage: number[]; memoryTotalBytes: number; memoryFreeBytes: number; uptimeSeconds: number } }
type ErrorReply = { error: { code: string; field?: string; message: string } };
const logLine = (level: number, msg: string, second: number) => JSON.stringify({ level, time: Date.UTC(2026, 10, 1, 12, 0, second), pid: 1, hostname: 'h', msg });

describe('Servers', () => {
  it('lists servers with live statistics of the local one', async () => {
    const res = await t.as(t.tokens.restricted, { method: 'GET', url: '/api/v1/servers' });
    expect(res.statusCode).toBe(200);
    const [remote, local] = res.json() as ServerView[];
    expect(local).toMatchObject({ name: 'test-server', isLocal: true, online: true, address: '127.0.0.1' });
    expect(local!.stats!.cpuCount).toBeGreaterThan(0);
    expect(local!.stats!.loadAverage).toHaveLength(3);
    expect(local!.stats!.memoryFreeBytes).toBeLessThanOrEqual(local!.stats!.memoryTotalBytes);
    expect(remote).toMatchObject({ name: 'remote', isLocal: false, online: false, stats: null });
    localId = local!.id;
  });

  it('shows one server by id or name', async () => {
    expect((await t.as(t.tokens.regular, { method: 'GET', url: `/api/v1/servers/${localId}` })).json()).toMatchObject({ name: 'test-server' });
    expect((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/servers/remote' })).json()).toMatchObject({ id: 'remote-1' });
    expect((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/servers/nope' })).statusCode).toBe(404);
  });

  it('answers an empty log before anything was written', async () => {
    const res = await t.as(t.tokens.admin, { method: 'GET', url: `/api/v1/servers/${localId}/logs` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ serverId: localId, entries: [] });
  });

  it("reads the newest entries of the local server's log, filtered by level", async () => {
    mkdirSync(join(t.dir, 'logs'), { recursive: true });
    const lines = [logLine(30, 'started', 1), logLine(50, 'disk failed', 2), 'garbage', logLine(40, 'slow', 3), logLine(30, 'request completed', 4)];
    writeFileSync(join(t.dir, 'logs', 'server.log'), `${lines.join('\n')}\n`);
    const last = await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/servers/test-server/logs?limit=2' });
    expect(last.statusCode).toBe(200);
    const { entries } = last.json() as { entries: { msg: string; level: string; time: string; context: Record<string, unknown> }[] };
    expect(entries.map((e) => e.msg)).toEqual(['slow', 'request completed']);
    expect(entries[0]).toEqual({ time: '2026-11-01T12:00:03.000Z', level: 'warn', msg: 'slow', context: { pid: 1, hostname: 'h' } });
    const warnings = await t.as(t.tokens.admin2, { method: 'GET', url: '/api/v1/servers/test-server/logs?level=warn' });
    expect((warnings.json() as { entries: { msg: string }[] }).entries.map((e) => e.msg)).toEqual(['disk failed', 'slow']);
  });

  it('lets only administrators read logs', async () => {
    for (const token of [t.tokens.regular, t.tokens.restricted]) {
      expect((await t.as(token, { method: 'GET', url: `/api/v1/servers/${localId}/logs` })).statusCode).toBe(403);
    }
    expect((await t.as(null, { method: 'GET', url: `/api/v1/servers/${localId}/logs` })).statusCode).toBe(401);
  });

  it('says reading another server\'s logs needs multi-server', async () => {
    const res = await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/servers/remote/logs' });
    expect(res.statusCode).toBe(501);
    expect((res.json() as ErrorReply).error).toMatchObject({ code: 'INF_ERR_NOT_AVAILABLE_YET' });
    expect((res.json() as ErrorReply).error.message).toMatch(/multi-server/);
  });

  it('says so when the server writes no log file', async () => {
    const app = await buildApp({ db: t.db, commands: t.core.commands, logger: false });
    try {
      const res = await app.inject({ method: 'GET', url: `/api/v1/servers/${localId}/logs`, headers: { authorization: `Bearer ${t.tokens.admin}` } });
      expect(res.statusCode).toBe(409);
    } finally {
      await app.close();
    }
  });

  it('answers bad queries with a 400 naming the parameter', async () => {
    const before = t.dump();
    for (const [query, field] of [
      ['limit=abc', 'limit'], ['limit=0', 'limit'], ['limit=10001', 'limit'], ['limit=-5', 'limit'], ['limit=1.5', 'limit'], ['limit=9999999', 'limit'],
      ['level=loud', 'level'], ['lines=5', 'lines'],
    ] as const) {
      const res = await t.as(t.tokens.admin, { method: 'GET', url: `/api/v1/servers/${localId}/logs?${query}` });
      expect({ query, status: res.statusCode, field: (res.json() as ErrorReply).error.field }).toEqual({ query, status: 400, field });
    }
    expect((await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/servers/nope/logs' })).statusCode).toBe(404);
    expect(t.dump()).toEqual(before);
  });
});
