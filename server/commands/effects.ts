import type { Db } from '../store/db.js';
import type { ServerEffects } from './effect-kinds.js';

/**
 * Effects are the parts of a command outside SQLite (a zvol, an iSCSI target). Each kind
 * is one entry of an effect table (the server's is `serverEffects` in effect-kinds.ts)
 * with how to do it and how to undo it; `undo` must be idempotent, because after a crash
 * the journal may name an effect that never finished.
 */
export interface EffectKind<A> {
  do(args: A): Promise<void>;
  undo(args: A): Promise<void>;
}

/**
 * Effect kinds by name; the compiler checks every `fx.run(kind, args)` against it. (Each
 * kind has its own argument type; `never` only bounds the table: methods are bivariant.)
 */
export type EffectTable = Record<string, EffectKind<never>>;

export type EffectArgs<T extends EffectTable, K extends keyof T> = T[K] extends EffectKind<infer A> ? A : never;

/** One effect as the journal records it: its kind and its arguments. */
export type JournalledEffect<T extends EffectTable = ServerEffects> = {
  [K in keyof T & string]: { kind: K; args: EffectArgs<T, K> };
}[keyof T & string];

/**
 * The journal is on disk until the commit (and after a crash), so it keeps no secret (a
 * CHAP secret in an export's arguments): in-process undo uses the arguments in memory,
 * and after a crash the effect's undo finds the secret where the database keeps it.
 */
function withoutSecrets(key: string, value: unknown): unknown {
  return key === 'secret' ? undefined : value;
}

/** What a command's `effects` step uses: each `run` is journalled, then done. */
export class EffectRunner<T extends EffectTable = ServerEffects> {
  private readonly done: JournalledEffect<T>[] = [];

  constructor(private readonly db: Db, private readonly table: T, private readonly journalId: string) {}

  async run<K extends keyof T & string>(kind: K, args: EffectArgs<T, K>): Promise<void> {
    this.done.push({ kind, args } as JournalledEffect<T>);
    this.db.prepare('UPDATE operation_journal SET effects = ? WHERE id = ?').run(JSON.stringify(this.done, withoutSecrets), this.journalId);
    await (this.table[kind] as EffectKind<EffectArgs<T, K>>).do(args);
  }

  /** Runs effects a plan decided earlier (kinds and arguments already paired). */
  async runAll(effects: readonly JournalledEffect<T>[]): Promise<void> {
    for (const effect of effects) await this.run(effect.kind, effect.args);
  }

  get effects(): readonly JournalledEffect<T>[] {
    return this.done;
  }
}

/**
 * Undoes journalled effects in reverse order; returns the failures (and keeps going).
 * The journal is read back from the database, so a kind this build does not know (a
 * journal left by another version) is a failure to report, not a crash.
 */
export async function undoEffects<T extends EffectTable>(
  table: T,
  effects: readonly JournalledEffect<T>[],
): Promise<{ effect: JournalledEffect<T>; error: unknown }[]> {
  const failures: { effect: JournalledEffect<T>; error: unknown }[] = [];
  for (const effect of [...effects].reverse()) {
    try {
      const kind = Object.hasOwn(table, effect.kind) ? table[effect.kind] : undefined;
      if (!kind) throw new Error(`effect kind "${effect.kind}" is unknown to this server version; undo it by hand`);
      await (kind as EffectKind<unknown>).undo(effect.args);
    } catch (error) {
      failures.push({ effect, error });
    }
  }
  return failures;
}
