import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { details, JSON_OPTION, print, type Column } from '../output.js';
import { collectValues, parseInteger } from '../parsers.js';
import type { DeletedSetting, MailSettings, NtpSettings } from '../../lib/protocol/settings.js';

const MAIL_COLUMNS: Column<MailSettings>[] = [
  { header: 'Configured', value: (m) => m.configured },
  { header: 'SMTP server', value: (m) => m.host },
  { header: 'Port', value: (m) => m.port },
  { header: 'Security', value: (m) => m.security },
  { header: 'User', value: (m) => m.user },
  { header: 'Password set', value: (m) => m.passwordSet },
  { header: 'From', value: (m) => m.from },
  { header: 'Recipients', value: (m) => m.recipients.join('\n') },
];

const NTP_COLUMNS: Column<NtpSettings>[] = [
  { header: 'Time servers', value: (n) => n.servers.join('\n') },
  { header: 'Default', value: (n) => n.isDefault },
];

export const settingsCommand: CliCommand = {
  name: 'settings',
  description: 'Settings shared by all Infinity Servers: mail and time servers (administrators)',
  subcommands: [
    {
      name: 'mail',
      description: 'Where servers send mail about problems in their logs',
      subcommands: [
        {
          name: 'show',
          description: 'Show the mail settings (the password is never shown)',
          options: [JSON_OPTION],
          async run(_args, options) {
            const mail = await withClient((c) => c.get<MailSettings>('/settings/mail'));
            print(options, mail, () => details(mail, MAIL_COLUMNS));
          },
        },
        {
          name: 'set',
          description: 'Configure mail: the SMTP server and the addresses',
          options: [
            { flags: '--host <host>', description: 'SMTP server host name or IP address', required: true },
            { flags: '--port <port>', description: 'SMTP port (default: 25 for none, 587 for starttls, 465 for tls)', parse: (v) => parseInteger(v, 1, 65535) },
            { flags: '--security <mode>', description: 'none, starttls or tls' },
            { flags: '--user <user>', description: 'SMTP user; "" for no authentication' },
            { flags: '--password <password>', description: 'SMTP password (omit to keep the stored one)' },
            { flags: '--no-password', description: 'remove the stored SMTP password' },
            { flags: '--from <address>', description: 'sender address', required: true },
            { flags: '--to <address>', description: 'recipient address, repeatable', required: true, parse: collectValues },
            JSON_OPTION,
          ],
          async run(_args, options) {
            // With --password and --no-password both declared, commander gives false for
            // --no-password, a string for --password, and undefined when neither is given.
            const password = options.password === false ? null : options.password;
            const body = {
              host: options.host,
              from: options.from,
              recipients: options.to,
              ...(options.port === undefined ? {} : { port: options.port }),
              ...(options.security === undefined ? {} : { security: options.security }),
              ...(options.user === undefined ? {} : { user: options.user }),
              ...(password === undefined ? {} : { password }),
            };
            const mail = await withClient((c) => c.put<MailSettings>('/settings/mail', body));
            print(options, mail, () => details(mail, MAIL_COLUMNS));
          },
        },
        {
          name: 'delete',
          description: 'Remove the mail settings (servers then send no mail)',
          options: [JSON_OPTION],
          async run(_args, options) {
            const reply = await withClient((c) => c.delete<DeletedSetting>('/settings/mail'));
            print(options, reply, () => (reply.deleted ? 'Mail settings removed.' : 'There were no mail settings.'));
          },
        },
      ],
    },
    {
      name: 'ntp',
      description: 'The time servers every Infinity Server should use',
      subcommands: [
        {
          name: 'show',
          description: 'Show the time servers',
          options: [JSON_OPTION],
          async run(_args, options) {
            const ntp = await withClient((c) => c.get<NtpSettings>('/settings/ntp'));
            print(options, ntp, () => details(ntp, NTP_COLUMNS));
          },
        },
        {
          name: 'set',
          description: 'Set the time servers',
          options: [{ flags: '--server <host>', description: 'time server host name or IP address, repeatable', required: true, parse: collectValues }, JSON_OPTION],
          async run(_args, options) {
            const ntp = await withClient((c) => c.put<NtpSettings>('/settings/ntp', { servers: options.server }));
            print(options, ntp, () => details(ntp, NTP_COLUMNS));
          },
        },
      ],
    },
  ],
};
