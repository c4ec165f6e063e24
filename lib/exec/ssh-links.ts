import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Runner } from './run.js';
import { SshRunner, type SshDestination } from './ssh-runner.js';

/** How the server logs in to ZFS storage boxes; defaults to the server user's own ssh files. */
export interface SshSettings {
  keyFile: string;
  knownHostsFile: string;
  controlDir?: string;
}

export function defaultSshSettings(): SshSettings {
  return { keyFile: join(homedir(), '.ssh', 'id_ed25519'), knownHostsFile: join(homedir(), '.ssh', 'known_hosts') };
}

/**
 * One SshRunner per storage box (user, host and port), so a ZFS pool and the LIO exporter
 * that serves its zvols share one link (and its ControlMaster connection) to the box.
 */
export class SshLinks {
  private readonly runners = new Map<string, SshRunner>();

  constructor(private readonly local: Runner, readonly settings: SshSettings = defaultSshSettings()) {}

  runner(to: SshDestination): SshRunner {
    const key = `${to.user}@${to.host}:${to.port}`;
    let runner = this.runners.get(key);
    if (!runner) {
      runner = new SshRunner({ user: to.user, host: to.host, port: to.port, ...this.settings }, this.local);
      this.runners.set(key, runner);
    }
    return runner;
  }
}
