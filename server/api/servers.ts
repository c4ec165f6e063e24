import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { fail } from '../../lib/errors.js';
import { readLogTail } from '../../lib/log-tail.js';
import { systemStats } from '../../lib/system-stats.js';
import { getServer, listServers, type ServerRow } from '../store/servers.js';
import { AUTHED_ERRORS, errors, IdParams } from '../../lib/protocol/common.js';
import { LogsQuery, LogsReply, Server } from '../../lib/protocol/servers.js';

export interface ServerRoutesOptions {
  /** The local server's pino log file; absent when the server was started without one. */
  logFile?: string | undefined;
}

/** Only the local machine can be measured until servers talk to each other. */
const view = (s: ServerRow) => ({ ...s, stats: s.isLocal ? systemStats() : null });

export default async function serverRoutes(app: FastifyInstance, opts: ServerRoutesOptions) {
  const tags = ['servers'];
  const find = (ref: string) => {
    const server = getServer(app.db, ref);
    if (!server) throw fail.notFound('Server', ref);
    return server;
  };

  app.get('/servers', {
    schema: {
      tags, operationId: 'listServers', summary: 'List servers',
      description: 'The Infinity Servers, with live figures of the one answering.',
      response: { 200: Type.Array(Server), ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'user' },
  }, async () => listServers(app.db).map(view));

  app.get<{ Params: IdParams }>('/servers/:id', {
    schema: {
      tags, operationId: 'getServer', summary: 'Get a server',
      description: 'One Infinity Server, by id or name.',
      params: IdParams, response: { 200: Server, ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => view(find(request.params.id)));

  app.get<{ Params: IdParams; Querystring: Static<typeof LogsQuery> }>('/servers/:id/logs', {
    schema: {
      tags, operationId: 'getServerLogs', summary: "Read a server's log",
      description: "The newest entries of a server's log, oldest first (the console's Logs button).",
      params: IdParams, querystring: LogsQuery, response: { 200: LogsReply, ...errors(...AUTHED_ERRORS, 404, 409, 501) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    const server = find(request.params.id);
    // The schema admits 1 to LOG_LIMIT_MAX only.
    const limit = request.query.limit === undefined ? 100 : Number(request.query.limit);
    if (!server.isLocal) {
      throw fail.notAvailableYet(`Reading the logs of server "${server.name}" from another server`, 'several servers working together (multi-server)');
    }
    if (!opts.logFile) throw fail.conflict('This server was started without a log file, so it has no logs to read; start it with its data directory.');
    const entries = await readLogTail(opts.logFile, { limit, ...(request.query.level ? { minLevel: request.query.level } : {}) });
    return { serverId: server.id, entries };
  });
}
