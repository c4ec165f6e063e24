import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { IscsiService } from '../iscsi/service.js';
import type { StorageService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    storage: StorageService;
    iscsi: IscsiService;
  }
}

/** The pools and the exporter, for reads (space, volume details); writes go through commands. */
export default fp(
  async function storagePlugin(app: FastifyInstance, opts: { storage: StorageService; iscsi: IscsiService }) {
    app.decorate('storage', opts.storage);
    app.decorate('iscsi', opts.iscsi);
  },
  { name: 'storage', dependencies: ['store', 'commands'] },
);
