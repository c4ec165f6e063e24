import { type Static, Type } from 'typebox';
import { PASSWORD_LIMITS, ROLES } from '../catalog.js';
import { oneOf } from './one-of.js';

export const Password = Type.String({ minLength: PASSWORD_LIMITS.min, maxLength: PASSWORD_LIMITS.max, description: `${PASSWORD_LIMITS.min}-${PASSWORD_LIMITS.max} characters` });
export type Password = Static<typeof Password>;

export const LoginBody = Type.Object(
  {
    user: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_LIMITS.max }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const Me = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: oneOf(ROLES),
  mustChangePassword: Type.Boolean(),
});
export type Me = Static<typeof Me>;

export const LoginReply = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  user: Me,
});
export type LoginReply = Static<typeof LoginReply>;

export const ChangePasswordBody = Type.Object(
  { old: Type.String({ minLength: 1, maxLength: PASSWORD_LIMITS.max }), new: Password },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;
