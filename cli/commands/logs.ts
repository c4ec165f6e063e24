import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { JSON_OPTION, print } from '../output.js';
import { parseInteger } from '../parsers.js';
import type { LogsReply, Server as ServerInfo } from '../../lib/protocol/servers.js';

export const logsCommand: CliCommand = {
  name: 'logs',
  description: "Show the newest entries of a server's log (the console's Logs button; administrators)",
  args: [{ syntax: '[server]', description: 'server name or id (default: the server the CLI is logged in to)' }],
  options: [
    { flags: '--limit <count>', description: 'how many of the newest entries (1-10000, default 100)', parse: (v) => parseInteger(v, 1, 10_000) },
    { flags: '--level <level>', description: 'only entries at this level or above: trace, debug, info, warn, error, fatal' },
    JSON_OPTION,
  ],
  async run([server], options) {
    const reply = await withClient(async (c) => {
      const id = server ?? (await c.get<ServerInfo[]>('/servers')).find((s) => s.isLocal)?.id;
      if (!id) throw new Error('the server did not say which server it is; name one: infinity logs SERVER (infinity servers list)');
      return c.get<LogsReply>(`/servers/${encodeURIComponent(id)}/logs`, {
        limit: options.limit === undefined ? undefined : String(options.limit),
        level: options.level as string | undefined,
      });
    });
    print(options, reply, () =>
      reply.entries
        .map((e) => {
          const context = Object.keys(e.context).length > 0 ? ` ${JSON.stringify(e.context)}` : '';
          return `${e.time} ${e.level.toUpperCase().padEnd(5)} ${e.msg}${context}`;
        })
        .join('\n'),
    );
  },
};
