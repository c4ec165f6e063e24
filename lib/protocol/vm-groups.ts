import { type Static, Type } from 'typebox';
import { VM_LIMITS } from '../catalog.js';
import { IdParams, Name } from './common.js';

const VmRef = Type.String({ minLength: 1, maxLength: 128, description: 'VM or template id or name' });
const Comment = Type.String({ maxLength: VM_LIMITS.commentMax });

export const VmGroupMember = Type.Object({
  id: Type.String(),
  name: Type.String(),
  isTemplate: Type.Boolean(),
  hostGroup: Type.Union([Type.String(), Type.Null()]),
});
export type VmGroupMember = Static<typeof VmGroupMember>;

export const VmGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  comment: Type.String(),
  vms: Type.Array(VmGroupMember, { description: 'The members you can see' }),
  memberCount: Type.Integer({ description: 'All members, including any you cannot see' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.String(), Type.Null()]),
});
export type VmGroup = Static<typeof VmGroup>;

export const CreateVmGroupBody = Type.Object(
  {
    name: Name('VM Group name'),
    comment: Type.Optional(Comment),
    vms: Type.Optional(Type.Array(VmRef, { maxItems: 1000, description: 'VMs and templates to start with' })),
  },
  { additionalProperties: false },
);
export type CreateVmGroupBody = Static<typeof CreateVmGroupBody>;

export const UpdateVmGroupBody = Type.Object(
  { name: Type.Optional(Name('New VM Group name')), comment: Type.Optional(Comment) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVmGroupBody = Static<typeof UpdateVmGroupBody>;

export const AddMembersBody = Type.Object(
  { vms: Type.Array(VmRef, { minItems: 1, maxItems: 1000, description: 'VMs and templates you can see' }) },
  { additionalProperties: false },
);
export type AddMembersBody = Static<typeof AddMembersBody>;

export const MemberParams = Type.Object({ ...IdParams.properties, vm: VmRef });
export type MemberParams = Static<typeof MemberParams>;

export const ApplyBody = Type.Object(
  { hostGroup: Type.String({ minLength: 1, maxLength: 128, description: 'Host Group id or name that receives the clones' }) },
  { additionalProperties: false },
);
export type ApplyBody = Static<typeof ApplyBody>;
