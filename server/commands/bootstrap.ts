import { hashPassword } from '../access/passwords.js';
import type { Actor } from '../access/policy.js';
import { BUILTIN_ADMIN_ID, getUser, insertUser } from '../store/users.js';
import { defineCommand } from './command.js';

/** The server itself, as the actor of the commands it issues on its own. */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'system', role: 'admin' };

/** The manual's built-in account: "admin" / "admin", to be changed at first login. */
export const ensureBuiltinAdmin = defineCommand({
  type: 'user.ensureBuiltinAdmin',
  sensitive: true,
  async prepare() {
    return { passwordHash: await hashPassword('admin') };
  },
  apply(db, p, { at }) {
    if (getUser(db, BUILTIN_ADMIN_ID)) return { created: false };
    insertUser(db, { id: BUILTIN_ADMIN_ID, name: 'admin', role: 'admin', passwordHash: p.passwordHash, mustChangePassword: true, builtin: true, createdAt: at });
    return { created: true };
  },
});
