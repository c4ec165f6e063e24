import { InfinityError } from '../errors.js';
import { CommandError, LocalRunner, type RunOptions, type RunResult, type Runner } from './run.js';

/**
 * Runs argv on another machine (a ZFS storage box, the test VM) through OpenSSH, the way
 * Proxmox's "ZFS over iSCSI" does. ssh hands the remote side one command line, which the
 * remote shell splits again: every argument is single-quoted, so a name with spaces,
 * quotes, `$` or `;` reaches the remote program as exactly one argument and never as
 * shell syntax (democratic-csi joins with spaces and leaves escaping as a to-do).
 */
export interface SshDestination {
  user: string;
  host: string;
  port: number;
}

export interface SshRunnerConfig extends SshDestination {
  /** The server's private key for this box; nothing else is offered (IdentitiesOnly). */
  keyFile: string;
  /** Host keys the server trusts; an unknown or changed key is refused, never learned. */
  knownHostsFile: string;
  connectTimeoutSec?: number;
  /** Directory for a shared connection (ControlMaster), so each call skips the handshake. */
  controlDir?: string;
}

/** POSIX single quotes keep everything literal; a quote itself is closed, escaped, reopened. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A secret as it appears in the remote command line too: inside its quotes, with any
 * quote in it closed, escaped and reopened, which the plain secret would not match.
 */
function remoteSecrets(secrets: readonly string[] | undefined): string[] {
  return (secrets ?? []).flatMap((s) => [s, shellQuote(s).slice(1, -1)]);
}

export function remoteCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError('run() needs a non-empty argv');
  return argv.map(shellQuote).join(' ');
}

const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

export function sshArgv(config: SshRunnerConfig, argv: readonly string[]): string[] {
  const options = [
    'BatchMode=yes',
    'StrictHostKeyChecking=yes',
    `UserKnownHostsFile=${config.knownHostsFile}`,
    'GlobalKnownHostsFile=/dev/null',
    'UpdateHostKeys=no',
    'IdentitiesOnly=yes',
    `ConnectTimeout=${config.connectTimeoutSec ?? 10}`,
    'ServerAliveInterval=15',
    'ServerAliveCountMax=3',
    'LogLevel=ERROR',
    ...(config.controlDir ? ['ControlMaster=auto', `ControlPath=${config.controlDir}/%C`, 'ControlPersist=60'] : []),
  ];
  const host = config.host.startsWith('[') ? config.host.slice(1, -1) : config.host;
  return [
    'ssh', '-T', '-i', config.keyFile, '-p', String(config.port), '-l', config.user,
    ...options.flatMap((o) => ['-o', o]),
    '--', host, remoteCommand(argv),
  ];
}

export interface SshLocation extends SshDestination {
  path: string;
  /** `?iscsi-portal=HOST:PORT`: where initiators reach the box's target, when not at the SSH host's port 3260. */
  iscsiPortal?: { host: string; port: number };
}

const LOCATION = new RegExp(
  String.raw`^ssh://([^@/]+)@(\[[^\]]+\]|[^:/]+)(?::(\d{1,5}))?/([^?]+)`
    + String.raw`(?:\?iscsi-portal=(\[[^\]]+\]|[^:/]+):(\d{1,5}))?$`,
);

/** `ssh://user@host[:port]/pool/path[?iscsi-portal=HOST:PORT]` -> where to connect, which dataset, where iSCSI is. */
export function parseSshLocation(location: string): SshLocation {
  const match = LOCATION.exec(location);
  const port = match?.[3] === undefined ? 22 : Number(match[3]);
  const portalPort = Number(match?.[6] ?? 3260);
  if (!match || !USER.test(match[1]!) || !HOST.test(match[2]!) || port < 1 || port > 65535
    || (match[5] !== undefined && !HOST.test(match[5])) || portalPort < 1 || portalPort > 65535) {
    throw new InfinityError('INF_ERR_VALIDATION',
      `"${location}" is not an SSH pool location `
        + '(ssh://user@host[:port]/pool/path, optionally ?iscsi-portal=host:port).',
      { field: 'location' });
  }
  const destination = { user: match[1]!, host: match[2]!, port, path: match[4]! };
  if (match[5] === undefined) return destination;
  return { ...destination, iscsiPortal: { host: unbracket(match[5]), port: portalPort } };
}

const unbracket = (host: string) => (host.startsWith('[') ? host.slice(1, -1) : host);

export class SshRunner implements Runner {
  constructor(private readonly config: SshRunnerConfig, private readonly local: Runner = new LocalRunner()) {
    if (!USER.test(config.user) || !HOST.test(config.host)) {
      throw new InfinityError('INF_ERR_VALIDATION', `"${config.user}@${config.host}" is not a valid SSH destination.`, { field: 'location' });
    }
  }

  async tryRun(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    const ssh = sshArgv(this.config, argv);
    const result = await this.local.tryRun(ssh, { ...options, secrets: remoteSecrets(options.secrets) });
    // 255 is ssh's own failure (unreachable box, refused key, unknown host key): that is no
    // answer from the remote command, so it must not pass for one.
    if (result.code === 255) {
      throw new CommandError({
        argv: ssh,
        exitCode: 255,
        timedOut: false,
        stderr: result.stderr,
        secrets: remoteSecrets(options.secrets),
        reason: `could not reach ${this.config.user}@${this.config.host}:${this.config.port} over SSH`,
      });
    }
    return result;
  }

  async run(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    const result = await this.tryRun(argv, options);
    if (result.code !== 0) {
      const ssh = sshArgv(this.config, argv);
      const secrets = remoteSecrets(options.secrets);
      throw new CommandError({ argv: ssh, exitCode: result.code, timedOut: false, stderr: result.stderr, secrets });
    }
    return result;
  }
}
