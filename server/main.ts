import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger } from '../lib/log.js';
import { FirstLogin } from './access/first-login.js';
import { buildApp } from './app.js';
import { assembleCore } from './assemble.js';
import type { IscsiConfig } from './iscsi/service.js';
import { partsOff } from './start-notes.js';
import { checkPoolSpace, every } from './tasks/pool-space.js';
import { adjustReservations } from './tasks/reservation.js';

/** How often pools' free space is checked (a nearly full pool is logged as an error) and dynamic reservations follow what drives have written. */
const POOL_CHECK_MS = 5 * 60_000;
import { ensureTlsCertificate, readTlsCertificate, type TlsCertificate } from './tls-certificate.js';

export interface ServerOptions {
  dataDir: string;
  host: string;
  port: number;
  logLevel?: string;
  /** Write logs to stdout as well as the data directory's log file. */
  stdoutLogs?: boolean;
  /**
   * Serve HTTPS: with the given certificate and key files, or else with the server's own
   * self-signed certificate in DATA/tls/, created on the first start.
   */
  tls?: { certFile?: string; keyFile?: string };
  /** Our own tgtd's portal and control port; null: serve no iSCSI. Default: HOST:3260, control port 3260. */
  iscsi?: IscsiConfig | null;
}

export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new Error(`--listen must be HOST:PORT (for example 127.0.0.1:8080), not "${value}"`);
  return { host: (match[1] ?? match[2])!, port };
}

/** The only place that listens: opens the data directory, bootstraps, serves. */
export async function startServer(options: ServerOptions) {
  const dataDir = resolve(options.dataDir);
  // A bad --cert/--key stops the start before the database is touched.
  const tls = options.tls ? await loadCertificate(options.tls, dataDir, options.host) : undefined;
  const logFile = join(dataDir, 'logs', 'server.log');
  const logger = createLogger({ level: options.logLevel ?? 'info', file: logFile, stdout: options.stdoutLogs ?? true });
  const iscsi = options.iscsi === undefined ? { driver: 'tgt' as const, portal: { host: options.host, port: 3260 }, controlPort: 3260 } : options.iscsi;
  const core = await assembleCore({ dataDir, serverName: hostname(), address: options.host, logger, iscsi });
  const { db, storage } = core;
  const app = await buildApp({ db, commands: core.commands, logger, logFile, ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}) });
  await app.listen({ host: options.host, port: options.port });
  const poolWatch = every(POOL_CHECK_MS, () => checkPoolSpace(db, storage, logger));
  const reservations = every(POOL_CHECK_MS, () => adjustReservations(db, storage, logger));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `${tls ? 'https' : 'http'}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const firstLogin = await new FirstLogin(db).pending();
  const off = await partsOff(core);
  for (const part of off) logger.warn(part);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await poolWatch.stop();
      await reservations.stop();
      await app.close();
      await core.close();
      logger.flush();
    })());
  return { app, url, port, dataDir, tls, logFile, firstLogin, off, close };
}

async function loadCertificate(tls: NonNullable<ServerOptions['tls']>, dataDir: string, host: string): Promise<TlsCertificate> {
  if (tls.certFile && tls.keyFile) return readTlsCertificate(tls.certFile, tls.keyFile);
  if (tls.certFile || tls.keyFile) throw new Error('give both --cert and --key, or neither to use the server\'s own certificate');
  return ensureTlsCertificate(join(dataDir, 'tls'), host);
}
