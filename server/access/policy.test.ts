import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/db.js';
import { addGrant } from '../store/grants.js';
import { deleteOutcome, requireChange, visibilityOf, type Actor } from './policy.js';

const admin: Actor = { id: 'a', name: 'andy', role: 'admin' };
const rita: Actor = { id: 'r', name: 'rita', role: 'regular' };
const mike: Actor = { id: 'm', name: 'mike', role: 'regular' };
const rob: Actor = { id: 'x', name: 'rob', role: 'restricted' };

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
  for (const u of [admin, rita, mike, rob]) {
    db.prepare("INSERT INTO users (id, name, role, password_hash, created_at) VALUES (?, ?, ?, 'x', 'now')").run(u.id, u.name, u.role);
  }
});
afterEach(() => db.close());

const grant = (user: Actor, id = 'vm-1') => addGrant(db, { userId: user.id, objectType: 'vm', objectId: id, grantedAt: 'now' });

describe('deleteOutcome (manual, "User Accounts")', () => {
  it("an administrator's delete deletes, whoever holds grants", () => {
    grant(rita);
    expect(deleteOutcome(db, admin, 'vm', 'vm-1', 'VM')).toBe('delete');
  });

  it("a regular user's delete only unassigns while someone else has access", () => {
    grant(rita);
    grant(mike);
    expect(deleteOutcome(db, rita, 'vm', 'vm-1', 'VM')).toBe('unassign');
  });

  it("the last regular user's delete deletes", () => {
    grant(rita);
    expect(deleteOutcome(db, rita, 'vm', 'vm-1', 'VM')).toBe('delete');
  });

  it('a user without access gets not-found, a restricted user forbidden', () => {
    grant(rob);
    expect(() => deleteOutcome(db, mike, 'vm', 'vm-1', 'VM')).toThrow(expect.objectContaining({ code: 'INF_ERR_NOT_FOUND' }));
    expect(() => deleteOutcome(db, rob, 'vm', 'vm-1', 'VM')).toThrow(expect.objectContaining({ code: 'INF_ERR_FORBIDDEN' }));
  });
});

describe('requireChange and visibility', () => {
  it('restricted users can see what is assigned but not change it', () => {
    grant(rob);
    expect(() => requireChange(db, rob, 'vm', 'vm-1', 'VM', 'change it')).toThrow(expect.objectContaining({ code: 'INF_ERR_FORBIDDEN' }));
    expect(() => requireChange(db, rita, 'vm', 'vm-1', 'VM', 'change it')).toThrow(expect.objectContaining({ code: 'INF_ERR_NOT_FOUND' }));
    grant(rita);
    expect(() => requireChange(db, rita, 'vm', 'vm-1', 'VM', 'change it')).not.toThrow();
  });

  it('administrators list without a filter, others through their grants', () => {
    expect(visibilityOf(admin)).toBeUndefined();
    expect(visibilityOf(rita)).toBe('r');
  });
});
