import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import accessPlugin from './access/plugin.js';
import authRoutes, { type AuthOptions } from './api/auth.js';
import { nameKeyword } from '../lib/protocol/common.js';
import consoleRoutes from './api/console.js';
import eventRoutes from './api/events.js';
import errorsPlugin, { clientErrorHandler, toInfinityError } from './api/errors.js';
import securityHeadersPlugin from './api/security-headers.js';
import hostGroupRoutes from './api/host-groups.js';
import hostRoutes from './api/hosts.js';
import metaRoutes from './api/meta.js';
import openapiPlugin from './api/openapi.js';
import serverRoutes from './api/servers.js';
import settingsRoutes from './api/settings.js';
import tlsRoutes from './api/tls.js';
import userRoutes from './api/users.js';
import vmGroupRoutes from './api/vm-groups.js';
import vmRoutes from './api/vms.js';
import vmStorageRoutes from './api/vm-storage.js';
import driveRoutes from './api/drives.js';
import poolRoutes from './api/pools.js';
import { buildCommandLayer, type CommandLayer } from './commands/layer.js';
import commandsPlugin from './commands/plugin.js';
import eventsPlugin from './events/plugin.js';
import storagePlugin from './storage/plugin.js';
import type { Db } from './store/db.js';
import storePlugin from './store/plugin.js';

export interface AppDeps {
  db: Db;
  /** The command layer (bus, catalogue, pools, exporter); by default one on this machine without iSCSI. */
  commands?: CommandLayer;
  logger?: Logger | false;
  auth?: Partial<AuthOptions>;
  https?: { key: string; cert: string };
  /** The server's JSON log file, read by the Logs route. */
  logFile?: string;
  /** The built Admin Console (tests point it elsewhere; null: none); found beside the code by default. */
  consoleDir?: string | null;
}

export const DEFAULT_AUTH: AuthOptions = { tokenTtlMs: 12 * 60 * 60 * 1000, loginAttemptsPerMinute: 10 };

/** Builds the server without listening (tests use `inject`); `main.ts` listens. */
export async function buildApp(deps: AppDeps) {
  const options: FastifyServerOptions & { https?: { key: string; cert: string } } = {
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false }, plugins: [nameKeyword] },
    bodyLimit: 1024 * 1024,
    // Above every schema's id limit (128), so a long id is refused by its schema, naming the field.
    routerOptions: { maxParamLength: 256 },
    // Errors the router raises before any route (URL too long, bad percent-encoding) get the one error shape too.
    frameworkErrors: (error, _request, reply) => {
      const known = toInfinityError(error);
      void (reply as FastifyReply).status(known.status).send({ error: known.toJSON() });
    },
    clientErrorHandler,
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    ...(deps.https ? { https: deps.https } : {}),
  };
  const app = Fastify(options);
  // The API speaks JSON only: any other body is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');

  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(storePlugin, { db: deps.db });
  const commands = deps.commands ?? buildCommandLayer(deps.db);
  await app.register(commandsPlugin, { commands });
  await app.register(eventsPlugin);
  await app.register(storagePlugin, { storage: commands.storage, iscsi: commands.iscsi });
  await app.register(accessPlugin);
  await app.register(openapiPlugin);

  await app.register(metaRoutes);
  await app.register(consoleRoutes, { distDir: deps.consoleDir });
  const api = { prefix: '/api/v1' };
  await app.register(authRoutes, { ...api, ...DEFAULT_AUTH, ...deps.auth });
  await app.register(eventRoutes, api);
  await app.register(userRoutes, api);
  await app.register(vmRoutes, api);
  await app.register(vmStorageRoutes, api);
  await app.register(poolRoutes, api);
  await app.register(driveRoutes, api);
  await app.register(hostGroupRoutes, api);
  await app.register(hostRoutes, api);
  await app.register(vmGroupRoutes, api);
  await app.register(serverRoutes, { ...api, logFile: deps.logFile });
  await app.register(settingsRoutes, api);
  await app.register(tlsRoutes, { ...api, cert: deps.https?.cert ?? null });
  return app;
}
