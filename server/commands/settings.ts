import { fail } from '../../lib/errors.js';
import { isEmailAddress, isHostAddress } from '../../lib/net-names.js';
import { requireAdmin } from '../access/policy.js';
import type { Db } from '../store/db.js';
import type { MailSecurity } from '../../lib/catalog.js';
import { deleteSetting, putSetting, readMailSettings, type MailSettings } from '../store/settings.js';
import { carrySecret, keepSecret } from '../store/secrets.js';
import { defineCommand } from './command.js';

export interface MailSettingsInput {
  host: string;
  port?: number;
  security?: MailSecurity;
  user?: string;
  /** Omitted: keep the stored password; null: remove it. */
  password?: string | null;
  from: string;
  recipients: string[];
}

/** The usual port of each kind of SMTP connection. */
const DEFAULT_PORT: Record<MailSecurity, number> = { none: 25, starttls: 587, tls: 465 };

function requireHost(field: string, value: string): void {
  if (!isHostAddress(value)) throw fail.validation(field, `"${value}" is not a host name or an IPv4/IPv6 address.`);
}

function requireDistinct(values: string[], field: string): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    const key = value.toLowerCase();
    if (seen.has(key)) throw fail.validation(`${field}/${i}`, `"${value}" is listed twice.`);
    seen.add(key);
  });
}

export const setMailSettings = defineCommand({
  type: 'settings.setMail',
  sensitive: true,
  prepare({ password, ...input }: MailSettingsInput, ctx) {
    requireHost('host', input.host);
    if (!isEmailAddress(input.from)) throw fail.validation('from', `"${input.from}" is not an email address (name@domain).`);
    input.recipients.forEach((r, i) => {
      if (!isEmailAddress(r)) throw fail.validation(`recipients/${i}`, `"${r}" is not an email address (name@domain).`);
    });
    requireDistinct(input.recipients, 'recipients');
    const security = input.security ?? 'none';
    // A new password rides by reference, so command_log keeps no secret.
    const secret = password && carrySecret(ctx.newId(), password);
    const given = secret === undefined ? {} : { password: secret };
    return { ...input, ...given, security, port: input.port ?? DEFAULT_PORT[security], user: input.user ?? '' };
  },
  apply(db, p, { actor }) {
    requireAdmin(actor, 'configure email');
    const kept = readMailSettings(db)?.password ?? '';
    const password = p.password === undefined ? kept : p.password ? keepSecret(db, p.password) : '';
    if (p.user !== '' && password === '') throw fail.validation('password', `Give the password of SMTP user "${p.user}" (none is stored).`);
    if (p.user === '' && password !== '') throw fail.validation('user', 'A password needs the SMTP user it belongs to.');
    const settings: MailSettings = { host: p.host, port: p.port, security: p.security, user: p.user, password, from: p.from, recipients: p.recipients };
    putSetting(db, 'mail', settings);
    return { ok: true };
  },
});

export const deleteMailSettings = defineCommand({
  type: 'settings.deleteMail',
  prepare: (input: Record<string, never>) => input,
  apply(db, _p, { actor }) {
    requireAdmin(actor, 'configure email');
    return { deleted: deleteSetting(db, 'mail') };
  },
});

export const setNtpServers = defineCommand({
  type: 'settings.setNtp',
  prepare(input: { servers: string[] }) {
    input.servers.forEach((s, i) => requireHost(`servers/${i}`, s));
    requireDistinct(input.servers, 'servers');
    return input;
  },
  apply(db, p, { actor }) {
    requireAdmin(actor, 'set the time servers');
    putSetting(db, 'ntp', { servers: p.servers });
    return { ok: true };
  },
});
