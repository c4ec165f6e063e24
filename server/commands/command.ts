import type { Actor } from '../access/policy.js';
import type { Db } from '../store/db.js';
import type { EffectRunner } from './effects.js';

/**
 * A configuration write. `prepare` decides every value up front (ids, names, timestamps,
 * password hashes) so that `apply` is deterministic: given the same database state and
 * payload it makes the same change, on this server or, later, on every server that
 * replays the shared command stream. `apply` runs inside one SQLite transaction; it
 * validates against the current state and throws InfinityError to refuse.
 */
export interface CommandContext {
  actor: Actor;
  at: string;
  newId(): string;
}

export interface Command<I, P, R> {
  type: string;
  /** Inputs that hold secrets are not fingerprinted for idempotency checks. */
  sensitive?: boolean;
  prepare(input: I, ctx: CommandContext): P | Promise<P>;
  /**
   * Work outside SQLite, done before `apply` under the operation journal: every
   * `fx.run(kind, args)` is recorded first, and undone in reverse if anything after it
   * fails (or, after a crash, when the server starts again).
   */
  effects?(db: Db, payload: P, fx: EffectRunner, meta: { actor: Actor; at: string }): Promise<void>;
  apply(db: Db, payload: P, meta: { actor: Actor; at: string }): R;
}

export function defineCommand<I, P, R>(command: Command<I, P, R>): Command<I, P, R> {
  return command;
}

/** What a live console hears after a command commits. */
export interface CommittedEvent {
  seq: number;
  id: string;
  type: string;
  actorId: string;
  at: string;
  result: unknown;
}
