import { HOST_GROUP_TYPES } from '../../lib/catalog.js';
import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { details, JSON_OPTION, print, table, type Column } from '../output.js';
import type { HostGroup } from '../../lib/protocol/host-groups.js';
import type { Host } from '../../lib/protocol/hosts.js';
import type { DeleteReply } from '../../lib/protocol/vms.js';
import { HOST_COLUMNS } from './host.js';

const COLUMNS: Column<HostGroup>[] = [
  { header: 'NAME', value: (g) => g.name },
  { header: 'TYPE', value: (g) => g.type },
  { header: 'MAC', value: (g) => g.mac },
  { header: 'VMS', value: (g) => g.vms },
  { header: 'HOSTS', value: (g) => g.hosts },
  { header: 'ID', value: (g) => g.id },
];

const GROUP_ARG = { syntax: '<group>', description: 'Host Group name or id' };
const TYPE_DESCRIPTION = `${HOST_GROUP_TYPES.join(', ')} (distributed: a VM runs on the freest Host; replicated: each Host gets its own clone; baremetal: one PC boots a drive directly)`;
const path = (group: string) => `/host-groups/${encodeURIComponent(group)}`;

export const hostGroupCommand: CliCommand = {
  name: 'host-group',
  description: 'Host Groups: the PCs (Hosts) a VM may run on',
  subcommands: [
    {
      name: 'list',
      description: 'List the Host Groups you can see',
      options: [JSON_OPTION],
      async run(_args, options) {
        const groups = await withClient((c) => c.get<HostGroup[]>('/host-groups'));
        print(options, groups, () => table(groups, COLUMNS));
      },
    },
    {
      name: 'create',
      description: 'Create a Host Group (if a group you cannot see has the name, your user name is appended)',
      options: [
        { flags: '--name <name>', description: 'Host Group name', required: true },
        { flags: '--type <type>', description: TYPE_DESCRIPTION },
        { flags: '--mac <mac>', description: 'Ethernet address of the BareMetal PC (aa:bb:cc:dd:ee:ff)' },
        JSON_OPTION,
      ],
      async run(_args, options) {
        const body = { name: options.name, ...(options.type === undefined ? {} : { type: options.type }), ...(options.mac === undefined ? {} : { mac: options.mac }) };
        const group = await withClient((c) => c.post<HostGroup>('/host-groups', body));
        print(options, group, () => details(group, COLUMNS));
      },
    },
    {
      name: 'show',
      description: 'Show a Host Group',
      args: [GROUP_ARG],
      options: [JSON_OPTION],
      async run([group], options) {
        const found = await withClient((c) => c.get<HostGroup>(path(group!)));
        print(options, found, () => details(found, COLUMNS));
      },
    },
    {
      name: 'set',
      description: "Change a Host Group's type or BareMetal MAC (Host Groups cannot be renamed)",
      args: [GROUP_ARG],
      options: [
        { flags: '--type <type>', description: TYPE_DESCRIPTION },
        { flags: '--mac <mac>', description: 'Ethernet address of the BareMetal PC; "none" to clear it' },
        JSON_OPTION,
      ],
      async run([group], options) {
        const mac = typeof options.mac === 'string' && options.mac.toLowerCase() === 'none' ? null : options.mac;
        const body = { ...(options.type === undefined ? {} : { type: options.type }), ...(mac === undefined ? {} : { mac }) };
        if (Object.keys(body).length === 0) throw new Error('nothing to change: give --type or --mac');
        const updated = await withClient((c) => c.patch<HostGroup>(path(group!), body));
        print(options, updated, () => details(updated, COLUMNS));
      },
    },
    {
      name: 'hosts',
      description: 'List the Hosts of a Host Group',
      args: [GROUP_ARG],
      options: [JSON_OPTION],
      async run([group], options) {
        const hosts = await withClient((c) => c.get<Host[]>(`${path(group!)}/hosts`));
        print(options, hosts, () => table(hosts, HOST_COLUMNS));
      },
    },
    {
      name: 'delete',
      description: 'Delete a Host Group',
      args: [GROUP_ARG],
      options: [JSON_OPTION],
      async run([group], options) {
        const reply = await withClient((c) => c.delete<DeleteReply>(path(group!)));
        print(options, reply, () => (reply.outcome === 'delete' ? `Deleted Host Group ${group}.` : `Removed your access to Host Group ${group}; others still have it.`));
      },
    },
  ],
};
