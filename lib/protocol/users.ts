import { type Static, Type } from 'typebox';
import { GRANT_TYPES, ROLES } from '../catalog.js';
import { Password } from './auth.js';
import { Name } from './common.js';
import { oneOf } from './one-of.js';

export const Role = oneOf(ROLES, 'admin, regular or restricted (manual: "User Accounts")');
export type Role = Static<typeof Role>;
export const GrantType = oneOf(GRANT_TYPES, 'vm (VMs and templates), drive, host_group or vm_group');
export type GrantType = Static<typeof GrantType>;

export const User = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  builtin: Type.Boolean({ description: 'The built-in admin account: cannot be deleted or renamed' }),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type User = Static<typeof User>;

export const CreateUserBody = Type.Object(
  { name: Name('User name'), password: Password, role: Role },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  { name: Type.Optional(Name('New user name')), role: Type.Optional(Role) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const SetPasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
export type SetPasswordBody = Static<typeof SetPasswordBody>;

export const Grant = Type.Object({
  userId: Type.String(),
  objectType: GrantType,
  objectId: Type.String(),
  objectName: Type.String(),
  grantedAt: Type.String({ format: 'date-time' }),
});
export type Grant = Static<typeof Grant>;

export const GrantBody = Type.Object(
  { objectType: GrantType, objectId: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);
export type GrantBody = Static<typeof GrantBody>;

export const GrantParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128 }),
  objectType: GrantType,
  objectId: Type.String({ minLength: 1, maxLength: 128 }),
});
export type GrantParams = Static<typeof GrantParams>;
