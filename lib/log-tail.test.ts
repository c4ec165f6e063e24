import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLogLine, readLogTail } from './log-tail.js';

const dir = mkdtempSync(join(tmpdir(), 'log-tail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (level: number, msg: string, extra: object = {}) => JSON.stringify({ level, time: Date.UTC(2026, 10, 1, 12, 0, level), pid: 7, msg, ...extra });

describe('parseLogLine', () => {
  it.each([
    ['pino line', line(30, 'hello', { reqId: 'r1' }), { level: 'info', msg: 'hello', context: { pid: 7, reqId: 'r1' } }],
    ['custom level between names', line(35, 'between'), { level: 'info', msg: 'between' }],
    ['ISO time', JSON.stringify({ level: 50, time: '2026-11-01T12:00:00.000Z' }), { level: 'error', msg: '', time: '2026-11-01T12:00:00.000Z' }],
  ])('reads a %s', (_name, text, expected) => {
    expect(parseLogLine(text)).toMatchObject(expected);
  });

  it.each([['not json', 'plain text'], ['array', '[1]'], ['no level', '{"time":1,"msg":"x"}'], ['bad time', '{"level":30,"time":"soon"}'], ['torn', '{"level":30,"ti']])(
    'skips %s', (_name, text) => {
      expect(parseLogLine(text)).toBeUndefined();
    },
  );
});

describe('readLogTail', () => {
  const file = join(dir, 'server.log');
  const lines = Array.from({ length: 50 }, (_, i) => line(i % 5 === 0 ? 50 : 30, `message ${i} ünïcode`));
  writeFileSync(file, `${lines.join('\n')}\nnot json\n${line(40, 'torn')}`.slice(0, -3));

  it.each([7, 64, 4096])('returns the last lines oldest first with %i-byte reads', async (chunkBytes) => {
    const entries = await readLogTail(file, { limit: 3, chunkBytes });
    expect(entries.map((e) => e.msg)).toEqual(['message 47 ünïcode', 'message 48 ünïcode', 'message 49 ünïcode']);
  });

  it('filters by minimum level and stops at the start of the file', async () => {
    const errors = await readLogTail(file, { limit: 100, minLevel: 'error', chunkBytes: 100 });
    expect(errors.map((e) => e.msg)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45].map((i) => `message ${i} ünïcode`));
    expect(await readLogTail(file, { limit: 1000 })).toHaveLength(50);
  });

  it('treats a missing file as an empty log', async () => {
    expect(await readLogTail(join(dir, 'none.log'), { limit: 5 })).toEqual([]);
  });
});
