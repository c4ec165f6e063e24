import type { Db } from '../store/db.js';

/**
 * Effects are the parts of a command outside SQLite (a zvol, an iSCSI target). Each kind
 * is registered once with how to do it and how to undo it; `undo` must be idempotent,
 * because after a crash the journal may name an effect that never finished.
 */
export interface EffectKind<A = unknown> {
  do(args: A): Promise<void>;
  undo(args: A): Promise<void>;
}

export interface JournalledEffect {
  kind: string;
  args: unknown;
}

export class EffectRegistry {
  private readonly kinds = new Map<string, EffectKind<never>>();

  register<A>(kind: string, effect: EffectKind<A>): void {
    if (this.kinds.has(kind)) throw new Error(`effect kind ${kind} is registered twice`);
    this.kinds.set(kind, effect as EffectKind<never>);
  }

  has(kind: string): boolean {
    return this.kinds.has(kind);
  }

  get(kind: string): EffectKind<unknown> {
    const effect = this.kinds.get(kind);
    if (!effect) throw new Error(`effect kind ${kind} is not registered; register it where the server is assembled`);
    return effect as EffectKind<unknown>;
  }
}

/** What a command's `effects` step uses: each `run` is journalled, then done. */
export class EffectRunner {
  private readonly done: JournalledEffect[] = [];

  constructor(private readonly db: Db, private readonly registry: EffectRegistry, private readonly journalId: string) {}

  async run<A>(kind: string, args: A): Promise<void> {
    const effect = this.registry.get(kind);
    this.done.push({ kind, args });
    this.db.prepare('UPDATE operation_journal SET effects = ? WHERE id = ?').run(JSON.stringify(this.done), this.journalId);
    await effect.do(args as never);
  }

  get effects(): readonly JournalledEffect[] {
    return this.done;
  }
}

/** Undoes journalled effects in reverse order; returns the failures (and keeps going). */
export async function undoEffects(registry: EffectRegistry, effects: readonly JournalledEffect[]): Promise<{ effect: JournalledEffect; error: unknown }[]> {
  const failures: { effect: JournalledEffect; error: unknown }[] = [];
  for (const effect of [...effects].reverse()) {
    try {
      await registry.get(effect.kind).undo(effect.args as never);
    } catch (error) {
      failures.push({ effect, error });
    }
  }
  return failures;
}
