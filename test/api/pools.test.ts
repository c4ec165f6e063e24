import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Reply = { error: { code: string; field?: string; message: string } };
const addPool = (payload: object) => t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/pools', payload });

describe('pool locations', () => {
  it('refuses .., a newline or a NUL before anything is made', async () => {
    const target = join(t.dir, 'holds-files');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'mine');
    const empty = join(t.dir, 'empty');
    mkdirSync(empty);
    const before = t.dump();
    const cases: [string, 'file' | 'zfs', string][] = [
      [join(t.dir, 'missing') + '/../holds-files', 'file', '".."'],
      [join(t.dir, 'missing') + '/../empty', 'file', '".."'],
      [`${empty}/..`, 'file', '".."'],
      [`${empty}/new\npool`, 'file', 'U+000A LINE FEED'],
      [`${empty}/nul\u0000pool`, 'file', 'U+0000 NULL'],
      ['tank/../other', 'zfs', '".."'],
      ['ssh://root@127.0.0.1/tank/../x', 'zfs', '".."'],
      ['tank/new\nline', 'zfs', 'U+000A LINE FEED'],
      [`${empty}/j\u2028k`, 'file', 'U+2028'],
      [`${empty}/x\u202ey`, 'file', 'U+202E'],
    ];
    for (const [location, driver, words] of cases) {
      const res = await addPool({ name: 'climber', driver, location });
      expect(res.statusCode, JSON.stringify(location)).toBe(400);
      const { error } = res.json() as Reply;
      expect(error, JSON.stringify(location)).toMatchObject({ code: 'INF_ERR_VALIDATION', field: 'location' });
      expect(error.message, JSON.stringify(location)).toContain(words);
    }
    expect(readdirSync(target)).toEqual(['keep.txt']);
    expect(readdirSync(empty)).toEqual([]);
    expect(existsSync(join(t.dir, 'missing'))).toBe(false);
    expect(t.dump()).toEqual(before);
  });

  it('follows symbolic links: a link into another pool\'s directory overlaps it', async () => {
    const defaultPool = (t.db.prepare("SELECT location FROM storage_pools WHERE name = 'default'").get() as { location: string })
      .location;
    const links = join(t.dir, 'links');
    mkdirSync(links);
    symlinkSync(dirname(defaultPool), join(links, 'to-data'));
    const before = t.dump();
    const res = await addPool({ name: 'linked', driver: 'file', location: join(links, 'to-data', 'pool') });
    expect(res.statusCode, res.body).toBe(400);
    expect((res.json() as Reply).error.message).toContain('overlaps the directory of storage pool "default"');
    expect(t.dump()).toEqual(before);
  });

  it('still takes a directory with dots in its name', async () => {
    const res = await addPool({ name: 'dotted', driver: 'file', location: join(t.dir, 'pool..2') });
    expect(res.statusCode, res.body).toBe(201);
  });
});
