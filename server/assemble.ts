import { join } from 'node:path';
import type { Logger } from 'pino';
import { LocalRunner, type Runner } from '../lib/exec/run.js';
import { SYSTEM_ACTOR } from './commands/bootstrap.js';
import type { CommandBus } from './commands/bus.js';
import { buildCommandLayer, type CommandLayer } from './commands/layer.js';
import { reconcileIscsi } from './commands/reconcile/iscsi.js';
import { reconcileStorage } from './commands/reconcile/storage.js';
import { IscsiService, type IscsiConfig } from './iscsi/service.js';
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
  /** Our own tgtd to export drives with; null: no iSCSI (the reason is shown where it matters). */
  iscsi?: IscsiConfig | null;
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
  const iscsi = await startIscsi(options.iscsi ?? null, runner, options.logger);
  const commands = buildCommandLayer(db, { runner, iscsi, ...(options.logger ? { logger: options.logger } : {}) });
  const { bus, storage } = commands;
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
  const iscsiDrift = await reconcileIscsi(db, iscsi, storage);
  for (const stale of iscsiDrift.removed) options.logger?.warn(stale, 'removed an iSCSI target of a drive the database no longer exports');
  for (const differed of iscsiDrift.differed) options.logger?.warn(differed, 'an iSCSI target differed from the database; exported it again as recorded');
  for (const failure of iscsiDrift.failures) options.logger?.error(failure, 'could not export a drive again after the start; export it again by hand');
  return {
    db, commands, bus, storage, iscsi,
    async close() {
      await iscsi.stop();
      db.close();
    },
  };
}
async function startIscsi(config: IscsiConfig | null, runner: Runner, logger?: Logger): Promise<IscsiService> {
  if (config === null) return IscsiService.disabled('iSCSI is turned off for this server (it was started without an iSCSI portal).');
  const installed = await runner.tryRun(['tgtd', '--version'], { timeoutMs: 5_000 }).then((r) => r.code === 0, () => false);
  if (!installed) return IscsiService.disabled("tgtd is not installed; install Debian's tgt package and restart the server.");
  try {
    return await IscsiService.start(config, runner);
  } catch (error) {
    logger?.error({ err: error }, 'iSCSI exporter did not start');
    return IscsiService.disabled(`tgtd did not start on ${config.portal.host}:${config.portal.port}: ${(error as Error).message}`);
  }
}
