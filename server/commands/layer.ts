import type { Logger } from 'pino';
import { LocalRunner, type Runner } from '../../lib/exec/run.js';
import type { Actor } from '../access/policy.js';
import { SshLinks, type SshSettings } from '../../lib/exec/ssh-links.js';
import { IscsiService, LocalIscsi } from '../iscsi/service.js';
import { StorageService } from '../storage/service.js';
import type { Db } from '../store/db.js';
import { getPool } from '../store/pools.js';
import { CommandBus, type ExecuteOptions } from './bus.js';
import { buildCatalog, type Catalog, type CommandType, type InputOf, type ResultOf } from './catalog.js';
import { serverEffects } from './effect-kinds.js';

/** The command layer of one server: its pools, their exporters, the bus that journals their effects, every command. */
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
  /** The iSCSI exporter this server runs; by default none (commands that need one say why). */
  iscsi?: LocalIscsi;
  /** How the server logs in to storage boxes (ZFS pools over SSH and their LIO). */
  ssh?: SshSettings;
  logger?: Logger;
  now?: () => Date;
}

/**
 * The one place the storage service, the exporters, the effects, the bus and the catalogue
 * are put together. A pool on a storage box and the LIO exporter of its zvols share one
 * SSH link to the box.
 */
export function buildCommandLayer(db: Db, options: CommandLayerOptions = {}): CommandLayer {
  const runner = options.runner ?? new LocalRunner();
  const links = new SshLinks(runner, options.ssh);
  const locate = (poolId: string) => getPool(db, poolId);
  const storage = new StorageService(locate, runner, links);
  const local = options.iscsi ?? LocalIscsi.disabled('this server was built without an iSCSI exporter.');
  const iscsi = new IscsiService(local, locate, links);
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
