import type { Runner } from '../../lib/exec/run.js';
import { SshLinks } from '../../lib/exec/ssh-links.js';
import { parseSshLocation } from '../../lib/exec/ssh-runner.js';
import { reportingFaults } from './faults.js';
import { FilePool } from './file/file-pool.js';
import type { StoragePool } from './pool.js';
import { ZfsPool } from './zfs/zfs-pool.js';

export interface PoolLocation {
  driver: 'file' | 'zfs';
  /** file: a directory. zfs: `pool/path` here, or `ssh://user@host[:port]/pool/path[?iscsi-portal=host:port]`. */
  location: string;
}

/**
 * The only place that maps a configured pool kind to its driver. A pool on a storage box
 * runs over the box's link in `links`, which the box's LIO exporter shares.
 */
export function createStoragePool(config: PoolLocation, runner: Runner, links = new SshLinks(runner)): StoragePool {
  return reportingFaults(createDriver(config, runner, links), config.location);
}

function createDriver(config: PoolLocation, runner: Runner, links: SshLinks): StoragePool {
  switch (config.driver) {
    case 'file':
      return new FilePool({ path: config.location }, runner);
    case 'zfs': {
      if (!config.location.startsWith('ssh://')) return new ZfsPool({ dataset: config.location }, runner);
      const remote = parseSshLocation(config.location);
      return new ZfsPool({ dataset: remote.path }, links.runner(remote));
    }
  }
}
