import { InfinityError } from '../../lib/errors.js';
import type { Db } from './db.js';

/** What `command_log` keeps of a secret a command carries: a reference into `command_secrets`. */
export interface SecretRef {
  readonly ref: string;
}

/**
 * A secret (a password hash, a CHAP secret) as a command's payload carries it. The value is
 * there in memory for the command's own effects and apply; its JSON, which is what
 * `command_log` records, is the reference alone. Applying the command stores the value
 * under that reference in the same transaction that logs the command, so a replay of the
 * log, which sees only `{ ref }`, reads the value back from `command_secrets`.
 */
class Secret implements SecretRef {
  constructor(readonly ref: string, readonly value: string) {}

  toJSON(): SecretRef {
    return { ref: this.ref };
  }
}

/** A payload's secret: `ref` is the command's own (a new id from its context), `value` the secret. */
export function carrySecret(ref: string, value: string): SecretRef {
  return new Secret(ref, value);
}

/**
 * The value behind a payload's secret, kept in `command_secrets` when this is the
 * command's first apply (a Secret), read back from there on a replay (a bare reference).
 */
export function keepSecret(db: Db, secret: SecretRef): string {
  if (secret instanceof Secret) {
    db.prepare('INSERT INTO command_secrets (ref, value) VALUES (?, ?) ON CONFLICT (ref) DO NOTHING')
      .run(secret.ref, secret.value);
  }
  return readSecret(db, secret);
}

/** The value behind a reference (a Secret carries its own). */
export function readSecret(db: Db, secret: SecretRef): string {
  if (secret instanceof Secret) return secret.value;
  const row = db.prepare('SELECT value FROM command_secrets WHERE ref = ?').get(secret.ref) as
    | { value: string }
    | undefined;
  if (!row) {
    throw new InfinityError(
      'INF_ERR_INTERNAL',
      `The command log refers to secret ${secret.ref}, which the database does not hold; restore the database from its copy.`,
    );
  }
  return row.value;
}
