import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { CommittedEvent } from '../commands/command.js';
import { AUTHED_ERRORS, errors } from './common.schema.js';

const HEARTBEAT_MS = 15_000;

/**
 * GET /api/v1/events: a server-sent event stream that announces each committed command
 * (`event: change`, data `{seq, type}`). It carries no object data on purpose: a console
 * refetches what it shows through the normal routes, which apply the caller's access
 * rules, so the stream can never reveal what the caller may not read. `event: ready`
 * opens the stream, so a client that reconnects knows to refetch everything.
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
      description: 'Server-sent events: `event: ready` first, then one `change` event (`{seq, type}`) after each ' +
        'committed configuration change; a comment line every 15 s keeps the connection open.',
      response: {
        200: {
          description: 'The event stream; it stays open until the client or the server closes it',
          content: { 'text/event-stream': { schema: Type.String() } },
        },
        ...errors(...AUTHED_ERRORS),
      },
    },
    config: { access: 'user' },
  }, async (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 1000\nevent: ready\ndata: {}\n\n`);
    const onCommitted = (event: CommittedEvent) => {
      res.write(`id: ${event.seq}\nevent: change\ndata: ${JSON.stringify({ seq: event.seq, type: event.type })}\n\n`);
    };
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      app.bus.events.off('committed', onCommitted);
      open.delete(end);
      if (!res.writableEnded) res.end();
    };
    app.bus.events.on('committed', onCommitted);
    open.add(end);
    request.raw.on('close', end);
    res.on('error', end);
  });
}
