import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { JSON_OPTION, print } from '../output.js';

export const passwdCommand: CliCommand = {
  name: 'passwd',
  description: "Change the logged-in user's password (required after the first login as admin/admin)",
  options: [
    { flags: '--old <password>', description: 'current password', required: true },
    { flags: '--new <password>', description: 'new password', required: true },
    JSON_OPTION,
  ],
  async run(_args, options) {
    const reply = await withClient((client) => client.post('/me/password', { old: options.old, new: options.new }));
    print(options, reply, () => 'Password changed.');
  },
};
