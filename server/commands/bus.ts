import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { InfinityError } from '../../lib/errors.js';
import type { Actor } from '../access/policy.js';
import type { Db } from '../store/db.js';
import type { Command, CommittedEvent } from './command.js';
import type { ServerEffects } from './effect-kinds.js';
import { EffectRunner, undoEffects, type EffectTable, type JournalledEffect } from './effects.js';
import { ObjectLocks, type LockKey } from './locks.js';

export interface ExecuteOptions {
  /** The client's id for this command; repeating it returns the first result. */
  clientId?: string;
}

export interface BusOptions<T extends EffectTable> {
  now?: () => Date;
  /** The effect kinds commands may run (the server's are `serverEffects`). */
  effects: T;
  /** Told about effects that could not be undone (the reconcile step reports them too). */
  onUndoFailure?: (commandId: string, effect: JournalledEffect<T>, error: unknown) => void;
}

export interface RecoveredOperation<T extends EffectTable = ServerEffects> {
  id: string;
  type: string;
  /** What the command had done, in order, each now undone (or failed): the log names the volumes and targets. */
  effects: JournalledEffect<T>[];
  undone: number;
  failed: number;
}

/**
 * Applies commands: effects first under the operation journal (undone in reverse on
 * failure), then one transaction that applies the change, appends the command to
 * `command_log` and clears its journal row; then a CommittedEvent is published from the
 * log entry. A repeated client id with the same input returns the recorded result.
 */
export class CommandBus<T extends EffectTable = ServerEffects> {
  readonly events = new EventEmitter<{ committed: [CommittedEvent] }>();
  readonly locks = new ObjectLocks();
  private readonly effects: T;
  private readonly now: () => Date;
  private readonly onUndoFailure: NonNullable<BusOptions<T>['onUndoFailure']>;

  constructor(private readonly db: Db, options: BusOptions<T>) {
    this.events.setMaxListeners(0);
    this.now = options.now ?? (() => new Date());
    this.effects = options.effects;
    this.onUndoFailure = options.onUndoFailure ?? (() => undefined);
  }

  /**
   * Commands without effects are one synchronous transaction each; they take locks only
   * when they change what a command with effects plans from (a drive leaving its VM). A
   * command with effects first takes the locks of the objects it names (`locks`): it
   * plans its storage and iSCSI work from the committed state, so two clones of one VM
   * at once must not both plan against the state before either (they would share names
   * and write the same pool files), while a snapshot of another VM goes ahead.
   */
  async execute<I, P, R>(command: Command<I, P, R, T>, input: I, actor: Actor, options: ExecuteOptions = {}): Promise<R> {
    const id = options.clientId ?? randomUUID();
    const inputHash = fingerprint(command, input);
    const previous = this.replay<R>(id, command.type, inputHash, actor);
    if (previous) return previous.result;
    const at = this.now().toISOString();
    const meta = { actor, at };
    const payload = await command.prepare(input, { actor, at, newId: randomUUID });
    const insert = this.db.prepare(
      'INSERT INTO command_log (id, type, actor_id, at, input_hash, payload, result) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const commit = this.db.transaction(() => {
      const applied = command.apply(this.db, payload, meta);
      const info = insert.run(id, command.type, actor.id, at, inputHash, JSON.stringify(payload), JSON.stringify(applied ?? null));
      this.db.prepare('DELETE FROM operation_journal WHERE id = ?').run(id);
      return { result: applied, seq: Number(info.lastInsertRowid) };
    });
    let committed: { result: R; seq: number };
    if (command.locks) {
      const release = await this.lock(command.locks, payload, actor);
      try {
        // The same key sent twice at once: the second waited for the first's locks.
        const repeated = this.replay<R>(id, command.type, inputHash, actor);
        if (repeated) return repeated.result;
        committed = command.effects ? await this.withEffects(id, command, payload, meta, commit) : commit();
      } finally {
        release();
      }
    } else {
      committed = commit();
    }
    this.events.emit('committed', { seq: committed.seq, id, type: command.type, actorId: actor.id, at, result: committed.result });
    return committed.result;
  }

  /** Effects under the operation journal, then the commit; on any failure the effects done so far are undone. */
  private async withEffects<P, C>(
    id: string,
    command: Command<unknown, P, unknown, T>,
    payload: P,
    meta: { actor: Actor; at: string },
    commit: () => C,
  ): Promise<C> {
    this.openJournal(id, command.type, meta.actor.id, meta.at);
    const fx = new EffectRunner(this.db, this.effects, id);
    try {
      await command.effects!(this.db, payload, fx, meta);
      return commit();
    } catch (error) {
      await this.rollBack(id, fx.effects);
      throw error;
    }
  }

  /** Holds the command's locks; asks again once held, and widens them if the state moved while it waited. */
  private async lock<P>(locks: (db: Db, payload: P, actor: Actor) => LockKey[], payload: P, actor: Actor): Promise<() => void> {
    let keys = locks(this.db, payload, actor);
    for (;;) {
      const release = await this.locks.acquire(keys);
      let wanted: typeof keys;
      try {
        wanted = locks(this.db, payload, actor);
      } catch (error) {
        release();
        throw error;
      }
      if (wanted.every((key) => keys.includes(key))) return release;
      release();
      keys = [...new Set([...keys, ...wanted])];
    }
  }

  /** The recorded result of a command this client id already ran, or a refusal if it was another request. */
  private replay<R>(id: string, type: string, inputHash: string, actor: Actor): { result: R } | undefined {
    const previous = this.recorded(id);
    if (!previous) return undefined;
    if (previous.type !== type || previous.inputHash !== inputHash || previous.actorId !== actor.id) {
      throw new InfinityError(
        'INF_ERR_IDEMPOTENCY_MISMATCH',
        `Idempotency key "${id}" was already used for a different request; send a new key for a new request.`,
      );
    }
    return { result: JSON.parse(previous.result) as R };
  }

  /**
   * Undoes what interrupted commands left behind (the server stopped between an effect
   * and the commit). Run at start, before serving.
   */
  async recover(): Promise<RecoveredOperation<T>[]> {
    const rows = this.db.prepare('SELECT id, type, effects FROM operation_journal ORDER BY started_at').all() as { id: string; type: string; effects: string }[];
    const recovered: RecoveredOperation<T>[] = [];
    for (const row of rows) {
      const effects = JSON.parse(row.effects) as JournalledEffect<T>[];
      const failed = await this.rollBack(row.id, effects);
      recovered.push({ id: row.id, type: row.type, effects, undone: effects.length - failed, failed });
    }
    return recovered;
  }

  private openJournal(id: string, type: string, actorId: string, at: string): void {
    const stale = this.db.prepare('SELECT 1 FROM operation_journal WHERE id = ?').get(id);
    if (stale) {
      throw new InfinityError(
        'INF_ERR_CONFLICT',
        `An earlier attempt of command "${id}" could not be fully undone; the server retries that at its next start. Send a new Idempotency-Key to try again now.`,
      );
    }
    this.db.prepare('INSERT INTO operation_journal (id, type, actor_id, started_at) VALUES (?, ?, ?, ?)').run(id, type, actorId, at);
  }

  /** Undoes effects in reverse; the journal row stays while any undo failed, for the next start. */
  private async rollBack(id: string, effects: readonly JournalledEffect<T>[]): Promise<number> {
    const failures = await undoEffects(this.effects, effects);
    for (const { effect, error } of failures) this.onUndoFailure(id, effect, error);
    if (failures.length === 0) this.db.prepare('DELETE FROM operation_journal WHERE id = ?').run(id);
    return failures.length;
  }

  private recorded(id: string): { type: string; inputHash: string; actorId: string; result: string } | undefined {
    const row = this.db.prepare('SELECT type, input_hash, actor_id, result FROM command_log WHERE id = ?').get(id) as
      | { type: string; input_hash: string; actor_id: string; result: string }
      | undefined;
    return row && { type: row.type, inputHash: row.input_hash, actorId: row.actor_id, result: row.result };
  }
}

function fingerprint(command: { type: string; sensitive?: boolean }, input: unknown): string {
  const material = command.sensitive ? command.type : `${command.type}\n${JSON.stringify(input)}`;
  return createHash('sha256').update(material).digest('hex');
}
