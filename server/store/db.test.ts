import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db.js';
import { migrations } from './migrations/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'infinity-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the database files', () => {
  it('are the server\'s alone: data directory 0700; database, WAL and shared memory 0600', () => {
    const data = join(dir, 'data');
    const db = openDatabase(join(data, 'infinity.db'));
    db.prepare('CREATE TABLE t (x)').run();
    const files = ['infinity.db', 'infinity.db-wal', 'infinity.db-shm'].map((f) => join(data, f));
    expect(files.every((f) => existsSync(f))).toBe(true);
    expect([mode(data), ...files.map(mode)]).toEqual([0o700, 0o600, 0o600, 0o600]);
    db.close();
  });

  it('are closed up when an older build left them readable to others, the upgrade copy too', () => {
    const data = join(dir, 'data');
    const file = join(data, 'infinity.db');
    const older = migrations.slice(0, -1);
    openDatabase(file, { migrations: older }).close();
    chmodSync(data, 0o755);
    chmodSync(file, 0o644);
    const db = openDatabase(file);
    const files = [file, `${file}-wal`, `${file}-shm`, `${file}.v${older.at(-1)!.version}.bak`];
    expect([mode(data), ...files.map(mode)]).toEqual([0o700, 0o600, 0o600, 0o600, 0o600]);
    db.close();
  });
});
