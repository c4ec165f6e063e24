import { parseListen, startServer } from '../../server/main.js';
import type { CliCommand } from '../command.js';

export const serverCommand: CliCommand = {
  name: 'server',
  description: 'Run the Infinity Server: configuration in SQLite under --data, the REST API and web pages on --listen',
  options: [
    { flags: '--data <dir>', description: 'data directory (database, logs, storage)', defaultValue: './data' },
    { flags: '--listen <host:port>', description: 'address to serve on', defaultValue: '127.0.0.1:8080' },
    { flags: '--log-level <level>', description: 'trace, debug, info, warn or error', defaultValue: 'info' },
  ],
  async run(_args, options) {
    const { host, port } = parseListen(String(options.listen));
    const server = await startServer({ dataDir: String(options.data), host, port, logLevel: String(options.logLevel) });
    process.stderr.write(
      `Infinity Server is serving ${server.url}/ (data in ${server.dataDir})\n` +
        `First login: user "admin", password "admin"; you will be asked to change it:\n` +
        `  infinity login --server ${server.url} --user admin --password admin\n` +
        `  infinity passwd --old admin --new NEW-PASSWORD\n`,
    );
    const stop = () => {
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
};
