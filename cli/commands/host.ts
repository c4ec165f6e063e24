import { HOST_AUDIO_SUPPORT, HOST_LOG_LEVELS } from '../../lib/host-settings.js';
import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { details, JSON_OPTION, print, table, type Column } from '../output.js';
import { parseMegabytes, parseSwitch } from '../parsers.js';
import { settingOptions, settingsBody, type SettingOption } from '../setting-options.js';
import type { Host } from '../../lib/protocol/hosts.js';

export const HOST_COLUMNS: Column<Host>[] = [
  { header: 'NAME', value: (h) => h.name },
  { header: 'HOST GROUP', value: (h) => h.hostGroup },
  { header: 'MAC', value: (h) => h.mac },
  { header: 'ONLINE', value: (h) => h.online },
  { header: 'RUNNING VMS', value: (h) => h.runningVms },
  { header: 'LAST SEEN', value: (h) => h.lastSeenAt },
  { header: 'ID', value: (h) => h.id },
];

const DETAIL_COLUMNS: Column<Host>[] = [
  { header: 'Name', value: (h) => h.name },
  { header: 'Id', value: (h) => h.id },
  { header: 'Host Group', value: (h) => h.hostGroup },
  { header: 'MAC', value: (h) => h.mac },
  { header: 'Online', value: (h) => h.online },
  { header: 'Last seen', value: (h) => h.lastSeenAt },
  { header: 'Running VMs', value: (h) => h.runningVms },
  { header: 'RAM cap MB', value: (h) => (h.ramCapMb === 0 ? 'none' : h.ramCapMb) },
  { header: 'Headless', value: (h) => h.headless },
  { header: 'Full screen', value: (h) => h.fullScreen },
  { header: '3D', value: (h) => h.threeD },
  { header: 'Host cache', value: (h) => h.useHostCache },
  { header: 'Kiosk', value: (h) => h.kiosk },
  { header: 'Host RDP', value: (h) => h.hostRdp },
  { header: 'Auto reset', value: (h) => h.autoReset },
  { header: 'Seamless', value: (h) => h.seamless },
  { header: 'Page Fusion', value: (h) => h.pageFusion },
  { header: 'Agent interface', value: (h) => h.agentInterface || 'automatic' },
  { header: 'Bridged interface', value: (h) => h.bridgedInterface || 'automatic' },
  { header: 'Audio support', value: (h) => h.audioSupport },
  { header: 'RDP command', value: (h) => h.rdpCommand },
  { header: 'Log level', value: (h) => h.logLevel },
  { header: 'Backup directory', value: (h) => h.backupDirectory },
  { header: 'Comment', value: (h) => h.comment },
  { header: 'Created', value: (h) => h.createdAt },
];

/** The manual's "Agent configuration settings". */
const SETTINGS: SettingOption[] = [
  { field: 'ramCapMb', flags: '--ram-cap <size>', description: 'most Host RAM VMs may use, in MB or with a unit (8G); 0 for no cap', parse: parseMegabytes },
  { field: 'headless', flags: '--headless <on|off>', description: 'start VMs in the background (remote access only)', parse: parseSwitch },
  { field: 'fullScreen', flags: '--full-screen <on|off>', description: 'start VMs full screen', parse: parseSwitch },
  { field: 'threeD', flags: '--three-d <on|off>', description: '3D acceleration for all VMs on this Host', parse: parseSwitch },
  { field: 'useHostCache', flags: '--host-cache <on|off>', description: 'cache disk IO between the Host and the server', parse: parseSwitch },
  { field: 'kiosk', flags: '--kiosk <on|off>', description: 'full screen with the hypervisor tools disabled', parse: parseSwitch },
  { field: 'hostRdp', flags: '--host-rdp <on|off>', description: "authenticate RDP with the Host's own accounts", parse: parseSwitch },
  { field: 'autoReset', flags: '--auto-reset <on|off>', description: 'restart VMs that fail', parse: parseSwitch },
  { field: 'seamless', flags: '--seamless <on|off>', description: "show the VM's windows on the Host's desktop", parse: parseSwitch },
  { field: 'pageFusion', flags: '--page-fusion <on|off>', description: 'share identical memory pages between VMs', parse: parseSwitch },
  { field: 'agentInterface', flags: '--agent-interface <nic>', description: 'network card the server contacts the agent on; "" for automatic' },
  { field: 'bridgedInterface', flags: '--bridged-interface <nic>', description: 'network card Bridged VM NICs connect to; "" for automatic' },
  { field: 'audioSupport', flags: '--audio-support <kind>', description: `sound facility of the Host: ${HOST_AUDIO_SUPPORT.join(', ')}` },
  { field: 'rdpCommand', flags: '--rdp-command <command>', description: 'RDP client to run instead of the built-in one (%username, %password, %address, %port are replaced)' },
  { field: 'logLevel', flags: '--log-level <level>', description: `agent log level: ${HOST_LOG_LEVELS.join(', ')}` },
  { field: 'backupDirectory', flags: '--backup-directory <dir>', description: 'absolute directory the agent writes VM backups to; "" to disable' },
  { field: 'comment', flags: '--comment <text>', description: 'comment' },
];

const HOST_ARG = { syntax: '<host>', description: 'Host name or id' };
const path = (host: string) => `/hosts/${encodeURIComponent(host)}`;

export const hostCommand: CliCommand = {
  name: 'host',
  description: 'Hosts: the PCs that run VMs, and their agent settings',
  subcommands: [
    {
      name: 'list',
      description: 'List the Hosts of the Host Groups you can see',
      options: [{ flags: '--host-group <group>', description: 'only the Hosts of this Host Group (name or id)' }, JSON_OPTION],
      async run(_args, options) {
        const group = options.hostGroup as string | undefined;
        const hosts = await withClient((c) => c.get<Host[]>(group === undefined ? '/hosts' : `/host-groups/${encodeURIComponent(group)}/hosts`));
        print(options, hosts, () => table(hosts, HOST_COLUMNS));
      },
    },
    {
      name: 'register',
      description: 'Register a Host; it joins the Host Group it names (default: its own name), which is created when missing',
      options: [
        { flags: '--name <name>', description: 'Agent Name: the hostname of the Host', required: true },
        { flags: '--mac <mac>', description: 'Ethernet address (aa:bb:cc:dd:ee:ff)' },
        { flags: '--host-group <group>', description: 'Host Group to join (name or id)' },
        JSON_OPTION,
      ],
      async run(_args, options) {
        const body = { name: options.name, ...(options.mac === undefined ? {} : { mac: options.mac }), ...(options.hostGroup === undefined ? {} : { hostGroup: options.hostGroup }) };
        const host = await withClient((c) => c.post<Host>('/hosts', body));
        print(options, host, () => details(host, DETAIL_COLUMNS));
      },
    },
    {
      name: 'show',
      description: "Show a Host and its agent settings",
      args: [HOST_ARG],
      options: [JSON_OPTION],
      async run([host], options) {
        const found = await withClient((c) => c.get<Host>(path(host!)));
        print(options, found, () => details(found, DETAIL_COLUMNS));
      },
    },
    {
      name: 'set',
      description: "Change a Host's name, MAC or agent settings",
      args: [HOST_ARG],
      options: [
        { flags: '--name <name>', description: 'new Agent Name' },
        { flags: '--mac <mac>', description: 'Ethernet address; "none" to clear it' },
        ...settingOptions(SETTINGS),
        JSON_OPTION,
      ],
      async run([host], options) {
        const mac = typeof options.mac === 'string' && options.mac.toLowerCase() === 'none' ? null : options.mac;
        const body = { ...(options.name === undefined ? {} : { name: options.name }), ...(mac === undefined ? {} : { mac }), ...settingsBody(SETTINGS, options) };
        if (Object.keys(body).length === 0) throw new Error('nothing to change: give at least one setting (see infinity host set --help)');
        const updated = await withClient((c) => c.patch<Host>(path(host!), body));
        print(options, updated, () => details(updated, DETAIL_COLUMNS));
      },
    },
    {
      name: 'move',
      description: 'Move a Host to another Host Group',
      args: [HOST_ARG, { syntax: '<group>', description: 'Host Group name or id' }],
      options: [JSON_OPTION],
      async run([host, group], options) {
        const moved = await withClient((c) => c.post<Host>(`${path(host!)}/host-group`, { hostGroup: group }));
        print(options, moved, () => `${moved.name} is now in Host Group ${moved.hostGroup}.`);
      },
    },
    {
      name: 'delete',
      description: 'Remove an offline Host that runs no VM',
      args: [HOST_ARG],
      options: [JSON_OPTION],
      async run([host], options) {
        const reply = await withClient((c) => c.delete(path(host!)));
        print(options, reply, () => `Removed Host ${host}.`);
      },
    },
  ],
};
