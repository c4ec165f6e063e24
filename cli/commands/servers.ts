import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { details, JSON_OPTION, print, table, type Column } from '../output.js';
import type { Server as ServerInfo } from '../../lib/protocol/servers.js';

const GiB = 1024 ** 3;
const memory = (s: ServerInfo) => (s.stats ? `${(s.stats.memoryFreeBytes / GiB).toFixed(1)} of ${(s.stats.memoryTotalBytes / GiB).toFixed(1)} GiB free` : null);
const duration = (seconds: number) => `${Math.floor(seconds / 86400)}d ${Math.floor((seconds % 86400) / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;

const COLUMNS: Column<ServerInfo>[] = [
  { header: 'NAME', value: (s) => `${s.name}${s.isLocal ? ' (this one)' : ''}` },
  { header: 'ADDRESS', value: (s) => s.address },
  { header: 'ONLINE', value: (s) => s.online },
  { header: 'LOAD', value: (s) => s.stats?.loadAverage.map((l) => l.toFixed(2)).join(' ') },
  { header: 'MEMORY', value: memory },
  { header: 'ID', value: (s) => s.id },
];

const DETAIL_COLUMNS: Column<ServerInfo>[] = [
  { header: 'Name', value: (s) => s.name },
  { header: 'Id', value: (s) => s.id },
  { header: 'Address', value: (s) => s.address },
  { header: 'Online', value: (s) => s.online },
  { header: 'This server', value: (s) => s.isLocal },
  { header: 'System', value: (s) => (s.stats ? `${s.stats.platform} ${s.stats.release}, ${s.stats.cpuCount} CPUs` : null) },
  { header: 'Load (1 5 15 min)', value: (s) => s.stats?.loadAverage.map((l) => l.toFixed(2)).join(' ') },
  { header: 'Memory', value: memory },
  { header: 'Machine up', value: (s) => (s.stats ? duration(s.stats.uptimeSeconds) : null) },
  { header: 'Server up', value: (s) => (s.stats ? duration(s.stats.processUptimeSeconds) : null) },
  { header: 'Created', value: (s) => s.createdAt },
];

// `infinity server` runs a server, so the Infinity Servers as objects are `infinity servers`.
export const serversCommand: CliCommand = {
  name: 'servers',
  description: 'The Infinity Servers, with live figures of the one answering (its logs: infinity logs)',
  subcommands: [
    {
      name: 'list',
      description: 'List the Infinity Servers',
      options: [JSON_OPTION],
      async run(_args, options) {
        const servers = await withClient((c) => c.get<ServerInfo[]>('/servers'));
        print(options, servers, () => table(servers, COLUMNS));
      },
    },
    {
      name: 'show',
      description: 'Show an Infinity Server',
      args: [{ syntax: '<server>', description: 'server name or id' }],
      options: [JSON_OPTION],
      async run([server], options) {
        const found = await withClient((c) => c.get<ServerInfo>(`/servers/${encodeURIComponent(server!)}`));
        print(options, found, () => details(found, DETAIL_COLUMNS));
      },
    },
  ],
};
