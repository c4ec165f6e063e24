import { join } from 'node:path';
import type { Logger } from 'pino';
import { LocalRunner, type Runner } from '../lib/exec/run.js';
import { SYSTEM_ACTOR, ensureBuiltinAdmin } from './commands/bootstrap.js';
import { CommandBus } from './commands/bus.js';
import { EffectRegistry } from './commands/effects.js';
import { addPool } from './commands/pools.js';
import { registerLocalServer } from './commands/servers.js';
import { StorageService } from './storage/service.js';
import { openDatabase, type Db } from './store/db.js';
import { listPools } from './store/pools.js';

export interface Core {
  db: Db;
  bus: CommandBus;
  storage: StorageService;
}

export interface AssembleOptions {
  dataDir: string;
  serverName: string;
  address: string;
  logger?: Logger;
  runner?: Runner;
}

/**
 * Everything below HTTP, in the order a start needs: the database, the storage effects the
 * bus journals, the roll-back of commands a crash interrupted, then the built-in admin,
 * this server's row, and the embedded default pool (a file pool in the data directory).
 */
export async function assembleCore(options: AssembleOptions): Promise<Core> {
  const db = openDatabase(join(options.dataDir, 'infinity.db'));
  const effects = new EffectRegistry();
  const storage = StorageService.attach(db, effects, options.runner ?? new LocalRunner());
  const bus = new CommandBus(db, {
    effects,
    onUndoFailure: (id, effect, err) => options.logger?.error({ command: id, effect, err }, 'could not undo an effect; it is retried at the next start'),
  });
  for (const op of await bus.recover()) options.logger?.warn(op, 'rolled back a command interrupted by the last stop');
  await bus.execute(ensureBuiltinAdmin, undefined, SYSTEM_ACTOR);
  await bus.execute(registerLocalServer, { name: options.serverName, address: options.address }, SYSTEM_ACTOR);
  if (listPools(db).length === 0) {
    await bus.execute(addPool(storage), { name: 'default', driver: 'file', location: join(options.dataDir, 'pool') }, SYSTEM_ACTOR);
  }
  return { db, bus, storage };
}
