import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { StorageService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    storage: StorageService;
  }
}

export default fp(
  async function storagePlugin(app: FastifyInstance, opts: { storage: StorageService }) {
    app.decorate('storage', opts.storage);
  },
  { name: 'storage', dependencies: ['store', 'commands'] },
);
