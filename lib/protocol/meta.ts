import { type Static, Type } from 'typebox';

/** A part of the server that health reports on (iSCSI): ok, degraded (down, with why), or off. */
export const HealthPart = Type.Object({
  part: Type.String(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('off')]),
  reason: Type.Optional(Type.String()),
});
export type HealthPart = Static<typeof HealthPart>;

/** 200 while the server answers at all; a part that is down makes it "degraded" and is named. */
export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  parts: Type.Array(HealthPart),
});
export type Health = Static<typeof Health>;

/** The vendors and their OS types a VM can be created with. */
export const OsTypes = Type.Record(Type.String(), Type.Array(Type.String()));
export type OsTypes = Static<typeof OsTypes>;

/** Whether the built-in admin still has its first password (admin/admin), so the login page may say so. */
export const FirstLoginReply = Type.Object({ pending: Type.Boolean() });
export type FirstLoginReply = Static<typeof FirstLoginReply>;
