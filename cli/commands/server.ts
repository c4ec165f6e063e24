import type { CliCommand } from '../command.js';

export const serverCommand: CliCommand = {
  name: 'server',
  description: 'Run the Infinity Server: configuration in SQLite under --data, the REST API and web pages on --listen',
  options: [
    { flags: '--data <dir>', description: 'data directory (database, logs, storage)', defaultValue: './data' },
    { flags: '--listen <host:port>', description: 'address to serve on (port 0: any free port; the URL is printed)', defaultValue: '127.0.0.1:8080' },
    { flags: '--log-level <level>', description: 'trace, debug, info, warn or error', defaultValue: 'info' },
    { flags: '--tls', description: "serve HTTPS with the server's own certificate (created in DATA/tls/ on the first start), or the one given with --cert and --key" },
    { flags: '--cert <file>', description: 'PEM certificate to serve HTTPS with (implies --tls; needs --key)' },
    { flags: '--key <file>', description: 'PEM private key of --cert' },
    { flags: '--iscsi-portal <host:port>', description: "where Hosts reach the server's own tgtd to use drives over iSCSI (default: the --listen host, port 3260)" },
    { flags: '--tgt-control-port <n>', description: "control port of the server's own tgtd (tgtd -C), so a system tgtd is never touched", defaultValue: '3260' },
    {
      flags: '--iscsi <tgt|lio>',
      description: "what exports this machine's pools: tgt (default; file and ZFS pools) or the kernel's LIO "
        + '(ZFS pools only). ZFS pools on storage boxes always use LIO on the box',
    },
    { flags: '--no-iscsi', description: 'serve no iSCSI (drives cannot be exported; for tests and machines without tgt)' },
  ],
  async run(_args, options) {
    // Loaded here, not at the top: every other command is a small client that should not
    // pay for loading fastify and SQLite.
    const { parseListen, startServer } = await import('../../server/main.js');
    const { host, port } = parseListen(String(options.listen));
    const certFile = options.cert as string | undefined;
    const keyFile = options.key as string | undefined;
    const tls = options.tls === true || certFile !== undefined || keyFile !== undefined
      ? { ...(certFile ? { certFile } : {}), ...(keyFile ? { keyFile } : {}) }
      : undefined;
    const controlPort = Number(options.tgtControlPort);
    if (!Number.isInteger(controlPort) || controlPort < 1 || controlPort > 32767) throw new Error(`--tgt-control-port must be a number from 1 to 32767 (tgtd's range), not "${String(options.tgtControlPort)}"`);
    const portal = options.iscsiPortal === undefined ? { host, port: 3260 } : parseListen(String(options.iscsiPortal));
    if (options.iscsi === false && options.iscsiPortal !== undefined) throw new Error('give --iscsi-portal or --no-iscsi, not both');
    const driver = options.iscsi ?? 'tgt';
    if (driver !== false && driver !== 'tgt' && driver !== 'lio') {
      throw new Error(`--iscsi must be tgt or lio, not "${String(driver)}"`);
    }
    const iscsi = driver === false ? null : { driver: driver as 'tgt' | 'lio', portal, controlPort };
    // Signals are handled from before the server listens: one that comes while it is still
    // starting stops it as soon as it can be closed, never half-started with its tgtd left behind.
    let stopping = false;
    let close: (() => Promise<void>) | undefined;
    const stop = () => {
      stopping = true;
      void close?.().then(() => process.exit(0));
    };
    // Not once: a second signal while it closes must not kill it half-way either.
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    const server = await startServer({ dataDir: String(options.data), host, port, logLevel: String(options.logLevel), iscsi, ...(tls ? { tls } : {}) });
    const trust = server.tls
      ? `TLS certificate ${server.tls.created ? 'created in' : 'from'} ${server.tls.certFile}\n` +
        `  SHA-256 fingerprint: ${server.tls.fingerprint}\n` +
        `Clients are shown this fingerprint at their first login; it must match.\n`
      : '';
    const trustFlag = server.tls ? ` --trust-fingerprint ${server.tls.fingerprint}` : '';
    const firstLogin = server.firstLogin
      ? `First login: user "admin", password "admin"; you will be asked to change it:\n` +
        `  infinity login --server ${server.url} --user admin --password admin${trustFlag}\n` +
        `  infinity passwd --old admin --new NEW-PASSWORD\n`
      : '';
    close = server.close;
    if (stopping) return stop();
    const off = server.off.length > 0 ? `Turned off:\n${server.off.map((part) => `  ${part}\n`).join('')}` : '';
    process.stderr.write(
      `Infinity Server is serving ${server.url}/ (data in ${server.dataDir})\n` +
        `  Admin Console: ${server.url}/console\n  API documentation: ${server.url}/docs\n` +
        off + trust + firstLogin + `Server log: ${server.logFile}\n`,
    );
  },
};
