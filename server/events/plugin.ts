import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EventHub, type HubOptions } from './hub.js';

declare module 'fastify' {
  interface FastifyInstance {
    eventHub: EventHub;
  }
}

/** The event hub of this app's database and command bus; it stops listening when the app closes. */
export default fp(
  async function eventsPlugin(app: FastifyInstance, opts: HubOptions) {
    const hub = new EventHub(app.db, app.bus, opts);
    app.decorate('eventHub', hub);
    app.addHook('onClose', async () => hub.close());
  },
  { name: 'events', dependencies: ['store', 'commands'] },
);
