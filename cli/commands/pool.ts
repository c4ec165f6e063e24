import { formatSize } from '../../lib/sizes.js';
import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { details, JSON_OPTION, print, table, type Column } from '../output.js';
import type { Pool } from '../../lib/protocol/storage.js';

const size = (bytes: number | null) => (bytes === null ? null : formatSize(bytes));

const COLUMNS: Column<Pool>[] = [
  { header: 'NAME', value: (p) => p.name },
  { header: 'DRIVER', value: (p) => p.driver },
  { header: 'LOCATION', value: (p) => p.location },
  { header: 'ONLINE', value: (p) => p.online },
  { header: 'SIZE', value: (p) => size(p.sizeBytes) },
  { header: 'FREE', value: (p) => size(p.freeBytes) },
  { header: 'DRIVES', value: (p) => p.drives },
  { header: 'THIN CLONES', value: (p) => p.thinClones },
  { header: 'ERROR', value: (p) => p.error },
];
/** One pool at a time has room for the advice on getting thin clones. */
const DETAILS: Column<Pool>[] = [...COLUMNS, { header: 'ADVICE', value: (p) => p.cloneAdvice }];

const POOL_ARG = { syntax: '<pool>', description: 'Pool name or id' };
const path = (pool: string) => `/pools/${encodeURIComponent(pool)}`;

function setOnline(online: boolean): CliCommand['run'] {
  return async ([pool], options) => {
    const updated = await withClient((c) => c.patch<Pool>(path(pool!), { online }));
    print(options, updated, () => details(updated, DETAILS));
  };
}

export const poolCommand: CliCommand = {
  name: 'pool',
  description: 'Storage pools: where drives live (only online pools receive new drives)',
  subcommands: [
    {
      name: 'list',
      description: 'List storage pools with their space',
      options: [JSON_OPTION],
      async run(_args, options) {
        const pools = await withClient((c) => c.get<Pool[]>('/pools'));
        print(options, pools, () => table(pools, COLUMNS));
      },
    },
    {
      name: 'add',
      description: 'Add a storage pool (administrators)',
      options: [
        { flags: '--name <name>', description: 'Pool name', required: true },
        { flags: '--driver <driver>', description: 'file (a directory of images) or zfs (zvols under a dataset)', required: true },
        { flags: '--path <dir>', description: 'file pools: the directory' },
        { flags: '--dataset <pool/path>', description: 'zfs pools: the parent dataset' },
        { flags: '--ssh <user@host[:port]>', description: 'zfs pools: run zfs on this storage box over SSH' },
        JSON_OPTION,
      ],
      async run(_args, options) {
        const location = locationOf(options);
        const pool = await withClient((c) => c.post<Pool>('/pools', { name: options.name, driver: options.driver, location }));
        print(options, pool, () => details(pool, DETAILS));
      },
    },
    { name: 'show', description: 'Show a pool', args: [POOL_ARG], options: [JSON_OPTION], async run([pool], options) {
      const found = await withClient((c) => c.get<Pool>(path(pool!)));
      print(options, found, () => details(found, DETAILS));
    } },
    { name: 'online', description: 'Bring a pool online (administrators)', args: [POOL_ARG], options: [JSON_OPTION], run: setOnline(true) },
    { name: 'offline', description: 'Take a pool offline: it receives no new drives (administrators)', args: [POOL_ARG], options: [JSON_OPTION], run: setOnline(false) },
    { name: 'remove', description: 'Forget an empty pool (its files are left as they are)', args: [POOL_ARG], async run([pool]) {
      await withClient((c) => c.delete(path(pool!)));
    } },
  ],
};

/** `--path DIR` for file pools; `--dataset D [--ssh U@H]` for zfs pools (ssh://U@H/D). */
export function locationOf(options: Record<string, unknown>): string {
  if (options.driver === 'file') {
    if (typeof options.path !== 'string') throw new Error('a file pool needs --path DIR');
    if (options.dataset !== undefined || options.ssh !== undefined) throw new Error('--dataset and --ssh are for zfs pools');
    return options.path;
  }
  if (options.driver === 'zfs') {
    if (typeof options.dataset !== 'string') throw new Error('a zfs pool needs --dataset POOL/PATH');
    if (options.path !== undefined) throw new Error('--path is for file pools; give --dataset');
    return typeof options.ssh === 'string' ? `ssh://${options.ssh}/${options.dataset}` : options.dataset;
  }
  throw new Error(`--driver must be file or zfs, not "${String(options.driver)}"`);
}
