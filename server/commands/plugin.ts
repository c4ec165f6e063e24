import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fail } from '../../lib/errors.js';
import type { CommandBus } from './bus.js';
import type { CommandType, InputOf, ResultOf } from './catalog.js';
import type { CommandLayer } from './layer.js';

declare module 'fastify' {
  interface FastifyInstance {
    bus: CommandBus;
    commands: CommandLayer;
    /** Runs the catalogue's command of that type as the request's user, with its Idempotency-Key when given. */
    execute<K extends CommandType>(request: FastifyRequest, type: K, input: InputOf<K>): Promise<ResultOf<K>>;
  }
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export default fp(
  async function commandsPlugin(app: FastifyInstance, opts: { commands: CommandLayer }) {
    app.decorate('bus', opts.commands.bus);
    app.decorate('commands', opts.commands);
    app.decorate('execute', async function execute<K extends CommandType>(request: FastifyRequest, type: K, input: InputOf<K>): Promise<ResultOf<K>> {
      const actor = request.actor;
      if (!actor) throw new Error(`command ${type} reached without an actor; the route must not be public`);
      const header = request.headers['idempotency-key'];
      const clientId = Array.isArray(header) ? header[0] : header;
      if (clientId !== undefined && !IDEMPOTENCY_KEY.test(clientId)) {
        throw fail.validation('Idempotency-Key', 'The Idempotency-Key header must be 8-128 letters, digits or . _ : -');
      }
      return opts.commands.execute(type, input, actor, clientId === undefined ? {} : { clientId });
    });
  },
  { name: 'commands', dependencies: ['store'] },
);
