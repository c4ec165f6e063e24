import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from './db.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Decorates the opened database; the caller owns opening and closing it. */
export default fp(
  async function storePlugin(app: FastifyInstance, opts: { db: Db }) {
    app.decorate('db', opts.db);
  },
  { name: 'store' },
);
