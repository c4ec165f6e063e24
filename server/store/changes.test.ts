import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChangeRecorder } from './changes.js';
import { openDatabase, type Db } from './db.js';

const AT = '2026-12-01T00:00:00.000Z';

let db: Db;
let recorder: ChangeRecorder;
/** Writes as a command does: the statements, then its command_log row, in one transaction; returns its seq. */
let command: (sql: string) => number;
beforeEach(() => {
  db = openDatabase(':memory:');
  db.exec(`
    INSERT INTO users (id, name, role, password_hash, created_at)
      VALUES ('u1', 'una', 'regular', 'x', '${AT}'), ('u2', 'ugo', 'restricted', 'x', '${AT}');
    INSERT INTO host_groups (id, name, type, created_at) VALUES ('g1', 'lab', 'distributed', '${AT}');
    INSERT INTO hosts (id, name, host_group_id, created_at) VALUES ('h1', 'pc-1', 'g1', '${AT}');
    INSERT INTO grants (user_id, object_type, object_id, granted_at) VALUES ('u1', 'host_group', 'g1', '${AT}');
  `);
  recorder = new ChangeRecorder(db);
  const log = db.prepare(
    "INSERT INTO command_log (id, type, at, input_hash, payload, result) VALUES (?, 'test', ?, '', '{}', 'null')",
  );
  command = db.transaction((sql: string) => {
    db.exec(sql);
    return Number(log.run(randomUUID(), AT).lastInsertRowid);
  });
});

describe('ChangeRecorder', () => {
  it('names the object of each row a command wrote and the objects it belongs to, once, under its seq', () => {
    const seq = command(`
      UPDATE hosts SET comment = 'by the window' WHERE id = 'h1';
      INSERT INTO settings (key, value) VALUES ('ntp', '{}')`);
    expect(recorder.take(seq)).toEqual({
      touched: [{ kind: 'host', id: 'h1' }, { kind: 'hostGroup', id: 'g1' }, { kind: 'settings', id: 'ntp' }],
      seenBy: [{ kind: 'host', id: 'h1', userId: 'u1' }],
    });
    expect(recorder.take(seq)).toEqual({ touched: [], seenBy: [] });
  });

  it('notes an upsert that updates (ON CONFLICT DO UPDATE overrides a trigger\'s OR IGNORE; it failed the command)', () => {
    command("INSERT INTO settings (key, value) VALUES ('ntp', '{}')");
    const upsert = "INSERT INTO settings (key, value) VALUES ('ntp', '{\"servers\":[]}') ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    const seq = command(`${upsert}; ${upsert}`);
    expect(recorder.take(seq).touched).toEqual([{ kind: 'settings', id: 'ntp' }]);
  });

  it('keeps the changes of two commands apart, whichever is taken first', () => {
    const first = command("UPDATE hosts SET comment = 'a' WHERE id = 'h1'");
    const second = command("INSERT INTO settings (key, value) VALUES ('mail', '{}')");
    expect(recorder.take(second).touched).toEqual([{ kind: 'settings', id: 'mail' }]);
    expect(recorder.take(first).touched).toEqual([{ kind: 'host', id: 'h1' }, { kind: 'hostGroup', id: 'g1' }]);
  });

  it('keeps who could see an object before a delete took it, and before a grant went', () => {
    const deleted = recorder.take(command("DELETE FROM hosts WHERE id = 'h1'"));
    expect(deleted.seenBy).toEqual([{ kind: 'host', id: 'h1', userId: 'u1' }]);
    recorder.take(command(`INSERT INTO hosts (id, name, host_group_id, created_at) 
      VALUES ('h2', 'pc-2', 'g1', '${AT}')`));
    const { touched, seenBy } = recorder.take(command("DELETE FROM grants WHERE user_id = 'u1'"));
    expect(touched).toEqual([
      { kind: 'grants', id: 'u1' }, { kind: 'hostGroup', id: 'g1' }, { kind: 'host', id: 'h2' },
    ]);
    expect(seenBy).toEqual([{ kind: 'hostGroup', id: 'g1', userId: 'u1' }, { kind: 'host', id: 'h2', userId: 'u1' }]);
  });

  it('notes the grants a deleted user loses through the cascade', () => {
    const { touched, seenBy } = recorder.take(command("DELETE FROM users WHERE id = 'u1'"));
    expect(touched).toEqual(expect.arrayContaining([
      { kind: 'user', id: 'u1' }, { kind: 'grants', id: 'u1' }, { kind: 'hostGroup', id: 'g1' },
    ]));
    expect(seenBy).toContainEqual({ kind: 'hostGroup', id: 'g1', userId: 'u1' });
  });

  it('forgets what a failed transaction wrote', () => {
    expect(() => command("UPDATE host_groups SET name = 'lab-2' WHERE id = 'g1'; SELECT no_such_function()")).toThrow();
    const next = command("INSERT INTO settings (key, value) VALUES ('ntp', '{}')");
    expect(recorder.take(next)).toEqual({ touched: [{ kind: 'settings', id: 'ntp' }], seenBy: [] });
  });

  it('starts afresh when a second recorder opens on the same connection', () => {
    db.exec("UPDATE hosts SET comment = 'x' WHERE id = 'h1'");
    new ChangeRecorder(db);
    const seq = command("INSERT INTO settings (key, value) VALUES ('ntp', '{}')");
    expect(recorder.take(seq).touched).toEqual([{ kind: 'settings', id: 'ntp' }]);
  });
});
