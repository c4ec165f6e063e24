import { type Static, Type } from 'typebox';
import { HD_CONTROLLERS } from '../catalog.js';
import { MAX_DRIVE_BYTES, MIB } from '../sizes.js';
import { COMPRESSIONS, IO_SYNC } from '../catalog.js';
import { Name } from './common.js';
import { oneOf } from './one-of.js';

const Ref = (description: string) => Type.String({ minLength: 1, maxLength: 128, description });

export const SizeBytes = Type.Integer({ minimum: MIB, maximum: MAX_DRIVE_BYTES, multipleOf: MIB, description: 'Bytes, a whole number of MiB' });
export type SizeBytes = Static<typeof SizeBytes>;

export const Pool = Type.Object({
  id: Type.String(),
  name: Type.String(),
  driver: oneOf(['file', 'zfs'] as const),
  location: Type.String(),
  online: Type.Boolean({ description: 'Only online pools receive new drives' }),
  server: Type.String({ description: 'Server name' }),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()], { description: 'null when the pool cannot be reached' }),
  freeBytes: Type.Union([Type.Integer(), Type.Null()]),
  usedBytes: Type.Union([Type.Integer(), Type.Null()]),
  drives: Type.Integer(),
  thinClones: Type.Union([Type.Boolean(), Type.Null()], { description: 'Clones share blocks (kilobytes, not a copy)' }),
  cloneAdvice: Type.Union([Type.String(), Type.Null()], {
    description: 'When clones are full copies: why, and how to get thin clones',
  }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why the pool could not be read' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Pool = Static<typeof Pool>;

export const AddPoolBody = Type.Object(
  {
    name: Name('Pool name'),
    driver: oneOf(['file', 'zfs'] as const, 'file: a directory of images (the embedded default); zfs: zvols under a dataset'),
    location: Type.String({
      minLength: 1, maxLength: 1024,
      description: 'file: a directory; zfs: a dataset, or ssh://user@host[:port]/dataset for a storage box, '
        + 'whose drives LIO on the box exports; add ?iscsi-portal=host:port when initiators reach it '
        + 'elsewhere than the SSH host at port 3260',
    }),
  },
  { additionalProperties: false },
);
export type AddPoolBody = Static<typeof AddPoolBody>;

export const SetPoolBody = Type.Object({ online: Type.Boolean() }, { additionalProperties: false });
export type SetPoolBody = Static<typeof SetPoolBody>;

const driveSettings = {
  sparse: Type.Optional(Type.Boolean({ description: 'Thin: uses only what is written. Default false: a thick drive holds its whole size, as in the manual' })),
  compression: Type.Optional(oneOf(COMPRESSIONS)),
  type: Type.Optional(oneOf(HD_CONTROLLERS, 'Controller type the VM sees')),
  ioSync: Type.Optional(oneOf(IO_SYNC, 'always: every write reaches stable storage before it is acknowledged')),
  reservationPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Dynamic reservation for sparse drives' })),
  readOnly: Type.Optional(Type.Boolean()),
  comment: Type.Optional(Type.String({ maxLength: 4096 })),
};

export const DiskBody = Type.Object(
  { sizeBytes: SizeBytes, pool: Type.Optional(Ref('Pool id or name (default: the first online pool)')), ...driveSettings },
  { additionalProperties: false },
);
export type DiskBody = Static<typeof DiskBody>;

export const CreateDriveBody = Type.Object(
  {
    name: Type.Optional(Name('Drive name (default for a VM\'s drive: VMNAME-N)')),
    vm: Type.Optional(Ref('Attach to this VM (id or name)')),
    pool: Type.Optional(Ref('Pool id or name (default: the first online pool)')),
    sizeBytes: SizeBytes,
    ...driveSettings,
  },
  { additionalProperties: false },
);
export type CreateDriveBody = Static<typeof CreateDriveBody>;

export const UpdateDriveBody = Type.Object(
  {
    name: Type.Optional(Name('New drive name')),
    compression: Type.Optional(oneOf(COMPRESSIONS)),
    readOnly: Type.Optional(Type.Boolean()),
    ioSync: Type.Optional(oneOf(IO_SYNC)),
    type: Type.Optional(oneOf(HD_CONTROLLERS)),
    reservationPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    isPrimary: Type.Optional(Type.Boolean()),
    autoFailover: Type.Optional(Type.Boolean()),
    comment: Type.Optional(Type.String({ maxLength: 4096 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDriveBody = Static<typeof UpdateDriveBody>;

export const GrowBody = Type.Object({ sizeBytes: SizeBytes }, { additionalProperties: false });
export type GrowBody = Static<typeof GrowBody>;

export const Drive = Type.Object({
  id: Type.String(),
  name: Type.String(),
  vmId: Type.Union([Type.String(), Type.Null()]),
  vm: Type.Union([Type.String(), Type.Null()], { description: 'VM name; null: unassigned (brown in the console), else assigned (green)' }),
  position: Type.Union([Type.Integer(), Type.Null()]),
  poolId: Type.String(),
  pool: Type.String({ description: 'Pool name' }),
  server: Type.String(),
  size: Type.Integer({ description: 'Configured size, bytes' }),
  used: Type.Union([Type.Integer(), Type.Null()], { description: 'Space it takes in the pool, bytes (null: pool unreachable)' }),
  snapshotSpace: Type.Union([Type.Integer(), Type.Null()], { description: 'Space held by its snapshots, bytes' }),
  snapshots: Type.Integer(),
  sparse: Type.Boolean(),
  compression: oneOf(COMPRESSIONS),
  readOnly: Type.Boolean(),
  isPrimary: Type.Boolean(),
  autoFailover: Type.Boolean(),
  reservationPercent: Type.Integer(),
  type: Type.String(),
  ioSync: oneOf(IO_SYNC),
  comment: Type.String(),
  originSnapshotId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  export: Type.Union([
    Type.Object({
      initiator: Type.String({ description: 'The one initiator name allowed to log in' }),
      chapUser: Type.Union([Type.String(), Type.Null()], { description: 'null: the bare initiator name, without CHAP' }),
      targetIqn: Type.String(),
    }),
    Type.Null(),
  ], { description: 'Its iSCSI export; null: not exported. The CHAP secret is shown only to whoever exports' }),
});
export type Drive = Static<typeof Drive>;

export const Snapshot = Type.Object({
  id: Type.String(),
  driveId: Type.String(),
  drive: Type.String(),
  vmId: Type.Union([Type.String(), Type.Null()]),
  vmSnapshotId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  comment: Type.String(),
  taskId: Type.Union([Type.String(), Type.Null()]),
  clones: Type.Array(Type.String(), { description: 'Names of drives cloned from it (it cannot be deleted while any exist)' }),
});
export type Snapshot = Static<typeof Snapshot>;

export const VmSnapshot = Type.Object({
  id: Type.String({ description: 'VM snapshot id (clone it into a new VM)' }),
  createdAt: Type.String({ format: 'date-time' }),
  comment: Type.String(),
  taskId: Type.Union([Type.String(), Type.Null()]),
  snapshots: Type.Array(Snapshot),
});
export type VmSnapshot = Static<typeof VmSnapshot>;

export const SnapshotVmBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 4096 })) }, { additionalProperties: false });
export type SnapshotVmBody = Static<typeof SnapshotVmBody>;
export const SnapshotCommentBody = Type.Object({ comment: Type.String({ maxLength: 4096 }) }, { additionalProperties: false });
export type SnapshotCommentBody = Static<typeof SnapshotCommentBody>;
export const DeleteSnapshotsBody = Type.Object(
  { ids: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: 1000, description: 'Snapshot ids (drive snapshots)' }) },
  { additionalProperties: false },
);
export type DeleteSnapshotsBody = Static<typeof DeleteSnapshotsBody>;

export const CloneVmBody = Type.Object(
  {
    copies: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    name: Type.Optional(Name('Base name of the clones (default: the VM name + "-clone")')),
    hostGroup: Type.Optional(Type.Union([Ref('Host Group id or name'), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CloneVmBody = Static<typeof CloneVmBody>;

export const CloneSnapshotBody = Type.Object(
  { name: Name('Name of the new VM (VM snapshot) or drive (drive snapshot)') },
  { additionalProperties: false },
);
export type CloneSnapshotBody = Static<typeof CloneSnapshotBody>;

export const ExportBody = Type.Object(
  {
    initiator: Type.String({ minLength: 1, maxLength: 223, description: 'The iSCSI initiator name allowed to log in (iqn.YYYY-MM.domain:name)' }),
    chapUser: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' })),
    chapSecret: Type.Optional(
      Type.String({
        minLength: 12,
        maxLength: 64,
        // Printable ASCII without spaces: what every initiator can type, and nothing a log line or a command refuses.
        pattern: '^[!-~]+$',
        description: 'Default: a new random secret. 12 to 64 printable ASCII characters, no spaces.',
      }),
    ),
    noChap: Type.Optional(Type.Boolean({ description: 'Admit the bare initiator name without CHAP: only when you mean it' })),
  },
  { additionalProperties: false },
);
export type ExportBody = Static<typeof ExportBody>;

export const ExportReply = Type.Object({
  driveId: Type.String(),
  targetIqn: Type.String(),
  portal: Type.String({ description: 'host:port of the iSCSI portal' }),
  initiator: Type.String(),
  chapUser: Type.Union([Type.String(), Type.Null()]),
  chapSecret: Type.Union([Type.String(), Type.Null()], { description: 'Shown to the administrator who exports, for the initiator' }),
});
export type ExportReply = Static<typeof ExportReply>;

export const AttachDriveBody = Type.Object(
  {
    drive: Ref('Drive id or name'),
    mode: Type.Optional(oneOf(['move', 'clone'] as const, 'For a drive on another VM: move it here, or clone it (a snapshot taken now)')),
  },
  { additionalProperties: false },
);
export type AttachDriveBody = Static<typeof AttachDriveBody>;

export const VmDriveParams = Type.Object({ id: Ref('VM id or name'), drive: Ref('Drive id or name') });
export type VmDriveParams = Static<typeof VmDriveParams>;
