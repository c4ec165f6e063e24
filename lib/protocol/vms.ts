import { type Static, Type } from 'typebox';
import {
  AUDIO_TYPES, CHIPSETS, HD_CONTROLLERS, MAX_NICS, MAX_VIRTUAL_NETWORK, NIC_ATTACHMENTS, NIC_TYPES, RDP_AUTH, VM_LIMITS, VM_STATES,
} from '../catalog.js';
import { Name } from './common.js';
import { oneOf } from './one-of.js';
import { DiskBody } from './storage.js';

const Mac = Type.String({ pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$', description: 'aa:bb:cc:dd:ee:ff' });

export const NicInput = Type.Object(
  {
    type: oneOf(NIC_TYPES, 'One of the six card types (manual: "VM Network Properties")'),
    attachment: oneOf(NIC_ATTACHMENTS, 'NAT, Bridged or Virtual'),
    network: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: MAX_VIRTUAL_NETWORK }), Type.Null()], { description: 'Virtual network 1-50 (Virtual attachments only)' })),
    mac: Type.Optional(Mac),
  },
  { additionalProperties: false },
);
export type NicInput = Static<typeof NicInput>;

export const Nic = Type.Object({
  slot: Type.Integer(),
  type: Type.String(),
  attachment: oneOf(NIC_ATTACHMENTS),
  network: Type.Union([Type.Integer(), Type.Null()]),
  mac: Type.String(),
});
export type Nic = Static<typeof Nic>;

const advancedFields = {
  ioapic: Type.Boolean(),
  vtx: Type.Boolean({ description: 'VT-x/AMD-v' }),
  synthCpu: Type.Boolean(),
  nestedPaging: Type.Boolean(),
  largePages: Type.Boolean(),
  vpid: Type.Boolean(),
  hpet: Type.Boolean(),
  usbEhci: Type.Boolean(),
  pae: Type.Boolean({ description: 'PAE/NX' }),
  hdController: oneOf(HD_CONTROLLERS),
  cpuCount: Type.Integer({ minimum: 1, maximum: VM_LIMITS.cpuMax }),
  executionCap: Type.Integer({ minimum: 1, maximum: 100, description: 'Percent of a host CPU' }),
  chipset: oneOf(CHIPSETS),
};

export const Advanced = Type.Object(advancedFields);
export type Advanced = Static<typeof Advanced>;
export const AdvancedInput = Type.Partial(Type.Object(advancedFields), { additionalProperties: false });
export type AdvancedInput = Static<typeof AdvancedInput>;

const settingFields = {
  vendor: Type.String({ minLength: 1, maxLength: 64, description: 'GET /api/v1/os-types lists vendors and their OS types' }),
  osType: Type.String({ minLength: 1, maxLength: 64 }),
  ramMb: Type.Integer({ minimum: VM_LIMITS.ramMbMin, maximum: VM_LIMITS.ramMbMax }),
  vramMb: Type.Integer({ minimum: 1, maximum: VM_LIMITS.vramMbMax }),
  sharedPercent: Type.Integer({ minimum: 0, maximum: 100, description: '% Shared: balloon memory' }),
  rdpAuth: oneOf(RDP_AUTH, 'host: authentication configured on the Host; none: anyone may connect'),
  cdrom: Type.Boolean(),
  usb: Type.Boolean(),
  fusion: Type.Boolean({ description: 'Page Fusion' }),
  threeD: Type.Boolean({ description: '3D acceleration' }),
  autoBoot: Type.Boolean({ description: 'Start when a Host of its Host Group starts' }),
  audio: oneOf(AUDIO_TYPES, 'Sound card: none, Intel HDA, AC97 or SoundBlaster 16'),
  comment: Type.String({ maxLength: VM_LIMITS.commentMax }),
};

const inputFields = {
  ...Object.fromEntries(Object.entries(settingFields).map(([k, v]) => [k, Type.Optional(v)])),
  advanced: Type.Optional(AdvancedInput),
  nics: Type.Optional(Type.Array(NicInput, { maxItems: MAX_NICS, description: `Up to ${MAX_NICS} network cards; the list replaces the current one` })),
  hostGroup: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()], { description: 'Host Group id or name; null for none' })),
};

export const CreateVmBody = Type.Object(
  {
    name: Name('VM name; with copies > 1 the copies are named NAME-1 ... NAME-N'),
    copies: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Template id or name: the new VMs get its settings and thin clones of its drives (from its last snapshot)' })),
    disk: Type.Optional(DiskBody),
    ...inputFields,
  },
  { additionalProperties: false },
);
export type CreateVmBody = Static<typeof CreateVmBody>;

export const UpdateVmBody = Type.Object(
  { name: Type.Optional(Name('New VM name')), ...inputFields },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVmBody = Static<typeof UpdateVmBody>;

export const Vm = Type.Object({
  id: Type.String(),
  name: Type.String(),
  isTemplate: Type.Boolean(),
  state: oneOf(VM_STATES),
  hostGroupId: Type.Union([Type.String(), Type.Null()]),
  hostGroup: Type.Union([Type.String(), Type.Null()], { description: 'Host Group name' }),
  hostId: Type.Union([Type.String(), Type.Null()], { description: 'The Host running it, when running' }),
  ...settingFields,
  advanced: Advanced,
  nics: Type.Array(Nic),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.String(), Type.Null()]),
});
export type Vm = Static<typeof Vm>;

export const UpdateVmReply = Type.Object({
  vm: Vm,
  teleportRequested: Type.Boolean({ description: 'True when the VM is running and the Host Group change was recorded as a teleport request' }),
});
export type UpdateVmReply = Static<typeof UpdateVmReply>;

export const ListVmsQuery = Type.Object(
  {
    template: Type.Optional(oneOf(['true', 'false'] as const, 'true: only templates; false: only VMs')),
    hostGroup: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Host Group id or name' })),
  },
  { additionalProperties: false },
);
export type ListVmsQuery = Static<typeof ListVmsQuery>;

export const DeleteReply = Type.Object({
  id: Type.String(),
  outcome: oneOf(['delete', 'unassign'] as const, 'delete: removed; unassign: only your access was removed, others still have it'),
});
export type DeleteReply = Static<typeof DeleteReply>;

export const PowerBody = Type.Object(
  { action: oneOf(['start', 'poweroff', 'reset', 'suspend', 'shutdown'] as const) },
  { additionalProperties: false },
);
export type PowerBody = Static<typeof PowerBody>;

export const VmUser = Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() });
export type VmUser = Static<typeof VmUser>;

export const TeleportRequest = Type.Object({
  id: Type.String(),
  vmId: Type.String(),
  fromHostGroupId: Type.Union([Type.String(), Type.Null()]),
  toHostGroupId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  requestedAt: Type.String({ format: 'date-time' }),
  requestedBy: Type.Union([Type.String(), Type.Null()]),
});
export type TeleportRequest = Static<typeof TeleportRequest>;
