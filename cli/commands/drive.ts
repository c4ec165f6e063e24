import { formatSize, parseSize } from '../../lib/sizes.js';
import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { details, JSON_OPTION, print, table, type Column } from '../output.js';
import type { Drive, ExportReply, Snapshot } from '../../lib/protocol/storage.js';
import type { DeleteReply } from '../../lib/protocol/vms.js';

const COLUMNS: Column<Drive>[] = [
  { header: 'NAME', value: (d) => d.name },
  { header: 'VM', value: (d) => d.vm ?? '(unassigned)' },
  { header: 'SIZE', value: (d) => formatSize(d.size) },
  { header: 'USED', value: (d) => (d.used === null ? null : formatSize(d.used)) },
  { header: 'SPARSE', value: (d) => d.sparse },
  { header: 'POOL', value: (d) => d.pool },
  { header: 'SNAPSHOTS', value: (d) => d.snapshots },
  { header: 'EXPORTED', value: (d) => d.export !== null },
  { header: 'ID', value: (d) => d.id },
];

const DETAILS: Column<Drive>[] = [
  ...COLUMNS,
  { header: 'EXPORTED TO', value: (d) => d.export?.initiator },
  { header: 'CHAP USER', value: (d) => (d.export ? d.export.chapUser ?? 'none (no CHAP)' : null) },
  { header: 'TARGET', value: (d) => d.export?.targetIqn },
  { header: 'SERVER', value: (d) => d.server },
  { header: 'SNAPSHOT SPACE', value: (d) => (d.snapshotSpace === null ? null : formatSize(d.snapshotSpace)) },
  { header: 'COMPRESSION', value: (d) => d.compression },
  { header: 'READ ONLY', value: (d) => d.readOnly },
  { header: 'PRIMARY', value: (d) => d.isPrimary },
  { header: 'AUTO FAILOVER', value: (d) => d.autoFailover },
  { header: 'DYNAMIC RESERVATION %', value: (d) => d.reservationPercent },
  { header: 'TYPE', value: (d) => d.type },
  { header: 'IO SYNC', value: (d) => d.ioSync },
  { header: 'COMMENT', value: (d) => d.comment },
];

const SNAPSHOT_COLUMNS: Column<Snapshot>[] = [
  { header: 'DATE', value: (s) => s.createdAt },
  { header: 'DRIVE', value: (s) => s.drive },
  { header: 'TASK', value: (s) => s.taskId },
  { header: 'COMMENT', value: (s) => s.comment },
  { header: 'CLONES', value: (s) => s.clones.join(', ') },
  { header: 'ID', value: (s) => s.id },
];

const DRIVE_ARG = { syntax: '<drive>', description: 'Drive name or id' };
const path = (drive: string) => `/drives/${encodeURIComponent(drive)}`;

const SETTINGS = [
  { flags: '--compression <c>', description: 'off, lz4 or zstd (ZFS pools; affects new writes only)' },
  { flags: '--type <type>', description: 'controller type the VM sees: ide, sata, scsi, sas or virtio' },
  { flags: '--io-sync <mode>', description: 'standard (cached writes) or always (every write reaches stable storage first)' },
  { flags: '--reservation <percent>', description: 'dynamic reservation for sparse drives, 0-100' },
  { flags: '--comment <text>', description: 'comment' },
];

function settings(options: Record<string, unknown>): Record<string, unknown> {
  const reservation = options.reservation === undefined ? undefined : Number(options.reservation);
  if (reservation !== undefined && !Number.isInteger(reservation)) throw new Error('--reservation must be a whole percentage');
  return {
    ...(options.compression === undefined ? {} : { compression: options.compression }),
    ...(options.type === undefined ? {} : { type: options.type }),
    ...(options.ioSync === undefined ? {} : { ioSync: options.ioSync }),
    ...(reservation === undefined ? {} : { reservationPercent: reservation }),
    ...(options.comment === undefined ? {} : { comment: options.comment }),
  };
}

export const driveCommand: CliCommand = {
  name: 'drive',
  description: 'Hard drives: list, create, change, grow, snapshot, clone, export over iSCSI',
  subcommands: [
    {
      name: 'list',
      description: 'List the drives you can see (assigned to a VM, or unassigned)',
      options: [JSON_OPTION],
      async run(_args, options) {
        const drives = await withClient((c) => c.get<Drive[]>('/drives'));
        print(options, drives, () => table(drives, COLUMNS));
      },
    },
    {
      name: 'create',
      description: 'Create a drive, for a VM or on its own',
      options: [
        { flags: '--size <size>', description: 'size, e.g. 512M, 10G, 2T', required: true },
        { flags: '--name <name>', description: 'drive name (default for a VM: VMNAME-N)' },
        { flags: '--vm <vm>', description: 'attach to this VM' },
        { flags: '--pool <pool>', description: 'storage pool (default: the first online pool)' },
        { flags: '--sparse', description: 'make the drive sparse (thin): it uses only what is written (default: thick, the whole size reserved now)' },
        ...SETTINGS,
        JSON_OPTION,
      ],
      async run(_args, options) {
        const body = {
          sizeBytes: parseSize(String(options.size)),
          sparse: options.sparse === true,
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.vm === undefined ? {} : { vm: options.vm }),
          ...(options.pool === undefined ? {} : { pool: options.pool }),
          ...settings(options),
        };
        const drive = await withClient((c) => c.post<Drive>('/drives', body));
        print(options, drive, () => details(drive, DETAILS));
      },
    },
    { name: 'show', description: 'Show a drive (the details panel)', args: [DRIVE_ARG], options: [JSON_OPTION], async run([drive], options) {
      const found = await withClient((c) => c.get<Drive>(path(drive!)));
      print(options, found, () => details(found, DETAILS));
    } },
    {
      name: 'set',
      description: "Change a drive's name, comment or properties",
      args: [DRIVE_ARG],
      options: [{ flags: '--name <name>', description: 'new name' }, { flags: '--read-only <yes|no>', description: 'read only' }, ...SETTINGS, JSON_OPTION],
      async run([drive], options) {
        const readOnly = options.readOnly === undefined ? undefined : yesNo(String(options.readOnly), '--read-only');
        const body = { ...(options.name === undefined ? {} : { name: options.name }), ...(readOnly === undefined ? {} : { readOnly }), ...settings(options) };
        if (Object.keys(body).length === 0) throw new Error('nothing to change: give at least one option');
        const updated = await withClient((c) => c.patch<Drive>(path(drive!), body));
        print(options, updated, () => details(updated, DETAILS));
      },
    },
    {
      name: 'grow',
      description: 'Grow a drive (drives only grow)',
      args: [DRIVE_ARG],
      options: [{ flags: '--size <size>', description: 'the new, larger size, e.g. 20G', required: true }, JSON_OPTION],
      async run([drive], options) {
        const updated = await withClient((c) => c.post<Drive>(`${path(drive!)}/grow`, { sizeBytes: parseSize(String(options.size)) }));
        print(options, updated, () => details(updated, DETAILS));
      },
    },
    { name: 'delete', description: 'Delete an unassigned drive (for regular users: unassign while others have access)', args: [DRIVE_ARG], options: [JSON_OPTION], async run([drive], options) {
      const result = await withClient((c) => c.delete<DeleteReply>(path(drive!)));
      print(options, result, () => (result.outcome === 'delete' ? 'deleted' : 'unassigned from you (others still have access)'));
    } },
    {
      name: 'snapshot',
      description: 'Snapshot a drive now',
      args: [DRIVE_ARG],
      options: [{ flags: '--comment <text>', description: 'comment' }, JSON_OPTION],
      async run([drive], options) {
        const snapshot = await withClient((c) => c.post<Snapshot>(`${path(drive!)}/snapshots`, options.comment === undefined ? {} : { comment: options.comment }));
        print(options, snapshot, () => details(snapshot, SNAPSHOT_COLUMNS));
      },
    },
    { name: 'snapshots', description: "List a drive's snapshots", args: [DRIVE_ARG], options: [JSON_OPTION], async run([drive], options) {
      const snapshots = await withClient((c) => c.get<Snapshot[]>(`${path(drive!)}/snapshots`));
      print(options, snapshots, () => table(snapshots, SNAPSHOT_COLUMNS));
    } },
    {
      name: 'export',
      description: 'Export a drive over iSCSI to one initiator (administrators; booting does this by itself); prints the portal and target',
      args: [DRIVE_ARG],
      options: [
        { flags: '--initiator <iqn>', description: 'the initiator name allowed to log in', required: true },
        { flags: '--chap-user <user>', description: 'CHAP user (default: one per drive)' },
        { flags: '--chap-secret <secret>', description: 'CHAP secret, 12-64 characters (default: a new random one)' },
        { flags: '--no-chap', description: 'admit the bare initiator name without CHAP (only when you mean it)' },
        JSON_OPTION,
      ],
      async run([drive], options) {
        const body = {
          initiator: options.initiator,
          ...(options.chap === false ? { noChap: true } : {}),
          ...(options.chapUser === undefined ? {} : { chapUser: options.chapUser }),
          ...(options.chapSecret === undefined ? {} : { chapSecret: options.chapSecret }),
        };
        const result = await withClient((c) => c.post<ExportReply>(`${path(drive!)}/export`, body));
        print(options, result, () =>
          [`portal ${result.portal}`, `target ${result.targetIqn}`, `initiator ${result.initiator}`, ...(result.chapUser ? [`chap-user ${result.chapUser}`, `chap-secret ${result.chapSecret}`] : ['no CHAP'])].join('\n'),
        );
      },
    },
    { name: 'unexport', description: "Remove a drive's iSCSI target", args: [DRIVE_ARG], async run([drive]) {
      await withClient((c) => c.post(`${path(drive!)}/unexport`));
    } },
    {
      name: 'delete-snapshots',
      description: 'Delete several snapshots at once (all or none; refused while any has clones)',
      args: [{ syntax: '<snapshot...>', description: 'drive snapshot ids (infinity drive snapshots DRIVE; for VM snapshots: infinity vm delete-snapshots)' }],
      async run(ids) {
        const unique = [...new Set(ids)];
        await withClient((c) => c.post('/snapshots/delete', { ids: unique }));
        process.stdout.write(unique.map((id) => `Deleted snapshot ${id}\n`).join(''));
      },
    },
    {
      name: 'clone-snapshot',
      description: 'Clone a drive snapshot into a new, unassigned drive',
      args: [{ syntax: '<snapshot>', description: 'snapshot id' }],
      options: [{ flags: '--name <name>', description: 'name of the new drive', required: true }, JSON_OPTION],
      async run([snapshot], options) {
        const drive = await withClient((c) => c.post<Drive>(`/snapshots/${encodeURIComponent(snapshot!)}/clone`, { name: options.name }));
        print(options, drive, () => details(drive, DETAILS));
      },
    },
  ],
};

function yesNo(value: string, flag: string): boolean {
  if (/^(yes|true|on)$/i.test(value)) return true;
  if (/^(no|false|off)$/i.test(value)) return false;
  throw new Error(`${flag} takes yes or no, not "${value}"`);
}
