import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { fail, type InfinityError } from '../../lib/errors.js';
import { AUTHED_ERRORS, errors } from '../../lib/protocol/common.js';
import type { ChangeEvent, ObjectRef, ObjectsEvent } from '../../lib/protocol/events.js';
import type { HubEvent, Subscriber } from '../events/hub.js';

const HEARTBEAT_MS = 15_000;

const block = (lines: string[]) => `${lines.join('\n')}\n\n`;

/**
 * One hub event as the stream sends it: `objects` names what changed, only the objects
 * this caller may see; a configuration event then closes with `change` ({seq, type}),
 * whose id is the command's seq, so a stream cut in between resumes before the objects.
 */
function frame(event: HubEvent, type: string, objects: ObjectRef[]): string {
  const message: ObjectsEvent = { source: event.source, seq: event.seq, type, objects };
  const named = block([
    'event: objects',
    `data: ${JSON.stringify(message)}`,
  ]);
  if (event.seq === null) return named;
  const change = JSON.stringify({ seq: event.seq, type } satisfies ChangeEvent);
  return named + block([`id: ${event.seq}`, 'event: change', `data: ${change}`]);
}

/** The id of the last event a reconnecting client received: a command seq we sent. */
function lastEventId(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^[0-9]{1,15}$/.test(value)) {
    throw fail.validation(
      'Last-Event-ID',
      'Last-Event-ID must be the id of an event this stream sent (a whole number); leave it out to start afresh.',
    );
  }
  return Number(value);
}

/**
 * GET /api/v1/events: a server-sent event stream of what changed. It names objects (kind
 * and id) and carries no object data on purpose: a console refetches what it shows
 * through the normal routes, which apply the caller's access rules, so the stream can
 * never reveal what the caller may not read; and it names only objects the caller may
 * see (administrators hear every event). `event: ready` opens a fresh stream (refetch
 * everything); a client that sends Last-Event-ID gets `event: resumed` and exactly the
 * events it missed, or `ready` with the reason when those cannot be replayed. The stream
 * ends with `event: end` (the error shape) when the token is revoked or expires, or the
 * user is deleted or their role changes; a user may keep a few streams open at once.
 */
export default async function eventRoutes(app: FastifyInstance) {
  const open = new Set<() => void>();

  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get('/events', {
    schema: {
      tags: ['meta'],
      operationId: 'streamEvents',
      summary: 'Stream events',
      description: 'Server-sent events: `event: ready` first (or `resumed` after Last-Event-ID), then for each ' +
        'committed configuration change an `objects` event ({source, seq, type, objects: [{kind, id}]}) naming ' +
        'only the objects you may see, and a `change` event ({seq, type}) whose id is the seq; `end` (the error ' +
        'shape) when your session ends; a comment line every 15 s keeps the connection open.',
      headers: Type.Object({
        'last-event-id': Type.Optional(
          Type.String({ description: 'The id of the last event received, to resume after it' }),
        ),
      }),
      response: {
        200: {
          description: 'The event stream; it stays open until the client or the server closes it',
          content: { 'text/event-stream': { schema: Type.String() } },
        },
        ...errors(...AUTHED_ERRORS),
        429: Type.Ref('ErrorBody', { description: 'This user already has as many event streams open as allowed (8)' }),
      },
    },
    config: { access: 'user' },
  }, async (request, reply) => {
    const after = lastEventId(request.headers['last-event-id']);
    const res = reply.raw;
    let unsubscribe = () => {};
    let heartbeat: NodeJS.Timeout | undefined;
    const end = (reason?: InfinityError) => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
      if (reason && !res.writableEnded) {
        res.write(block(['event: end', `data: ${JSON.stringify({ error: reason.toJSON() })}`]));
      }
      if (!res.writableEnded) res.end();
    };
    const subscriber: Subscriber = {
      actor: request.actor!,
      tokenHash: request.tokenHash!,
      deliver: (event, objects) => res.write(frame(event, app.eventHub.typeFor(request.actor!, event, objects), objects)),
      end,
    };
    // Subscribing refuses a stream too many with a 429 before anything is sent; nothing
    // is published between here and the replay below (all of it runs without a pause).
    unsubscribe = app.eventHub.subscribe(subscriber);
    reply.hijack();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const missed = after === undefined ? undefined : app.eventHub.since(after);
    if (missed) {
      res.write(block(['retry: 1000', 'event: resumed', `data: ${JSON.stringify({ after })}`]));
      for (const event of missed) {
        const objects = app.eventHub.visible(subscriber.actor, event);
        if (objects) res.write(frame(event, app.eventHub.typeFor(subscriber.actor, event, objects), objects));
      }
    } else {
      const lost = `Events after ${after} cannot be replayed (not kept, or from another log); fetch everything again.`;
      const reason = after === undefined ? {} : { reason: lost };
      res.write(block(['retry: 1000', 'event: ready', `data: ${JSON.stringify(reason)}`]));
    }
    heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    open.add(end);
    request.raw.on('close', () => end());
    res.on('error', () => end());
  });
}
