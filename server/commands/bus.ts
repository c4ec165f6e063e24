import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { InfinityError } from '../../lib/errors.js';
import type { Actor } from '../access/policy.js';
import type { Db } from '../store/db.js';
import type { Command, CommittedEvent } from './command.js';

export interface ExecuteOptions {
  /** The client's id for this command; repeating it returns the first result. */
  clientId?: string;
  now?: () => Date;
}

/**
 * Applies commands: one transaction per command that also appends it to `command_log`,
 * then publishes a CommittedEvent from the log entry. A repeated client id with the same
 * input returns the recorded result instead of applying twice.
 */
export class CommandBus {
  readonly events = new EventEmitter<{ committed: [CommittedEvent] }>();

  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {
    this.events.setMaxListeners(0);
  }

  async execute<I, P, R>(command: Command<I, P, R>, input: I, actor: Actor, options: ExecuteOptions = {}): Promise<R> {
    const id = options.clientId ?? randomUUID();
    const inputHash = fingerprint(command, input);
    const previous = this.recorded(id);
    if (previous) {
      if (previous.type !== command.type || previous.inputHash !== inputHash || previous.actorId !== actor.id) {
        throw new InfinityError(
          'INF_ERR_IDEMPOTENCY_MISMATCH',
          `Idempotency key "${id}" was already used for a different request; send a new key for a new request.`,
        );
      }
      return JSON.parse(previous.result) as R;
    }
    const at = (options.now ?? this.now)().toISOString();
    const payload = await command.prepare(input, { actor, at, newId: randomUUID });
    const insert = this.db.prepare(
      'INSERT INTO command_log (id, type, actor_id, at, input_hash, payload, result) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const { result, seq } = this.db.transaction(() => {
      const applied = command.apply(this.db, payload, { actor, at });
      const info = insert.run(id, command.type, actor.id, at, inputHash, JSON.stringify(payload), JSON.stringify(applied ?? null));
      return { result: applied, seq: Number(info.lastInsertRowid) };
    })();
    this.events.emit('committed', { seq, id, type: command.type, actorId: actor.id, at, result });
    return result;
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
