import type { CliCommand } from '../command.js';
import { ApiClient, normalizeServerUrl } from '../client.js';
import { loadConfig, saveConfig } from '../config.js';
import { parseFingerprint } from '../fingerprint.js';
import { JSON_OPTION, print } from '../output.js';
import { confirm } from '../prompt.js';
import { fetchCertificateFingerprint } from '../server-certificate.js';
import { decideTrust } from '../trust.js';
import type { LoginReply } from '../../lib/protocol/auth.js';

export const loginCommand: CliCommand = {
  name: 'login',
  description: 'Log in to an Infinity Server and remember it (and, for https, its certificate) for the other commands',
  options: [
    { flags: '--server <url>', description: 'server URL, http://HOST:PORT or https://HOST:PORT (default: $INFINITY_SERVER, then the last server logged in to)' },
    { flags: '--user <name>', description: 'user name', required: true },
    { flags: '--password <password>', description: 'password', required: true },
    { flags: '--trust-fingerprint <sha256>', description: "https: trust the server's certificate only if its SHA-256 fingerprint is this one (also how to trust a replaced certificate)", parse: parseFingerprint },
    { flags: '--trust', description: 'https: on first login, trust whatever certificate the server presents, without asking' },
    JSON_OPTION,
  ],
  async run(_args, options) {
    const config = loadConfig();
    const given = (options.server as string | undefined) ?? process.env.INFINITY_SERVER ?? config.server;
    if (!given) throw new Error('which server? Give --server http://HOST:PORT (or https://HOST:PORT)');
    const server = normalizeServerUrl(given);

    let fingerprint: string | undefined;
    if (server.startsWith('https:')) {
      const presented = await fetchCertificateFingerprint(server);
      const decision = decideTrust({
        server,
        presented,
        pinned: config.pins[server],
        expected: options.trustFingerprint as string | undefined,
        trustOnFirstUse: options.trust === true,
        interactive: process.stdin.isTTY === true,
      });
      if (decision.kind === 'refuse') throw new Error(decision.message);
      if (decision.kind !== 'trusted') {
        process.stderr.write(`The server at ${server} presents a certificate with SHA-256 fingerprint\n  ${presented}\n`);
      }
      if (decision.kind === 'ask') {
        const yes = await confirm('Is this the fingerprint the server printed when it started? Trust it');
        if (!yes) throw new Error(`the certificate of ${server} was not trusted; nothing was sent to it`);
      }
      fingerprint = presented;
    }

    const client = new ApiClient({ server, fingerprint });
    let reply: LoginReply;
    try {
      reply = await client.post<LoginReply>('/login', { user: options.user, password: options.password });
    } finally {
      await client.close();
    }
    // Re-read: another infinity process may have pinned another server meanwhile.
    const latest = loadConfig();
    saveConfig({
      ...latest,
      server,
      token: reply.token,
      pins: fingerprint ? { ...latest.pins, [server]: fingerprint } : latest.pins,
    });
    print(options, reply, () =>
      [
        `Logged in to ${server} as ${reply.user.name} (${reply.user.role}).`,
        ...(reply.user.mustChangePassword ? ['You must change your password before anything else: infinity passwd --old OLD --new NEW'] : []),
      ].join('\n'),
    );
  },
};
