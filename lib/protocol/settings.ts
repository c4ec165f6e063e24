import { type Static, Type } from 'typebox';
import { MAIL_SECURITY } from '../catalog.js';
import { oneOf } from './one-of.js';

const Host = (description: string) => Type.String({ minLength: 1, maxLength: 253, description });
const Email = (description: string) => Type.String({ minLength: 3, maxLength: 254, description });
const Security = oneOf(
  MAIL_SECURITY,
  'none: plain SMTP; starttls: upgrade with STARTTLS; tls: TLS from the start (SMTPS)',
);

export const MailSettings = Type.Object({
  configured: Type.Boolean({ description: 'False until an administrator saves mail settings; the other fields are then defaults' }),
  host: Type.String(),
  port: Type.Integer(),
  security: Security,
  user: Type.String(),
  passwordSet: Type.Boolean({ description: 'A password is stored (it is never returned)' }),
  from: Type.String(),
  recipients: Type.Array(Type.String()),
});
export type MailSettings = Static<typeof MailSettings>;

export const MailSettingsBody = Type.Object(
  {
    host: Host('Email Server Address: SMTP server host name or IP address'),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Default: 25 (none), 587 (starttls), 465 (tls)' })),
    security: Type.Optional(Security),
    user: Type.Optional(Type.String({ maxLength: 256, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description: 'SMTP user; empty: no authentication' })),
    password: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1024 }), Type.Null()], { description: 'Write-only. Omit to keep the stored one; null to remove it' })),
    from: Email('Source: the sender address of the mails'),
    recipients: Type.Array(Email('Destination address'), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type MailSettingsBody = Static<typeof MailSettingsBody>;

export const NtpSettings = Type.Object({
  servers: Type.Array(Type.String()),
  isDefault: Type.Boolean({ description: 'True while no administrator has set time servers (the default is pool.ntp.org)' }),
});
export type NtpSettings = Static<typeof NtpSettings>;

export const NtpSettingsBody = Type.Object(
  { servers: Type.Array(Host('Time server host name or IP address'), { minItems: 1, maxItems: 16 }) },
  { additionalProperties: false },
);
export type NtpSettingsBody = Static<typeof NtpSettingsBody>;

export const DeletedSetting = Type.Object({ deleted: Type.Boolean({ description: 'False when there was nothing to delete' }) });
export type DeletedSetting = Static<typeof DeletedSetting>;
