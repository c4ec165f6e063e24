import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { InputOf } from '../commands/catalog.js';
import { readMailSettings, readNtpServers } from '../store/settings.js';
import type { Db } from '../store/db.js';
import { AUTHED_ERRORS, errors } from '../../lib/protocol/common.js';
import {
  DeletedSetting, MailSettings, MailSettingsBody, NtpSettings, NtpSettingsBody,
} from '../../lib/protocol/settings.js';

function mailView(db: Db) {
  const stored = readMailSettings(db);
  if (!stored) return { configured: false, host: '', port: 25, security: 'none' as const, user: '', passwordSet: false, from: '', recipients: [] };
  const { password, ...rest } = stored;
  return { configured: true, ...rest, passwordSet: password !== '' };
}

export default async function settingsRoutes(app: FastifyInstance) {
  const tags = ['settings'];

  app.get('/settings/mail', {
    schema: {
      tags, operationId: 'getMailSettings', summary: 'Get mail settings',
      description: 'Where servers send mail about problems in their logs (the password is never returned).',
      response: { 200: MailSettings, ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'admin' },
  }, async () => mailView(app.db));

  app.put<{ Body: Static<typeof MailSettingsBody> }>('/settings/mail', {
    schema: {
      tags, operationId: 'setMailSettings', summary: 'Set mail settings',
      description: 'Configure Email: the SMTP server, its user and password, the sender and the recipients.',
      body: MailSettingsBody, response: { 200: MailSettings, ...errors(...AUTHED_ERRORS, 409) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    await app.execute(request, 'settings.setMail', request.body as InputOf<'settings.setMail'>);
    return mailView(app.db);
  });

  app.delete('/settings/mail', {
    schema: {
      tags, operationId: 'deleteMailSettings', summary: 'Remove mail settings',
      description: 'Remove the mail settings; servers then send no mail.',
      response: { 200: DeletedSetting, ...errors(...AUTHED_ERRORS, 409) },
    },
    config: { access: 'admin' },
  }, async (request) => app.execute(request, 'settings.deleteMail', {}));

  app.get('/settings/ntp', {
    schema: {
      tags, operationId: 'getNtpSettings', summary: 'Get time servers',
      description: 'The time servers every Infinity server should use.',
      response: { 200: NtpSettings, ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'admin' },
  }, async () => readNtpServers(app.db));

  app.put<{ Body: Static<typeof NtpSettingsBody> }>('/settings/ntp', {
    schema: {
      tags, operationId: 'setNtpSettings', summary: 'Set time servers',
      description: "Set the time servers (stored for all servers; configuring the machine's time service comes with " +
        "the server appliance image).",
      body: NtpSettingsBody, response: { 200: NtpSettings, ...errors(...AUTHED_ERRORS, 409) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    await app.execute(request, 'settings.setNtp', { servers: request.body.servers });
    return readNtpServers(app.db);
  });
}
