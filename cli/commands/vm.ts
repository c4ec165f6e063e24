import { AUDIO_TYPES, NIC_TYPES, RDP_AUTH, VM_LIMITS } from '../../lib/catalog.js';
import { formatSize, parseSize } from '../../lib/sizes.js';
import type { CliCommand, CliOption } from '../command.js';
import { withClient } from '../client.js';
import { details, JSON_OPTION, print, table, type Column } from '../output.js';
import { collectAdvanced, collectNics, parseInteger, parseMegabytes, parseSwitch } from '../parsers.js';
import { settingOptions, settingsBody, type SettingOption } from '../setting-options.js';
import type { VmSnapshot } from '../../lib/protocol/storage.js';
import type { DeleteReply, Nic, TeleportRequest, UpdateVmReply, Vm, VmUser } from '../../lib/protocol/vms.js';

export const VM_COLUMNS: Column<Vm>[] = [
  { header: 'NAME', value: (vm) => vm.name },
  { header: 'STATE', value: (vm) => (vm.isTemplate ? 'template' : vm.state) },
  { header: 'HOST GROUP', value: (vm) => vm.hostGroup },
  { header: 'OS TYPE', value: (vm) => vm.osType },
  { header: 'RAM MB', value: (vm) => vm.ramMb },
  { header: 'NICS', value: (vm) => vm.nics.length },
  { header: 'ID', value: (vm) => vm.id },
];

const DETAIL_COLUMNS: Column<Vm>[] = [
  { header: 'Name', value: (vm) => vm.name },
  { header: 'Id', value: (vm) => vm.id },
  { header: 'Template', value: (vm) => vm.isTemplate },
  { header: 'State', value: (vm) => vm.state },
  { header: 'Host Group', value: (vm) => vm.hostGroup },
  { header: 'Vendor', value: (vm) => vm.vendor },
  { header: 'OS Type', value: (vm) => vm.osType },
  { header: 'RAM MB', value: (vm) => vm.ramMb },
  { header: 'Video MB', value: (vm) => vm.vramMb },
  { header: '% Shared', value: (vm) => vm.sharedPercent },
  { header: 'Audio', value: (vm) => vm.audio },
  { header: 'RDP auth', value: (vm) => vm.rdpAuth },
  { header: 'CD-ROM', value: (vm) => vm.cdrom },
  { header: 'USB', value: (vm) => vm.usb },
  { header: 'Page Fusion', value: (vm) => vm.fusion },
  { header: '3D', value: (vm) => vm.threeD },
  { header: 'Auto boot', value: (vm) => vm.autoBoot },
  { header: 'Advanced', value: (vm) => Object.entries(vm.advanced).map(([k, v]) => `${k}=${String(v)}`).join('\n') },
  { header: 'NICs', value: (vm) => vm.nics.map((n) => `${n.slot}: ${n.type} ${n.attachment}${n.network === null ? '' : ` ${n.network}`} ${n.mac}`).join('\n') },
  { header: 'Comment', value: (vm) => vm.comment },
  { header: 'Created', value: (vm) => vm.createdAt },
  { header: 'Updated', value: (vm) => vm.updatedAt },
];

const VM_ARG = { syntax: '<vm>', description: 'VM or template, by name or id' };

/** Settings that `vm create` and `vm set` both take, with the API field each one fills. */
const SETTINGS: SettingOption[] = [
  { field: 'vendor', flags: '--vendor <vendor>', description: 'OS vendor, e.g. Linux or "Microsoft Desktop" (infinity vm os-types lists them)' },
  { field: 'osType', flags: '--os-type <type>', description: 'OS type, e.g. "Debian (64 bit)"' },
  { field: 'ramMb', flags: '--ram <size>', description: 'memory, in MB or with a unit (512M, 2G)', parse: parseMegabytes },
  { field: 'vramMb', flags: '--vram <size>', description: `video memory, in MB or with a unit (at most ${VM_LIMITS.vramMbMax}M)`, parse: parseMegabytes },
  { field: 'sharedPercent', flags: '--shared <percent>', description: '% Shared: memory that may be ballooned, 0-100', parse: (v) => parseInteger(v, 0, 100) },
  { field: 'hostGroup', flags: '--host-group <group>', description: 'Host Group by name or id; "none" for no Host Group' },
  { field: 'audio', flags: '--audio <card>', description: `sound card: ${AUDIO_TYPES.join(', ')}` },
  { field: 'rdpAuth', flags: '--rdp-auth <mode>', description: `remote desktop authentication: ${RDP_AUTH.join(', ')}` },
  { field: 'cdrom', flags: '--cdrom <on|off>', description: 'CD-ROM drive', parse: parseSwitch },
  { field: 'usb', flags: '--usb <on|off>', description: 'USB controller', parse: parseSwitch },
  { field: 'fusion', flags: '--fusion <on|off>', description: 'Page Fusion', parse: parseSwitch },
  { field: 'threeD', flags: '--three-d <on|off>', description: '3D acceleration', parse: parseSwitch },
  { field: 'autoBoot', flags: '--auto-boot <on|off>', description: 'start when a Host of its Host Group starts', parse: parseSwitch },
  { field: 'comment', flags: '--comment <text>', description: 'comment' },
  {
    field: 'nics',
    flags: '--nic <TYPE:ATTACHMENT[:NETWORK]>',
    description: `network card, repeat for more (up to 8; replaces the current list); TYPE: ${NIC_TYPES.join(', ')}; ATTACHMENT: nat, bridged, virtual (NETWORK 1-50); "none" for no cards`,
    parse: collectNics,
  },
];

/** Advanced properties (the manual's VM Advanced Properties) go into the body's `advanced` object. */
const ADVANCED_OPTIONS: CliOption[] = [
  { flags: '--cpus <count>', description: 'virtual CPUs', parse: (v) => parseInteger(v, 1, VM_LIMITS.cpuMax) },
  { flags: '--advanced <KEY=VALUE>', description: 'an advanced property (ioapic, vtx, hpet, hdController, executionCap, chipset, ...), repeatable', parse: collectAdvanced },
];

const vmOptions = (): CliOption[] => [...settingOptions(SETTINGS), ...ADVANCED_OPTIONS];

function vmBody(options: Record<string, unknown>): Record<string, unknown> {
  const body = settingsBody(SETTINGS, options);
  // Commander turns a parser's null into '', so "none" becomes the API's null here.
  if (typeof body.hostGroup === 'string' && body.hostGroup.toLowerCase() === 'none') body.hostGroup = null;
  const advanced = { ...(options.advanced as Record<string, unknown> | undefined) };
  if (options.cpus !== undefined) advanced.cpuCount = options.cpus;
  if (Object.keys(advanced).length > 0) body.advanced = advanced;
  return body;
}

const path = (vm: string) => `/vms/${encodeURIComponent(vm)}`;

const SNAPSHOT_COLUMNS: Column<VmSnapshot>[] = [
  { header: 'DATE', value: (s) => s.createdAt },
  { header: 'TASK', value: (s) => s.taskId },
  { header: 'COMMENT', value: (s) => s.comment },
  { header: 'DRIVES', value: (s) => s.snapshots.map((d) => d.drive).join(', ') },
  { header: 'ID', value: (s) => s.id },
];

const DRIVE_COLUMNS: Column<Record<string, unknown>>[] = [
  { header: 'NAME', value: (d) => d.name },
  { header: 'SIZE', value: (d) => formatSize(d.size as number) },
  { header: 'USED', value: (d) => (d.used === null ? null : formatSize(d.used as number)) },
  { header: 'SPARSE', value: (d) => d.sparse },
  { header: 'POOL', value: (d) => d.pool },
  { header: 'ID', value: (d) => d.id },
];

/** `--disk-size` (with --pool, --sparse, --compression) becomes the API's `disk`. */
export function diskBody(options: Record<string, unknown>): { disk?: Record<string, unknown> } {
  if (options.diskSize === undefined) {
    if (options.pool !== undefined || options.sparse !== undefined || options.compression !== undefined) {
      throw new Error('--pool, --sparse and --compression describe the new drive: give --disk-size too');
    }
    return {};
  }
  return {
    disk: {
      sizeBytes: parseSize(String(options.diskSize)),
      sparse: options.sparse === true,
      ...(options.pool === undefined ? {} : { pool: options.pool }),
      ...(options.compression === undefined ? {} : { compression: options.compression }),
    },
  };
}

export const vmCommand: CliCommand = {
  name: 'vm',
  description: 'Virtual machines and templates',
  subcommands: [
    {
      name: 'list',
      description: 'List the VMs and templates you can see',
      options: [
        { flags: '--templates', description: 'only templates' },
        { flags: '--no-templates', description: 'only VMs, no templates' },
        { flags: '--host-group <group>', description: 'only VMs of this Host Group (name or id)' },
        JSON_OPTION,
      ],
      async run(_args, options) {
        const template = options.templates === undefined ? undefined : String(options.templates);
        const vms = await withClient((c) => c.get<Vm[]>('/vms', { template, hostGroup: options.hostGroup as string | undefined }));
        print(options, vms, () => table(vms, VM_COLUMNS));
      },
    },
    {
      name: 'create',
      description: 'Create a VM (or several copies), optionally from a template',
      options: [
        { flags: '--name <name>', description: 'VM name; with --copies N the copies are NAME-1 ... NAME-N', required: true },
        { flags: '--copies <count>', description: 'how many VMs to create', parse: (v) => parseInteger(v, 1, 100) },
        { flags: '--template <template>', description: 'template (name or id): the new VMs get its settings and thin clones of its drives' },
        { flags: '--disk-size <size>', description: 'give each new VM a new drive of this size (512M, 10G, 2T)' },
        { flags: '--pool <pool>', description: 'storage pool of the new drive (default: the first online pool)' },
        { flags: '--sparse', description: 'make the new drive sparse (thin): it uses only what is written' },
        { flags: '--compression <c>', description: 'compression of the new drive: off, lz4 or zstd (ZFS pools)' },
        ...vmOptions(),
        JSON_OPTION,
      ],
      async run(_args, options) {
        const body = {
          name: options.name,
          ...(options.copies === undefined ? {} : { copies: options.copies }),
          ...(options.template === undefined ? {} : { template: options.template }),
          ...diskBody(options),
          ...vmBody(options),
        };
        const vms = await withClient((c) => c.post<Vm[]>('/vms', body));
        print(options, vms, () => table(vms, VM_COLUMNS));
      },
    },
    {
      name: 'show',
      description: "Show a VM's settings",
      args: [VM_ARG],
      options: [JSON_OPTION],
      async run([vm], options) {
        const found = await withClient((c) => c.get<Vm>(path(vm!)));
        print(options, found, () => details(found, DETAIL_COLUMNS));
      },
    },
    {
      name: 'set',
      description: "Change a VM's name or settings; changing a running VM's Host Group requests a teleport",
      args: [VM_ARG],
      options: [{ flags: '--name <name>', description: 'new name' }, ...vmOptions(), JSON_OPTION],
      async run([vm], options) {
        const body = { ...(options.name === undefined ? {} : { name: options.name }), ...vmBody(options) };
        if (Object.keys(body).length === 0) throw new Error('nothing to change: give at least one setting (see infinity vm set --help)');
        const reply = await withClient((c) => c.patch<UpdateVmReply>(path(vm!), body));
        print(options, reply, () =>
          [details(reply.vm, DETAIL_COLUMNS), ...(reply.teleportRequested ? ['The VM is running: its move to the new Host Group was recorded as a teleport request.'] : [])].join('\n'),
        );
      },
    },
    {
      name: 'delete',
      description: "Delete a VM or template (a regular user's delete only removes their access while others still have it)",
      args: [VM_ARG],
      options: [JSON_OPTION],
      async run([vm], options) {
        const reply = await withClient((c) => c.delete<DeleteReply>(path(vm!)));
        print(options, reply, () => (reply.outcome === 'delete' ? `Deleted ${vm}.` : `Removed your access to ${vm}; others still have it.`));
      },
    },
    {
      name: 'clone',
      description: 'Clone a VM into one or more copies (thin clones of a snapshot taken now)',
      args: [VM_ARG],
      options: [
        { flags: '--copies <count>', description: 'how many clones; with more than one they are NAME-1 ... NAME-N', parse: (v) => parseInteger(v, 1, 100) },
        { flags: '--name <name>', description: 'name (or base name) of the clones (default: VM-clone)' },
        { flags: '--host-group <group>', description: 'Host Group of the clones' },
        JSON_OPTION,
      ],
      async run([vm], options) {
        const body = {
          ...(options.copies === undefined ? {} : { copies: options.copies }),
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.hostGroup === undefined ? {} : { hostGroup: options.hostGroup }),
        };
        const vms = await withClient((c) => c.post<Vm[]>(`${path(vm!)}/clone`, body));
        print(options, vms, () => table(vms, VM_COLUMNS));
      },
    },
    {
      name: 'snapshot',
      description: 'Snapshot every drive of a VM now',
      args: [VM_ARG],
      options: [{ flags: '--comment <text>', description: 'comment' }, JSON_OPTION],
      async run([vm], options) {
        const snapshot = await withClient((c) => c.post<VmSnapshot>(`${path(vm!)}/snapshots`, options.comment === undefined ? {} : { comment: options.comment }));
        print(options, snapshot, () => table([snapshot], SNAPSHOT_COLUMNS));
      },
    },
    {
      name: 'snapshots',
      description: "List a VM's snapshots",
      args: [VM_ARG],
      options: [JSON_OPTION],
      async run([vm], options) {
        const snapshots = await withClient((c) => c.get<VmSnapshot[]>(`${path(vm!)}/snapshots`));
        print(options, snapshots, () => table(snapshots, SNAPSHOT_COLUMNS));
      },
    },
    {
      name: 'delete-snapshots',
      description: "Delete VM snapshots (every drive's snapshot in each) at once: all or none, refused while any has clones",
      args: [VM_ARG, { syntax: '<snapshot...>', description: 'VM snapshot ids (infinity vm snapshots VM)' }],
      async run([vm, ...ids]) {
        const deleted = await withClient(async (c) => {
          const known = await c.get<VmSnapshot[]>(`${path(vm!)}/snapshots`);
          const chosen = [...new Set(ids)].map((id) => {
            const found = known.find((s) => s.id === id);
            if (!found) throw new Error(`${vm} has no snapshot ${id}; infinity vm snapshots ${vm} lists them`);
            return found;
          });
          // One call for every drive snapshot of every chosen VM snapshot, so a refusal deletes none.
          await c.post('/snapshots/delete', { ids: chosen.flatMap((s) => s.snapshots.map((d) => d.id)) });
          return chosen;
        });
        process.stdout.write(deleted.map((s) => `Deleted snapshot ${s.id} of ${s.createdAt}${s.comment ? ` (${s.comment})` : ''}: drives ${s.snapshots.map((d) => d.drive).join(', ')}\n`).join(''));
      },
    },
    {
      name: 'clone-snapshot',
      description: 'Make a new VM from a VM snapshot, as the VM was when it was taken',
      args: [{ syntax: '<snapshot>', description: 'VM snapshot id (infinity vm snapshots VM)' }],
      options: [{ flags: '--name <name>', description: 'name of the new VM', required: true }, JSON_OPTION],
      async run([snapshot], options) {
        const made = await withClient((c) => c.post<Vm>(`/vm-snapshots/${encodeURIComponent(snapshot!)}/clone`, { name: options.name }));
        print(options, made, () => details(made, DETAIL_COLUMNS));
      },
    },
    {
      name: 'drives',
      description: "List a VM's hard drives",
      args: [VM_ARG],
      options: [JSON_OPTION],
      async run([vm], options) {
        const drives = await withClient((c) => c.get<Record<string, unknown>[]>(`${path(vm!)}/drives`));
        print(options, drives, () => table(drives, DRIVE_COLUMNS));
      },
    },
    {
      name: 'template',
      description: 'Turn a VM into a template (cannot be undone)',
      args: [VM_ARG],
      options: [JSON_OPTION],
      async run([vm], options) {
        const reply = await withClient((c) => c.post<Vm>(`${path(vm!)}/template`));
        print(options, reply, () => `${reply.name} is now a template.`);
      },
    },
    {
      name: 'users',
      description: 'List the users with access to a VM (administrators always have access)',
      args: [VM_ARG],
      options: [JSON_OPTION],
      async run([vm], options) {
        const users = await withClient((c) => c.get<VmUser[]>(`${path(vm!)}/users`));
        print(options, users, () => table(users, [
          { header: 'NAME', value: (u) => u.name },
          { header: 'ROLE', value: (u) => u.role },
          { header: 'ID', value: (u) => u.id },
        ]));
      },
    },
    {
      name: 'teleports',
      description: 'List the teleport requests recorded for a VM',
      args: [VM_ARG],
      options: [JSON_OPTION],
      async run([vm], options) {
        const rows = await withClient((c) => c.get<TeleportRequest[]>(`${path(vm!)}/teleports`));
        print(options, rows, () => table(rows, [
          { header: 'REQUESTED', value: (t) => t.requestedAt },
          { header: 'FROM', value: (t) => t.fromHostGroupId },
          { header: 'TO', value: (t) => t.toHostGroupId },
          { header: 'STATUS', value: (t) => t.status },
          { header: 'ID', value: (t) => t.id },
        ]));
      },
    },
    {
      name: 'power',
      description: 'Start, stop, reset or suspend a VM on its Host Group',
      args: [VM_ARG, { syntax: '<action>', description: 'start, poweroff, reset, suspend or shutdown' }],
      options: [JSON_OPTION],
      async run([vm, action], options) {
        const reply = await withClient((c) => c.post(`${path(vm!)}/power`, { action }));
        print(options, reply, () => `Sent ${action} to ${vm}.`);
      },
    },
    {
      name: 'os-types',
      description: 'List the vendors and OS types a VM can have',
      options: [JSON_OPTION],
      async run(_args, options) {
        const catalog = await withClient((c) => c.get<Record<string, string[]>>('/os-types'));
        const rows = Object.entries(catalog).flatMap(([vendor, types]) => types.map((type) => ({ vendor, type })));
        print(options, catalog, () => table(rows, [{ header: 'VENDOR', value: (r) => r.vendor }, { header: 'OS TYPE', value: (r) => r.type }]));
      },
    },
  ],
};
