import { join } from 'node:path';
import type { Logger } from 'pino';
import { LocalRunner, type Runner } from '../lib/exec/run.js';
import type { SshSettings } from '../lib/exec/ssh-links.js';
import { SYSTEM_ACTOR } from './commands/bootstrap.js';
import type { CommandBus } from './commands/bus.js';
import { buildCommandLayer, type CommandLayer } from './commands/layer.js';
import { reconcileIscsi, type IscsiDrift } from './commands/reconcile/iscsi.js';
import { reconcileStorage } from './commands/reconcile/storage.js';
import { LocalIscsi, type IscsiConfig, type IscsiService } from './iscsi/service.js';
import { fullCopyAdvice } from './storage/file/advice.js';
import type { StorageService } from './storage/service.js';
import { openDatabase, type Db } from './store/db.js';
import { listPools } from './store/pools.js';

export interface Core {
  db: Db;
  commands: CommandLayer;
  bus: CommandBus;
  storage: StorageService;
  iscsi: IscsiService;
  /** Stops what the core started (tgtd) and closes the database. */
  close(): Promise<void>;
}

export interface AssembleOptions {
  dataDir: string;
  serverName: string;
  address: string;
  logger?: Logger;
  runner?: Runner;
  /** The exporter this server runs (its own tgtd, or LIO); null: none (the reason is shown where it matters). */
  iscsi?: IscsiConfig | null;
  /** How the server logs in to storage boxes; default: the server user's ~/.ssh files. */
  ssh?: SshSettings;
  /** How often this server's tgtd is checked (it is restarted and handed its drives again when lost). */
  watchIntervalMs?: number;
}

/**
 * Everything below HTTP, in the order a start needs: the database, the command layer,
 * the roll-back of commands a crash interrupted, then the built-in admin, this server's
 * row, the embedded default pool (a file pool in the data directory), and the reconcile
 * of storage and iSCSI with the database.
 */
export async function assembleCore(options: AssembleOptions): Promise<Core> {
  const db = openDatabase(join(options.dataDir, 'infinity.db'));
  const runner = options.runner ?? new LocalRunner();
  const local = await startIscsi(options.iscsi ?? null, runner, options.dataDir, options.logger);
  const commands = buildCommandLayer(db, {
    runner, iscsi: local,
    ...(options.ssh ? { ssh: options.ssh } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { bus, storage, iscsi } = commands;
  for (const op of await bus.recover()) options.logger?.warn(op, 'rolled back a command interrupted by the last stop');
  await commands.execute('user.ensureBuiltinAdmin', undefined, SYSTEM_ACTOR);
  await commands.execute('server.registerLocal', { name: options.serverName, address: options.address }, SYSTEM_ACTOR);
  if (listPools(db).length === 0) {
    await commands.execute('pool.add', { name: 'default', driver: 'file', location: join(options.dataDir, 'pool') }, SYSTEM_ACTOR);
  }
  const drift = await reconcileStorage(db, storage);
  for (const swept of drift.swept) options.logger?.warn(swept, 'removed a copy an interrupted operation had staged');
  for (const orphan of drift.orphanVolumes) options.logger?.warn(orphan, 'a storage pool holds a volume no drive records; left as it is');
  for (const missing of drift.missingVolumes) options.logger?.error(missing, 'a drive has no volume in its pool');
  for (const unreadable of drift.unreadablePools) options.logger?.error(unreadable, 'a storage pool could not be read');
  for (const pool of listPools(db).filter((p) => p.online)) {
    // A pool that cannot be read was reported just above.
    const advice = await fullCopyAdvice(storage.pool(pool.id), pool.location).catch(() => null);
    if (advice) options.logger?.warn({ pool: pool.name }, advice);
  }
  logIscsiDrift(await reconcileIscsi(db, iscsi, storage), options.logger);
  local.watch({
    ...(options.watchIntervalMs === undefined ? {} : { intervalMs: options.watchIntervalMs }),
    ...(options.logger ? { logger: options.logger } : {}),
    reexport: async (exporter) => logIscsiDrift(await reconcileIscsi(db, iscsi, storage, exporter), options.logger),
  });
  return {
    db, commands, bus, storage, iscsi,
    async close() {
      await iscsi.stop();
      db.close();
    },
  };
}

function logIscsiDrift(drift: IscsiDrift, logger?: Logger): void {
  for (const stale of drift.removed) logger?.warn(stale, 'removed an iSCSI target of a drive no longer exported');
  for (const differed of drift.differed) {
    logger?.warn(differed, 'an iSCSI target differed from the database; exported it again as recorded');
  }
  for (const failure of drift.failures) logger?.error(failure, 'could not export a drive again; export it by hand');
}

async function startIscsi(config: IscsiConfig | null, runner: Runner, dataDir: string, logger?: Logger) {
  if (config === null) {
    return LocalIscsi.disabled('iSCSI is turned off for this server (it was started without an iSCSI portal).');
  }
  return LocalIscsi.start(config, runner, dataDir, logger);
}
