import type { Db } from '../store/db.js';
import { BUILTIN_ADMIN_ID, getUser } from '../store/users.js';
import { verifyPassword } from './passwords.js';

/**
 * Whether the first-login steps ("admin" / "admin", then change it) still apply: the built-in
 * admin has not chosen its own password yet. The password is checked too, because an
 * administrator who sets the admin's password also marks it to be changed, and then the
 * steps would name a password that no longer works. Public pages ask on every load and
 * scrypt is slow on purpose, so the answer is kept for the hash it was found for: a new
 * password is a new hash.
 */
export class FirstLogin {
  private checked: { hash: string; pending: boolean } | undefined;

  constructor(private readonly db: Db) {}

  async pending(): Promise<boolean> {
    const admin = getUser(this.db, BUILTIN_ADMIN_ID);
    if (!admin?.mustChangePassword) return false;
    if (this.checked?.hash !== admin.passwordHash) {
      this.checked = { hash: admin.passwordHash, pending: await verifyPassword('admin', admin.passwordHash) };
    }
    return this.checked.pending;
  }
}
