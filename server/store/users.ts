import type { Role } from '../../lib/catalog.js';
import type { Db } from './db.js';
import { normalName } from '../../lib/names.js';

export interface UserRow {
  id: string;
  name: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  builtin: boolean;
  createdAt: string;
}

interface RawUser {
  id: string;
  name: string;
  role: Role;
  password_hash: string;
  must_change_password: number;
  builtin: number;
  created_at: string;
}

const toUser = (r: RawUser): UserRow => ({
  id: r.id,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  mustChangePassword: r.must_change_password === 1,
  builtin: r.builtin === 1,
  createdAt: r.created_at,
});

export const BUILTIN_ADMIN_ID = '00000000-0000-4000-8000-000000000001';

export function getUser(db: Db, id: string): UserRow | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as RawUser | undefined;
  return row && toUser(row);
}

export function getUserByName(db: Db, name: string): UserRow | undefined {
  const row = db.prepare('SELECT * FROM users WHERE name = ?').get(normalName(name)) as RawUser | undefined;
  return row && toUser(row);
}

export function listUsers(db: Db): UserRow[] {
  return (db.prepare('SELECT * FROM users ORDER BY name').all() as RawUser[]).map(toUser);
}

export function insertUser(db: Db, u: UserRow): void {
  db.prepare(
    `INSERT INTO users (id, name, role, password_hash, must_change_password, builtin, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(u.id, u.name, u.role, u.passwordHash, u.mustChangePassword ? 1 : 0, u.builtin ? 1 : 0, u.createdAt);
}

export function updateUser(db: Db, id: string, patch: { name?: string; role?: Role }): void {
  if (patch.name !== undefined) db.prepare('UPDATE users SET name = ? WHERE id = ?').run(patch.name, id);
  if (patch.role !== undefined) db.prepare('UPDATE users SET role = ? WHERE id = ?').run(patch.role, id);
}

export function setPassword(db: Db, id: string, hash: string, mustChange: boolean): void {
  db.prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?').run(hash, mustChange ? 1 : 0, id);
}

export function deleteUser(db: Db, id: string): void {
  db.prepare('DELETE FROM users WHERE id = ?').run(id);
}

export function countAdmins(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").get() as { n: number }).n;
}
