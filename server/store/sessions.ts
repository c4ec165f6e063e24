import type { Db } from './db.js';

/**
 * Login sessions are per-server runtime state, not configuration: they are written
 * directly here rather than through the command log, so they are never replicated.
 */
export interface SessionRow {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export function insertSession(db: Db, s: SessionRow): void {
  db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    s.tokenHash, s.userId, s.createdAt, s.expiresAt,
  );
}

export function getSession(db: Db, tokenHash: string): SessionRow | undefined {
  const r = db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as
    | { token_hash: string; user_id: string; created_at: string; expires_at: string }
    | undefined;
  return r && { tokenHash: r.token_hash, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at };
}

export function deleteSession(db: Db, tokenHash: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
}

export function deleteUserSessions(db: Db, userId: string, exceptTokenHash?: string): void {
  db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?').run(userId, exceptTokenHash ?? null);
}

export function deleteExpiredSessions(db: Db, now: string): void {
  db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
}
