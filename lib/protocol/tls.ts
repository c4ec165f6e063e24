import { type Static, Type } from 'typebox';

export const TlsInfo = Type.Object({
  https: Type.Boolean({ description: 'Whether this server serves HTTPS' }),
  fingerprint: Type.Union([Type.String(), Type.Null()], { description: 'SHA-256 fingerprint of the certificate it serves with, colon-separated hex (null without TLS)' }),
  selfSigned: Type.Boolean({ description: "True for the server's own certificate (signed by itself): browsers warn about it until it is trusted" }),
  subject: Type.Union([Type.String(), Type.Null()]),
  validTo: Type.Union([Type.String(), Type.Null()]),
});
export type TlsInfo = Static<typeof TlsInfo>;
