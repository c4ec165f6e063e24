import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/commands/bootstrap.js';
import { buildCommandLayer } from '../../server/commands/layer.js';
import { createUser, setUserPassword } from '../../server/commands/users.js';
import { openDatabase, type Db } from '../../server/store/db.js';
import { migrations } from '../../server/store/migrations/index.js';
import { readSecret, type SecretRef } from '../../server/store/secrets.js';
import { getUser } from '../../server/store/users.js';

/**
 * A command carries a reference to its secret; the secret lives in `command_secrets`.
 * Rows an older build logged with the secret itself are rewritten by migration 005, and a
 * replay of the log (applying each payload as `command_log` holds it) still sets the same
 * password hashes.
 */
const AT = '2026-01-02T03:04:05.000Z';
const USER = 'u-olga';
const meta = { actor: SYSTEM_ACTOR, at: AT };

type Row = { id: string; type: string; payload: string; result: string };
const logged = (db: Db) => db.prepare('SELECT id, type, payload, result FROM command_log ORDER BY seq').all() as Row[];
const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

/** Applies every logged user command to a fresh database that has only the secrets table's rows. */
function replay(from: Db): Db {
  const to = openDatabase(':memory:');
  const insert = to.prepare('INSERT INTO command_secrets (ref, value) VALUES (?, ?)');
  const secrets = from.prepare('SELECT ref, value FROM command_secrets').all() as { ref: string; value: string }[];
  for (const s of secrets) insert.run(s.ref, s.value);
  const commands = { [createUser.type]: createUser, [setUserPassword.type]: setUserPassword } as const;
  for (const row of logged(from)) {
    const command = commands[row.type as keyof typeof commands];
    if (command) to.transaction(() => command.apply(to, json(row.payload) as never, meta))();
  }
  return to;
}

describe('secrets in the command log', () => {
  it('migration 005 moves the secrets of rows logged before it into command_secrets, leaving references', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infinity-secrets-'));
    try {
      const file = join(dir, 'infinity.db');
      const old = openDatabase(file, { migrations: migrations.slice(0, 4) });
      const log = old.prepare(
        `INSERT INTO command_log (id, type, actor_id, at, input_hash, payload, result)
         VALUES (?, ?, 'system', ?, 'h', ?, ?)`,
      );
      const row = (id: string, type: string, payload: unknown, result: unknown) =>
        log.run(id, type, AT, JSON.stringify(payload), JSON.stringify(result));
      const user = { id: USER, name: 'olga', role: 'regular' };
      const exported = { driveId: 'd-1', chapUser: 'inf-d-1' };
      row('c-0', 'user.ensureBuiltinAdmin', { passwordHash: '$scrypt$h0' }, { created: true });
      row('c-1', 'user.create', { ...user, passwordHash: '$scrypt$h1' }, { id: USER });
      const given = 'given-secret-1';
      const target = { drive: 'd-1', initiator: 'iqn.x' };
      const setPassword = { id: USER, passwordHash: '$scrypt$h2', mustChange: true, keepSession: null };
      row('c-2', 'user.setPassword', setPassword, { id: USER });
      row('c-3', 'drive.export', { ...target, chapSecret: given, secret: given }, { ...exported, chapSecret: given });
      const noChap = { driveId: 'd-1', chapUser: null, chapSecret: null };
      row('c-4', 'drive.export', { ...target, noChap: true, secret: null }, noChap);
      row('c-5', 'vm.create', { name: 'Win7' }, null);
      const mail = { host: 'smtp.example.com', user: 'infinity', from: 'i@example.com', recipients: [] };
      row('c-6', 'settings.setMail', { ...mail, password: 'smtp-password-1' }, { ok: true });
      row('c-7', 'settings.setMail', { ...mail, password: null }, { ok: true });
      const before = logged(old);
      old.close();

      const db = openDatabase(file);
      const after = logged(db);
      const text = JSON.stringify(after);
      const secrets = ['$scrypt$h0', '$scrypt$h1', '$scrypt$h2', given, 'smtp-password-1'];
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(after.map((r) => json(r.payload))).toEqual([
        { passwordHash: { ref: 'c-0:passwordHash' } },
        { ...user, passwordHash: { ref: 'c-1:passwordHash' } },
        { id: USER, passwordHash: { ref: 'c-2:passwordHash' }, mustChange: true, keepSession: null },
        { ...target, secret: { ref: 'c-3:secret' } },
        { ...target, noChap: true, secret: null },
        { name: 'Win7' },
        { ...mail, password: { ref: 'c-6:password' } },
        { ...mail, password: null },
      ]);
      expect(json(after[3]!.result)).toEqual({ ...exported, chapSecret: { ref: 'c-3:secret' } });
      expect([after[4], after[5], after[7]]).toEqual([before[4], before[5], before[7]]);
      expect(db.prepare('SELECT ref, value FROM command_secrets ORDER BY ref').all()).toEqual([
        { ref: 'c-0:passwordHash', value: '$scrypt$h0' },
        { ref: 'c-1:passwordHash', value: '$scrypt$h1' },
        { ref: 'c-2:passwordHash', value: '$scrypt$h2' },
        { ref: 'c-3:secret', value: given },
        { ref: 'c-6:password', value: 'smtp-password-1' },
      ]);
      // A replay of the rewritten rows sets the hash the old row held.
      expect(getUser(replay(db), USER)!.passwordHash).toBe('$scrypt$h2');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('new commands log references, and a replay of the log sets the same password hashes', async () => {
    const db = openDatabase(':memory:');
    const commands = buildCommandLayer(db);
    const input = { name: 'olga', password: 'first-password-1', role: 'regular' as const };
    const { id } = await commands.execute('user.create', input, SYSTEM_ACTOR);
    await commands.execute('user.setPassword', { id, password: 'second-password-2' }, SYSTEM_ACTOR);
    const hash = getUser(db, id)!.passwordHash;
    const rows = logged(db).filter((r) => r.type.startsWith('user.'));
    const refs = rows.map((r) => json(r.payload).passwordHash);
    expect(refs).toEqual([{ ref: expect.any(String) }, { ref: expect.any(String) }]);
    expect(JSON.stringify(rows)).not.toContain(hash);
    expect(readSecret(db, json(rows[1]!.payload).passwordHash as SecretRef)).toBe(hash);

    const again = replay(db);
    expect(getUser(again, id)!.passwordHash).toBe(hash);
  });
});
