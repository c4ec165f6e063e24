import type { MailSecurity } from '../../lib/catalog.js';
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

/** What the server keeps; the password is needed in clear to log in to the SMTP server. */
export interface MailSettings {
  host: string;
  port: number;
  security: MailSecurity;
  user: string;
  password: string;
  from: string;
  recipients: string[];
}

export const DEFAULT_NTP_SERVERS = ['pool.ntp.org'];

export function readMailSettings(db: Db): MailSettings | undefined {
  return getSetting<MailSettings>(db, 'mail');
}

export function readNtpServers(db: Db): { servers: string[]; isDefault: boolean } {
  const stored = getSetting<{ servers: string[] }>(db, 'ntp');
  return stored ? { servers: stored.servers, isDefault: false } : { servers: DEFAULT_NTP_SERVERS, isDefault: true };
}
