import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { partsOff, type StartedParts } from './start-notes.js';
import { openDatabase, type Db } from './store/db.js';
import { insertPool } from './store/pools.js';
import { insertServer } from './store/servers.js';

const SERVER_ID = 'server-1';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
  const createdAt = new Date().toISOString();
  insertServer(db, { id: SERVER_ID, name: 'here', address: '127.0.0.1', online: true, isLocal: true, createdAt });
});
afterEach(() => db.close());

function pool(id: string, driver: 'file' | 'zfs', location: string, online = true) {
  insertPool(db, { id, name: id, serverId: SERVER_ID, driver, location, online, createdAt: new Date().toISOString() });
}

function parts(thin: Record<string, boolean | Error>, iscsiOff?: string): StartedParts {
  return {
    db,
    storage: {
      pool: (id) => ({
        capabilities: async () => {
          const answer = thin[id];
          if (answer instanceof Error) throw answer;
          return { thinClones: answer ?? true };
        },
      }),
    },
    iscsi: {
      local: { health: () => (iscsiOff === undefined ? { status: 'ok' } : { status: 'off', reason: iscsiOff }) },
    },
  };
}

describe('the parts a starting server says are off', () => {
  it('is nothing when iSCSI runs and every file pool shares blocks', async () => {
    pool('default', 'file', '/data/pool');
    expect(await partsOff(parts({ default: true }))).toEqual([]);
  });

  it('names iSCSI with the reason it is off', async () => {
    const reason = "tgtd is not installed; install Debian's tgt package and restart the server.";
    expect(await partsOff(parts({}, reason))).toEqual([`iSCSI: ${reason}`]);
  });

  it('names each online file pool without reflink, and what gives thin clones', async () => {
    pool('default', 'file', '/data/pool');
    pool('xfs', 'file', '/srv/xfs');
    pool('gone', 'file', '/mnt/gone');
    pool('parked', 'file', '/srv/parked', false);
    pool('tank', 'zfs', 'tank/infinity');
    const off = await partsOff(parts({ default: false, xfs: true, gone: new Error('missing'), parked: false }));
    expect(off).toEqual([
      'Thin clones in pool "default": /data/pool is on a file system without reflink, so its clones and ' +
        'snapshots are full copies. For thin ones add a pool on XFS or btrfs ' +
        '(infinity pool add --name NAME --driver file --path DIR) or on ZFS (--driver zfs --dataset POOL/PATH).',
    ]);
  });
});
