import type { Db } from './db.js';

/** Server-wide settings: one JSON document per key in the `settings` table. */
export type SettingKey = 'mail' | 'ntp';

export function getSetting<T>(db: Db, key: SettingKey): T | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row && (JSON.parse(row.value) as T);
}

export function putSetting(db: Db, key: SettingKey, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export function deleteSetting(db: Db, key: SettingKey): boolean {
  return db.prepare('DELETE FROM settings WHERE key = ?').run(key).changes > 0;
}
