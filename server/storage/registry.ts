import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Runner } from '../../lib/exec/run.js';
import { parseSshLocation, SshRunner } from '../../lib/exec/ssh-runner.js';
import { reportingFaults } from './faults.js';
import { FilePool } from './file/file-pool.js';
import type { StoragePool } from './pool.js';
import { ZfsPool } from './zfs/zfs-pool.js';

export interface PoolLocation {
  driver: 'file' | 'zfs';
  /** file: a directory. zfs: `pool/path` on this server, or `ssh://user@host[:port]/pool/path`. */
  location: string;
}

/** How the server logs in to ZFS storage boxes; defaults to the server user's own ssh files. */
export interface SshSettings {
  keyFile: string;
  knownHostsFile: string;
  controlDir?: string;
}

export function defaultSshSettings(): SshSettings {
  return { keyFile: join(homedir(), '.ssh', 'id_ed25519'), knownHostsFile: join(homedir(), '.ssh', 'known_hosts') };
}

/** The only place that maps a configured pool kind to its driver. */
export function createStoragePool(config: PoolLocation, runner: Runner, ssh: SshSettings = defaultSshSettings()): StoragePool {
  return reportingFaults(createDriver(config, runner, ssh), config.location);
}

function createDriver(config: PoolLocation, runner: Runner, ssh: SshSettings): StoragePool {
  switch (config.driver) {
    case 'file':
      return new FilePool({ path: config.location }, runner);
    case 'zfs': {
      if (!config.location.startsWith('ssh://')) return new ZfsPool({ dataset: config.location }, runner);
      const remote = parseSshLocation(config.location);
      return new ZfsPool({ dataset: remote.path }, new SshRunner({ ...remote, ...ssh }, runner));
    }
  }
}
