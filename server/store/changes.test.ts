import { beforeEach, describe, expect, it } from 'vitest';
import { ChangeRecorder } from './changes.js';
import { openDatabase, type Db } from './db.js';

const AT = '2026-12-01T00:00:00.000Z';

let db: Db;
let recorder: ChangeRecorder;
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
});

describe('ChangeRecorder', () => {
  it('starts with nothing noted, and names the object of each written row and the objects it belongs to', () => {
    expect(recorder.take()).toEqual({ touched: [], seenBy: [] });
    db.exec("UPDATE hosts SET comment = 'by the window' WHERE id = 'h1'");
    db.exec("INSERT INTO settings (key, value) VALUES ('ntp', '{}')");
    expect(recorder.take()).toEqual({
      touched: [{ kind: 'host', id: 'h1' }, { kind: 'hostGroup', id: 'g1' }, { kind: 'settings', id: 'ntp' }],
      seenBy: [{ kind: 'host', id: 'h1', userId: 'u1' }],
    });
    expect(recorder.take()).toEqual({ touched: [], seenBy: [] });
  });

  it('keeps who could see an object before a delete took it, and before a grant went', () => {
    db.exec("DELETE FROM hosts WHERE id = 'h1'");
    expect(recorder.take().seenBy).toEqual([{ kind: 'host', id: 'h1', userId: 'u1' }]);
    db.exec("INSERT INTO hosts (id, name, host_group_id, created_at) VALUES ('h2', 'pc-2', 'g1', '${AT}')");
    recorder.take();
    db.exec("DELETE FROM grants WHERE user_id = 'u1'");
    const { touched, seenBy } = recorder.take();
    expect(touched).toEqual([
      { kind: 'grants', id: 'u1' }, { kind: 'hostGroup', id: 'g1' }, { kind: 'host', id: 'h2' },
    ]);
    expect(seenBy).toEqual([{ kind: 'hostGroup', id: 'g1', userId: 'u1' }, { kind: 'host', id: 'h2', userId: 'u1' }]);
  });

  it('notes the grants a deleted user loses through the cascade', () => {
    db.exec("DELETE FROM users WHERE id = 'u1'");
    const { touched, seenBy } = recorder.take();
    expect(touched).toEqual(expect.arrayContaining([
      { kind: 'user', id: 'u1' }, { kind: 'grants', id: 'u1' }, { kind: 'hostGroup', id: 'g1' },
    ]));
    expect(seenBy).toContainEqual({ kind: 'hostGroup', id: 'g1', userId: 'u1' });
  });

  it('forgets what a failed transaction wrote', () => {
    const failing = db.transaction(() => {
      db.exec("UPDATE host_groups SET name = 'lab-2' WHERE id = 'g1'");
      throw new Error('refused');
    });
    expect(() => failing()).toThrow('refused');
    expect(recorder.take()).toEqual({ touched: [], seenBy: [] });
  });

  it('starts afresh when a second recorder opens on the same connection', () => {
    db.exec("UPDATE hosts SET comment = 'x' WHERE id = 'h1'");
    expect(new ChangeRecorder(db).take()).toEqual({ touched: [], seenBy: [] });
  });
});
