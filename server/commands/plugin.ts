import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fail } from '../../lib/errors.js';
import { CommandBus } from './bus.js';
import type { Command } from './command.js';

declare module 'fastify' {
  interface FastifyInstance {
    bus: CommandBus;
    /** Runs a command as the request's user, with its Idempotency-Key when given. */
    execute<I, P, R>(request: FastifyRequest, command: Command<I, P, R>, input: I): Promise<R>;
  }
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export default fp(
  async function commandsPlugin(app: FastifyInstance, opts: { bus: CommandBus }) {
    app.decorate('bus', opts.bus);
    app.decorate('execute', async function execute<I, P, R>(request: FastifyRequest, command: Command<I, P, R>, input: I): Promise<R> {
      const actor = request.actor;
      if (!actor) throw new Error(`command ${command.type} reached without an actor; the route must not be public`);
      const header = request.headers['idempotency-key'];
      const clientId = Array.isArray(header) ? header[0] : header;
      if (clientId !== undefined && !IDEMPOTENCY_KEY.test(clientId)) {
        throw fail.validation('Idempotency-Key', 'The Idempotency-Key header must be 8-128 letters, digits or . _ : -');
      }
      return opts.bus.execute(command, input, actor, clientId === undefined ? {} : { clientId });
    });
  },
  { name: 'commands', dependencies: ['store'] },
);
