import { Type } from 'typebox';
import { ROLES } from '../../lib/catalog.js';
import { PASSWORD_LIMITS } from '../access/passwords.js';

export const Password = Type.String({ minLength: PASSWORD_LIMITS.min, maxLength: PASSWORD_LIMITS.max, description: `${PASSWORD_LIMITS.min}-${PASSWORD_LIMITS.max} characters` });

export const LoginBody = Type.Object(
  {
    user: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_LIMITS.max }),
  },
  { additionalProperties: false },
);

export const Me = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  mustChangePassword: Type.Boolean(),
});

export const LoginReply = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  user: Me,
});

export const ChangePasswordBody = Type.Object(
  { old: Type.String({ minLength: 1, maxLength: PASSWORD_LIMITS.max }), new: Password },
  { additionalProperties: false },
);
