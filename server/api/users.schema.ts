import { Type } from 'typebox';
import { ROLES } from '../../lib/catalog.js';
import { GRANT_TYPES } from '../store/grants.js';
import { Password } from './auth.schema.js';
import { Name } from './common.schema.js';

export const Role = Type.Union(ROLES.map((r) => Type.Literal(r)), { description: 'admin, regular or restricted (manual: "User Accounts")' });
export const GrantType = Type.Union(GRANT_TYPES.map((t) => Type.Literal(t)), { description: 'vm (VMs and templates), drive, host_group or vm_group' });

export const User = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  builtin: Type.Boolean({ description: 'The built-in admin account: cannot be deleted or renamed' }),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CreateUserBody = Type.Object(
  { name: Name('User name'), password: Password, role: Role },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  { name: Type.Optional(Name('New user name')), role: Type.Optional(Role) },
  { additionalProperties: false, minProperties: 1 },
);

export const SetPasswordBody = Type.Object({ password: Password }, { additionalProperties: false });

export const Grant = Type.Object({
  userId: Type.String(),
  objectType: GrantType,
  objectId: Type.String(),
  objectName: Type.String(),
  grantedAt: Type.String({ format: 'date-time' }),
});

export const GrantBody = Type.Object(
  { objectType: GrantType, objectId: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);

export const GrantParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128 }),
  objectType: GrantType,
  objectId: Type.String({ minLength: 1, maxLength: 128 }),
});
