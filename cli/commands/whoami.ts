import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { JSON_OPTION, print } from '../output.js';
import type { Me } from '../../lib/protocol/auth.js';

export const whoamiCommand: CliCommand = {
  name: 'whoami',
  description: 'Show the logged-in user and server',
  options: [JSON_OPTION],
  async run(_args, options) {
    let server = '';
    const me = await withClient((client) => {
      server = client.server;
      return client.get<Me>('/me');
    });
    print(options, me, () =>
      `${me.name} (${me.role}) on ${server}${me.mustChangePassword ? '; must change password: infinity passwd --old OLD --new NEW' : ''}`,
    );
  },
};
