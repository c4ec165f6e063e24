import { type Static, Type } from 'typebox';

export const Health = Type.Object({ status: Type.Literal('ok'), version: Type.String() });
export type Health = Static<typeof Health>;

/** The vendors and their OS types a VM can be created with. */
export const OsTypes = Type.Record(Type.String(), Type.Array(Type.String()));
export type OsTypes = Static<typeof OsTypes>;

/** Whether the built-in admin still has its first password (admin/admin), so the login page may say so. */
export const FirstLoginReply = Type.Object({ pending: Type.Boolean() });
export type FirstLoginReply = Static<typeof FirstLoginReply>;
