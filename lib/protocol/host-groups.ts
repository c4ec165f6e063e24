import { type Static, Type } from 'typebox';
import { HOST_GROUP_TYPES } from '../catalog.js';
import { Name } from './common.js';
import { oneOf } from './one-of.js';

export const HostGroupType = oneOf(
  HOST_GROUP_TYPES,
  'distributed: a VM runs on the freest Host; replicated: each Host gets its own clone; ' +
    'baremetal: one PC booting a drive directly',
);
export type HostGroupType = Static<typeof HostGroupType>;

const Mac = Type.String({ pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$', description: 'Ethernet address of the BareMetal PC' });

export const HostGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: HostGroupType,
  mac: Type.Union([Type.String(), Type.Null()]),
  vms: Type.Integer({ description: 'VMs assigned' }),
  hosts: Type.Integer({ description: 'Hosts in the group' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.String(), Type.Null()]),
});
export type HostGroup = Static<typeof HostGroup>;

export const CreateHostGroupBody = Type.Object(
  { name: Name('Host Group name (if one you cannot see has it, your user name is appended)'), type: Type.Optional(HostGroupType), mac: Type.Optional(Mac) },
  { additionalProperties: false },
);
export type CreateHostGroupBody = Static<typeof CreateHostGroupBody>;

export const UpdateHostGroupBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 64, description: 'Host Groups cannot be renamed: any other name is refused' })),
    type: Type.Optional(HostGroupType),
    mac: Type.Optional(Type.Union([Mac, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateHostGroupBody = Static<typeof UpdateHostGroupBody>;
