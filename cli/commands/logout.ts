import type { CliCommand } from '../command.js';
import { ApiError, connectClient } from '../client.js';
import { loadConfig, saveConfig } from '../config.js';
import { JSON_OPTION, print } from '../output.js';

export const logoutCommand: CliCommand = {
  name: 'logout',
  description: 'Revoke the token on the server and forget it here (trusted certificates are kept)',
  options: [JSON_OPTION],
  async run(_args, options) {
    const client = connectClient();
    let reply: unknown = { ok: true };
    try {
      reply = await client.post('/logout');
    } catch (error) {
      // An expired or revoked token is already logged out; anything else is worth reporting.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    } finally {
      await client.close();
    }
    const config = loadConfig();
    if (config.server === client.server) {
      delete config.token;
      saveConfig(config);
    }
    print(options, reply, () => `Logged out of ${client.server}.`);
  },
};
