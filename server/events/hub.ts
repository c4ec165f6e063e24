import { InfinityError } from '../../lib/errors.js';
import type { ObjectsEvent } from '../../lib/protocol/events.js';
import type { Actor } from '../access/policy.js';
import type { CommandBus } from '../commands/bus.js';
import { ChangeRecorder, type ObjectRef } from '../store/changes.js';
import type { Db } from '../store/db.js';
import { getSession } from '../store/sessions.js';
import { getUser } from '../store/users.js';
import { audienceOf, hears, widen, type Audience } from './audience.js';

/**
 * One event on the hub: objects that changed, each with who may hear about it.
 * Configuration events come from the applied command log and carry its `seq` (the event
 * id a stream resumes from); status events, which observers will publish, carry none and
 * are not replayed (a reconnecting client reads current status through the routes). An
 * observer publishes one with `publish`, each object's audience from `audienceOf`.
 */
/** Kinds of object every user sees: their events alone say nothing about anyone's own objects. */
const SHARED_KINDS = new Set<string>(['pool', 'server']);

export interface HubEvent {
  source: ObjectsEvent['source'];
  seq: number | null;
  type: string;
  at: string;
  objects: { ref: ObjectRef; audience: Audience }[];
}

/** One open stream: its caller, the token it was opened with, and how to reach it. */
export interface Subscriber {
  actor: Actor;
  tokenHash: string;
  /** An event with the objects of it this caller may see (at least one, or an administrator). */
  deliver(event: HubEvent, objects: ObjectRef[]): void;
  /** The stream must end: the token was revoked or expired, or the user deleted or their role changed. */
  end(reason: InfinityError): void;
}

export interface HubOptions {
  /** Configuration events kept for resuming streams. */
  replayLimit?: number;
  streamsPerUser?: number;
  now?: () => Date;
}

/** setTimeout's longest wait; a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The event hub: every committed command becomes one configuration event naming the
 * objects its transaction wrote (told by `ChangeRecorder`), each with its audience
 * decided at that moment: who may see the object now, and who could see it just before
 * the write (so a deleted VM, or a revoked grant, still reaches whoever had it on
 * screen). Streams subscribe here; each is checked against its session after every
 * command and whenever a token is revoked, and at its session's expiry.
 */
export class EventHub {
  private readonly subscribers = new Map<Subscriber, NodeJS.Timeout>();
  private readonly recent: HubEvent[] = [];
  private readonly recorder: ChangeRecorder;
  private readonly replayLimit: number;
  private readonly streamsPerUser: number;
  private readonly now: () => Date;
  /** Every configuration event after this seq is in `recent`. */
  private floor: number;
  private latest: number;
  private readonly onCommitted = () => this.committed();

  constructor(private readonly db: Db, private readonly bus: CommandBus, options: HubOptions = {}) {
    this.replayLimit = options.replayLimit ?? 1000;
    this.streamsPerUser = options.streamsPerUser ?? 8;
    this.now = options.now ?? (() => new Date());
    this.recorder = new ChangeRecorder(db);
    const last = db.prepare('SELECT MAX(seq) AS seq FROM command_log').get() as { seq: number | null };
    this.floor = this.latest = last.seq ?? 0;
    bus.events.on('committed', this.onCommitted);
  }

  close(): void {
    this.bus.events.off('committed', this.onCommitted);
    for (const timer of this.subscribers.values()) clearTimeout(timer);
    this.subscribers.clear();
  }

  /** Sends an event to every stream whose caller may hear about one of its objects (administrators hear all). */
  publish(event: HubEvent): void {
    if (event.seq !== null) {
      this.latest = event.seq;
      this.recent.push(event);
      if (this.recent.length > this.replayLimit) this.floor = this.recent.shift()!.seq!;
    }
    for (const subscriber of this.subscribers.keys()) {
      const objects = this.visible(subscriber.actor, event);
      if (objects) subscriber.deliver(event, objects);
    }
  }

  /** The objects of an event the actor may hear about, or undefined when none (and not an administrator). */
  visible(actor: Actor, event: HubEvent): ObjectRef[] | undefined {
    const objects = event.objects.filter((o) => hears(actor, o.audience)).map((o) => o.ref);
    return objects.length > 0 || actor.role === 'admin' ? objects : undefined;
  }

  /**
   * The event's type as this caller may hear it. A caller who sees only objects everyone
   * sees (a pool, a server) of an event about others' objects learns that the pool
   * changed, not what someone else did there ("vm.create" would tell it).
   */
  typeFor(actor: Actor, event: HubEvent, objects: readonly ObjectRef[]): string {
    const shared = objects.every((o) => SHARED_KINDS.has(o.kind));
    const hidden = event.objects.some((o) => !hears(actor, o.audience));
    return shared && hidden ? 'changed' : event.type;
  }

  /**
   * The configuration events after `seq`, for a stream that resumes; undefined when they
   * cannot all be told (older than the events kept, which start when the server does,
   * or newer than the log: a database restored from a copy).
   */
  since(seq: number): HubEvent[] | undefined {
    if (seq < this.floor || seq > this.latest) return undefined;
    return this.recent.filter((e) => e.seq! > seq);
  }

  /** Adds a stream; refused when its user already has as many open as allowed. */
  subscribe(subscriber: Subscriber): () => void {
    const open = [...this.subscribers.keys()].filter((s) => s.actor.id === subscriber.actor.id).length;
    if (open >= this.streamsPerUser) {
      throw new InfinityError(
        'INF_ERR_RATE_LIMITED',
        `${subscriber.actor.name} already has ${open} live-update streams open (consoles in other tabs or windows, ` +
          'or other clients); close one, then try again.',
      );
    }
    this.subscribers.set(subscriber, this.expiryTimer(subscriber));
    return () => {
      clearTimeout(this.subscribers.get(subscriber));
      this.subscribers.delete(subscriber);
    };
  }

  /** A token was revoked outside a command (logout): its streams end now. */
  revoked(): void {
    this.checkSessions();
  }

  /**
   * Publishes every command the log holds after the last one published, in log order: a
   * command that awaited its effects may announce itself after a later one committed.
   */
  private committed(): void {
    const newer = this.db.prepare('SELECT seq, type, at FROM command_log WHERE seq > ? ORDER BY seq');
    const rows = newer.all(this.latest) as { seq: number; type: string; at: string }[];
    if (rows.length === 0) return;
    this.checkSessions();
    for (const { seq, type, at } of rows) {
      const { touched, seenBy } = this.recorder.take(seq);
      const objects = touched.map((ref) => {
        const before = seenBy.filter((s) => s.kind === ref.kind && s.id === ref.id).map((s) => s.userId);
        return { ref, audience: widen(audienceOf(this.db, ref), before) };
      });
      this.publish({ source: 'config', seq, type, at, objects });
    }
  }

  private checkSessions(): void {
    for (const subscriber of [...this.subscribers.keys()]) {
      const reason = this.sessionProblem(subscriber);
      if (reason) this.end(subscriber, reason);
    }
  }

  /** An ended stream hears nothing more, whatever its end does. */
  private end(subscriber: Subscriber, reason: InfinityError): void {
    clearTimeout(this.subscribers.get(subscriber));
    this.subscribers.delete(subscriber);
    subscriber.end(reason);
  }

  private sessionProblem({ actor, tokenHash }: Subscriber): InfinityError | undefined {
    const session = getSession(this.db, tokenHash);
    if (!session) {
      const message = `The session of "${actor.name}" ended (logged out, password changed or account deleted); ` +
        'log in again.';
      return new InfinityError('INF_ERR_AUTH_INVALID', message);
    }
    if (session.expiresAt <= this.now().toISOString()) {
      return new InfinityError('INF_ERR_TOKEN_EXPIRED', 'Your session has expired; log in again.');
    }
    // A session belongs to an existing user: deleting the user deletes its sessions.
    const role = getUser(this.db, session.userId)!.role;
    if (role !== actor.role) {
      const message = `Your role changed from ${actor.role} to ${role}; reconnect to hear what you may see now.`;
      return new InfinityError('INF_ERR_FORBIDDEN', message);
    }
    return undefined;
  }

  private expiryTimer(subscriber: Subscriber): NodeJS.Timeout {
    const expiresAt = getSession(this.db, subscriber.tokenHash)?.expiresAt;
    const wait = expiresAt === undefined ? 0 : Date.parse(expiresAt) - this.now().getTime();
    const timer = setTimeout(() => {
      if (!this.subscribers.has(subscriber)) return;
      const reason = this.sessionProblem(subscriber);
      if (reason) this.end(subscriber, reason);
      else this.subscribers.set(subscriber, this.expiryTimer(subscriber));
    }, Math.min(Math.max(wait, 0), MAX_TIMER_MS));
    timer.unref();
    return timer;
  }
}
