import type { Actor } from '../access/policy.js';
import type { IscsiService } from '../iscsi/service.js';
import type { StorageService } from '../storage/service.js';
import type { Db } from '../store/db.js';
import type { ServerEffects } from './effect-kinds.js';
import type { EffectRunner, EffectTable } from './effects.js';
import type { LockKey } from './locks.js';

/**
 * A configuration write. `prepare` decides every value up front (ids, names, timestamps,
 * password hashes) so that `apply` is deterministic: given the same database state and
 * payload it makes the same change, on this server or, later, on every server that
 * replays the shared command stream. `apply` runs inside one SQLite transaction; it
 * validates against the current state and throws InfinityError to refuse.
 */
/** What commands with effects are built from (once, in the catalogue). */
export interface CommandDeps {
  storage: StorageService;
  iscsi: IscsiService;
}

export interface CommandContext {
  actor: Actor;
  at: string;
  newId(): string;
}

export interface Command<I, P, R, T extends EffectTable = ServerEffects> {
  type: string;
  /** Inputs that hold secrets are not fingerprinted for idempotency checks. */
  sensitive?: boolean;
  prepare(input: I, ctx: CommandContext): P | Promise<P>;
  /**
   * The objects a command with effects plans from and changes (its VMs, their drives, the
   * pools it takes space from). The bus holds their locks for the time of the effects and
   * the commit, and asks again once it holds them: if the answer grew meanwhile (a drive
   * was attached while it waited), it takes the larger set. Required with `effects`;
   * a command without effects declares them when it changes what such commands plan from.
   */
  locks?(db: Db, payload: P, actor: Actor): LockKey[];
  /**
   * Work outside SQLite, done before `apply` under the operation journal: every
   * `fx.run(kind, args)` is recorded first, and undone in reverse if anything after it
   * fails (or, after a crash, when the server starts again).
   */
  effects?(db: Db, payload: P, fx: EffectRunner<T>, meta: { actor: Actor; at: string }): Promise<void>;
  apply(db: Db, payload: P, meta: { actor: Actor; at: string }): R;
}

export function defineCommand<I, P, R, T extends EffectTable = ServerEffects>(command: Command<I, P, R, T>): Command<I, P, R, T> {
  if (command.effects && !command.locks) throw new Error(`command ${command.type} has effects but declares no locks`);
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
