import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/access/passwords.js';
import { buildApp } from '../../server/app.js';
import { assembleCore } from '../../server/assemble.js';
import { openDatabase, schemaVersion, type Db } from '../../server/store/db.js';
import { migrations } from '../../server/store/migrations/index.js';

/**
 * Upgrading a database made by an older Infinity: every older schema (each proper prefix
 * of the migration list), filled with data written in that schema's own terms (the first
 * schema's tables, which later migrations only extend), is brought to the latest
 * version with its data kept, a `.v<N>.bak` copy left beside it, the same schema as a
 * fresh database, and a server that serves the old data.
 */
const latest = migrations.at(-1)!.version;
const older = migrations.slice(0, -1).map((m) => m.version);

const AT = '2026-01-02T03:04:05.000Z';
const IDS = { user: 'u-olga', group: 'hg-lab', vm: 'vm-old', server: 'srv-1', pool: 'pool-1', drive: 'drive-1', snapshot: 'snap-1', vmGroup: 'vmg-1' };

/** Rows valid in the first schema, covering the tables later migrations touch. */
function fill(db: Db, passwordHash: string, poolDir: string): void {
  const run = (sql: string, ...values: unknown[]) => db.prepare(sql).run(...values);
  run("INSERT INTO users (id, name, role, password_hash, must_change_password, builtin, created_at) VALUES (?, 'olga', 'regular', ?, 0, 0, ?)", IDS.user, passwordHash, AT);
  run("INSERT INTO servers (id, name, address, online, is_local, created_at) VALUES (?, 'old-server', '127.0.0.1', 1, 1, ?)", IDS.server, AT);
  run("INSERT INTO storage_pools (id, name, server_id, driver, location, online, created_at) VALUES (?, 'default', ?, 'file', ?, 1, ?)", IDS.pool, IDS.server, poolDir, AT);
  run("INSERT INTO host_groups (id, name, type, mac, created_at, created_by) VALUES (?, 'lab', 'distributed', NULL, ?, ?)", IDS.group, AT, IDS.user);
  run(
    `INSERT INTO vms (id, name, vendor, os_type, host_group_id, ram_mb, vram_mb, audio, comment, cpu_count, created_at, updated_at, created_by)
     VALUES (?, 'Win7', 'Microsoft Desktop', 'Windows 7 (64 bit)', ?, 512, 27, 'ac97', 'kept across upgrades', 2, ?, ?, ?)`,
    IDS.vm, IDS.group, AT, AT, IDS.user,
  );
  run("INSERT INTO vm_nics (vm_id, slot, type, attachment, network, mac) VALUES (?, 0, 'virtio', 'virtual', 7, '08:00:27:aa:bb:cc')", IDS.vm);
  run("INSERT INTO drives (id, name, vm_id, position, pool_id, size_bytes, created_at, created_by) VALUES (?, 'Win7-disk', ?, 0, ?, 1073741824, ?, ?)", IDS.drive, IDS.vm, IDS.pool, AT, IDS.user);
  run("INSERT INTO snapshots (id, drive_id, vm_id, created_at, comment) VALUES (?, ?, ?, ?, 'before update')", IDS.snapshot, IDS.drive, IDS.vm, AT);
  run("INSERT INTO vm_groups (id, name, comment, created_at, created_by) VALUES (?, 'course-1', '', ?, ?)", IDS.vmGroup, AT, IDS.user);
  run('INSERT INTO vm_group_members (vm_group_id, vm_id) VALUES (?, ?)', IDS.vmGroup, IDS.vm);
  for (const [type, id] of [['vm', IDS.vm], ['host_group', IDS.group], ['drive', IDS.drive], ['vm_group', IDS.vmGroup]]) {
    run('INSERT INTO grants (user_id, object_type, object_id, granted_at) VALUES (?, ?, ?, ?)', IDS.user, type, id, AT);
  }
  run("INSERT INTO settings (key, value) VALUES ('ntp', '[\"ntp.example.org\"]')");
  run("INSERT INTO command_log (id, type, actor_id, at, input_hash, payload, result) VALUES ('cmd-1', 'vm.create', ?, ?, 'hash', '{}', 'null')", IDS.user, AT);
}

/** Every table's rows, each reduced to the columns the older schema had. */
function rowsOf(db: Db, columnsByTable: Map<string, string[]>): Record<string, unknown[]> {
  return Object.fromEntries(
    [...columnsByTable].map(([table, columns]) => [table, db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY rowid`).all()]),
  );
}

/** Tables and their columns (name, type, not null, default, primary key), and the indexes. */
function schemaOf(db: Db): { tables: Record<string, unknown[]>; indexes: string[] } {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  return {
    tables: Object.fromEntries(names.map((n) => [n, (db.pragma(`table_info("${n}")`) as { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }[]).map((c) => [c.name, c.type, c.notnull, c.dflt_value, c.pk])])),
    indexes: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name),
  };
}

const columnsOf = (db: Db) =>
  new Map(Object.entries(schemaOf(db).tables).map(([table, columns]) => [table, (columns as unknown[][]).map((c) => String(c[0]))]));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'infinity-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('are numbered 1..N in order, so a prefix of the list is an older schema', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(older.length, 'there is an older schema to upgrade from').toBeGreaterThan(0);
  });

  for (const version of older) {
    it(`upgrade a database of schema ${version} with data to schema ${latest}, keeping its data and a .v${version}.bak copy`, async () => {
      const file = join(dir, 'infinity.db');
      const poolDir = join(dir, 'pool');
      mkdirSync(poolDir);
      const old = openDatabase(file, { migrations: migrations.slice(0, version) });
      expect(schemaVersion(old)).toBe(version);
      fill(old, await hashPassword('olga-password-1'), poolDir);
      const oldColumns = columnsOf(old);
      const before = rowsOf(old, oldColumns);
      old.close();

      const upgraded = openDatabase(file);
      expect(schemaVersion(upgraded)).toBe(latest);
      expect(rowsOf(upgraded, oldColumns)).toEqual(before);
      expect(upgraded.pragma('foreign_key_check')).toEqual([]);
      expect(upgraded.pragma('integrity_check', { simple: true })).toBe('ok');
      const fresh = openDatabase(join(dir, 'fresh.db'));
      expect(schemaOf(upgraded)).toEqual(schemaOf(fresh));
      fresh.close();
      upgraded.close();

      const bak = `${file}.v${version}.bak`;
      expect(existsSync(bak)).toBe(true);
      const copy = new Database(bak, { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(version);
      expect(rowsOf(copy, oldColumns)).toEqual(before);
      copy.close();

      // Opening the latest schema again changes nothing and makes no other copy.
      const again = openDatabase(file);
      expect(schemaVersion(again)).toBe(latest);
      again.close();
      expect(existsSync(`${file}.v${latest}.bak`)).toBe(false);

      // A server started on the upgraded database serves the old data to its owner.
      const core = await assembleCore({ dataDir: dir, serverName: 'old-server', address: '127.0.0.1' });
      const app = await buildApp({ db: core.db, commands: core.commands, logger: false });
      try {
        const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { user: 'olga', password: 'olga-password-1' } });
        expect(login.statusCode, login.body).toBe(200);
        const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
        const vms = await app.inject({ method: 'GET', url: '/api/v1/vms', headers });
        expect(vms.json()).toEqual([
          expect.objectContaining({ id: IDS.vm, name: 'Win7', ramMb: 512, vramMb: 27, audio: 'ac97', hostGroup: 'lab', comment: 'kept across upgrades', advanced: expect.objectContaining({ cpuCount: 2 }), nics: [expect.objectContaining({ attachment: 'virtual', network: 7, mac: '08:00:27:aa:bb:cc' })] }),
        ]);
        const groups = await app.inject({ method: 'GET', url: '/api/v1/host-groups', headers });
        expect((groups.json() as { name: string }[]).map((g) => g.name)).toEqual(['lab']);
      } finally {
        await app.close();
        core.db.close();
      }
    });
  }

  it('refuses a database newer than this build, naming the .bak copy', () => {
    const file = join(dir, 'newer.db');
    const db = new Database(file);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this Infinity build.*\.bak/);
  });
});
