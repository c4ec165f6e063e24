import type { GrantType } from '../../lib/catalog.js';
import type { Db } from './db.js';

export type { GrantType };

export interface GrantRow {
  userId: string;
  objectType: GrantType;
  objectId: string;
  grantedAt: string;
}

export function hasGrant(db: Db, userId: string, type: GrantType, objectId: string): boolean {
  return db.prepare('SELECT 1 FROM grants WHERE user_id = ? AND object_type = ? AND object_id = ?').get(userId, type, objectId) !== undefined;
}

export function addGrant(db: Db, g: GrantRow): void {
  db.prepare('INSERT OR IGNORE INTO grants (user_id, object_type, object_id, granted_at) VALUES (?, ?, ?, ?)').run(
    g.userId, g.objectType, g.objectId, g.grantedAt,
  );
}

export function removeGrant(db: Db, userId: string, type: GrantType, objectId: string): boolean {
  return db.prepare('DELETE FROM grants WHERE user_id = ? AND object_type = ? AND object_id = ?').run(userId, type, objectId).changes > 0;
}

export function removeObjectGrants(db: Db, type: GrantType, objectId: string): void {
  db.prepare('DELETE FROM grants WHERE object_type = ? AND object_id = ?').run(type, objectId);
}

export function grantHolders(db: Db, type: GrantType, objectId: string): string[] {
  return (db.prepare('SELECT user_id FROM grants WHERE object_type = ? AND object_id = ? ORDER BY user_id').all(type, objectId) as { user_id: string }[]).map(
    (r) => r.user_id,
  );
}

export function userGrants(db: Db, userId: string): GrantRow[] {
  return (
    db.prepare('SELECT * FROM grants WHERE user_id = ? ORDER BY object_type, object_id').all(userId) as {
      user_id: string; object_type: GrantType; object_id: string; granted_at: string;
    }[]
  ).map((r) => ({ userId: r.user_id, objectType: r.object_type, objectId: r.object_id, grantedAt: r.granted_at }));
}
