import type { FastifyInstance } from 'fastify';
import type { CommittedEvent } from '../commands/command.js';

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
      summary: 'Server-sent events: one `change` event ({seq, type}) after each committed configuration change',
      produces: ['text/event-stream'],
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
