import type { Logger } from 'pino';
import { LocalRunner, type Runner } from '../../lib/exec/run.js';
import type { Actor } from '../access/policy.js';
import { IscsiService } from '../iscsi/service.js';
import { StorageService } from '../storage/service.js';
import type { Db } from '../store/db.js';
import { getPool } from '../store/pools.js';
import { CommandBus, type ExecuteOptions } from './bus.js';
import { buildCatalog, type Catalog, type CommandType, type InputOf, type ResultOf } from './catalog.js';
import { serverEffects } from './effect-kinds.js';

/** The command layer of one server: its pools, its exporter, the bus that journals their effects, and every command. */
export interface CommandLayer {
  bus: CommandBus;
  catalog: Catalog;
  storage: StorageService;
  iscsi: IscsiService;
  /** Runs the catalogue's command of that type. */
  execute<K extends CommandType>(type: K, input: InputOf<K>, actor: Actor, options?: ExecuteOptions): Promise<ResultOf<K>>;
}

export interface CommandLayerOptions {
  runner?: Runner;
  /** The server's iSCSI exporter; by default none (commands that need one say why). */
  iscsi?: IscsiService;
  logger?: Logger;
  now?: () => Date;
}

/** The one place the storage service, the effects, the bus and the catalogue are put together. */
export function buildCommandLayer(db: Db, options: CommandLayerOptions = {}): CommandLayer {
  const storage = new StorageService((poolId) => getPool(db, poolId), options.runner ?? new LocalRunner());
  const iscsi = options.iscsi ?? IscsiService.disabled('this server was built without an iSCSI exporter.');
  const bus = new CommandBus(db, {
    effects: serverEffects(storage, iscsi),
    ...(options.now ? { now: options.now } : {}),
    onUndoFailure: (id, effect, err) => options.logger?.error({ command: id, effect: effect.kind, err }, 'could not undo an effect; it is retried at the next start'),
  });
  const catalog = buildCatalog({ storage, iscsi });
  return {
    bus, catalog, storage, iscsi,
    // The compiler cannot pair catalog[type] with InputOf<type> for a generic type; the catalogue test checks each key names its own command.
    execute: (type, input, actor, executeOptions) =>
      bus.execute(catalog[type] as never, input, actor, executeOptions) as Promise<ResultOf<typeof type>>,
  };
}
