import { hashPassword } from '../access/passwords.js';
import type { Actor } from '../access/policy.js';
import { carrySecret, keepSecret } from '../store/secrets.js';
import { BUILTIN_ADMIN_ID, getUser, insertUser } from '../store/users.js';
import { defineCommand } from './command.js';

/** The server itself, as the actor of the commands it issues on its own. */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'system', role: 'admin' };

/** The manual's built-in account: "admin" / "admin", to be changed at first login. */
export const ensureBuiltinAdmin = defineCommand({
  type: 'user.ensureBuiltinAdmin',
  sensitive: true,
  async prepare(_input: undefined, ctx) {
    return { passwordHash: carrySecret(ctx.newId(), await hashPassword('admin')) };
  },
  apply(db, p, { at }) {
    if (getUser(db, BUILTIN_ADMIN_ID)) return { created: false };
    const passwordHash = keepSecret(db, p.passwordHash);
    const admin = { id: BUILTIN_ADMIN_ID, name: 'admin', role: 'admin' as const };
    insertUser(db, { ...admin, passwordHash, mustChangePassword: true, builtin: true, createdAt: at });
    return { created: true };
  },
});
