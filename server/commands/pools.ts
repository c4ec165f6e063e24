import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fail, InfinityError } from '../../lib/errors.js';
import { requireAdmin } from '../access/policy.js';
import { assertPoolLocation } from '../storage/naming.js';
import { deletePool, getPool, insertPool, listPools, poolDriveCount, setPoolOnline, type PoolDriver } from '../store/pools.js';
import type { Db } from '../store/db.js';
import { getLocalServer } from '../store/servers.js';
import { defineCommand, type CommandDeps } from './command.js';
import { poolLock } from './locks.js';

export interface AddPoolInput {
  name: string;
  driver: PoolDriver;
  location: string;
}

/** Pools are configured by administrators; the driver is checked against the real thing first. */
export function addPool({ storage }: CommandDeps) {
  return defineCommand({
    type: 'pool.add',
    prepare: (input: AddPoolInput, ctx) => ({ ...input, id: ctx.newId() }),
    // Pools added at once must not both pass the check that their directories do not overlap.
    locks: () => [poolLock('new')],
    async effects(db, p, _fx, { actor }) {
      requireAdmin(actor, 'add storage pools');
      if (getPool(db, p.name)) throw fail.nameTaken('storage pool', p.name);
      assertPoolLocation(p.location);
      if (p.driver === 'file') requireSeparateDirectory(db, p.location);
      const pool = storage.probe(p.driver, p.location);
      const space = await pool.initialize().then(() => pool.space()).catch((error: unknown) => {
        if (error instanceof InfinityError && error.code === 'INF_ERR_VALIDATION') throw error;
        throw new InfinityError('INF_ERR_VALIDATION', `The ${p.driver} pool location "${p.location}" cannot be used: ${(error as Error).message}`, { field: 'location', cause: error });
      });
      if (space.sizeBytes <= 0) throw fail.validation('location', `The ${p.driver} pool location "${p.location}" reports no space.`);
    },
    apply(db, p, { actor, at }) {
      requireAdmin(actor, 'add storage pools');
      if (getPool(db, p.name)) throw fail.nameTaken('storage pool', p.name);
      const server = getLocalServer(db);
      if (!server) throw new Error('the local server is not registered; startServer registers it before serving');
      insertPool(db, { id: p.id, name: p.name, serverId: server.id, driver: p.driver, location: p.location, online: true, createdAt: at });
      return { id: p.id };
    },
  });
}

/** Two file pools in one directory (or one inside the other) would count the same space twice and see each other's files. */
/**
 * The directory a path names once symbolic links are followed (through its longest part
 * that exists), so a link into another pool's directory is seen as that directory.
 */
function physical(location: string): string {
  const absolute = resolve(location);
  const rest: string[] = [];
  for (let dir = absolute; ; dir = dirname(dir)) {
    try {
      return join(realpathSync(dir), ...rest);
    } catch {
      if (dir === dirname(dir)) return absolute;
      rest.unshift(basename(dir));
    }
  }
}

function requireSeparateDirectory(db: Db, location: string): void {
  const inside = (a: string, b: string) => a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
  const wanted = physical(location);
  for (const other of listPools(db).filter((x) => x.driver === 'file')) {
    const existing = physical(other.location);
    if (inside(wanted, existing) || inside(existing, wanted)) {
      throw fail.validation('location', `"${location}" overlaps the directory of storage pool "${other.name}" (${other.location}); give each file pool a directory of its own.`);
    }
  }
}

export const setPoolOnlineCommand = defineCommand({
  type: 'pool.setOnline',
  prepare: (input: { id: string; online: boolean }) => input,
  apply(db, p, { actor }) {
    requireAdmin(actor, 'take storage pools online or offline');
    const pool = getPool(db, p.id);
    if (!pool) throw fail.notFound('Storage pool', p.id);
    setPoolOnline(db, pool.id, p.online);
    return { id: pool.id };
  },
});

export const removePool = defineCommand({
  type: 'pool.remove',
  prepare: (input: { id: string }) => input,
  apply(db, p, { actor }) {
    requireAdmin(actor, 'remove storage pools');
    const pool = getPool(db, p.id);
    if (!pool) throw fail.notFound('Storage pool', p.id);
    const drives = poolDriveCount(db, pool.id);
    if (drives > 0) throw fail.conflict(`Storage pool "${pool.name}" still holds ${drives} drive(s); delete or move them first, or take the pool offline.`);
    deletePool(db, pool.id);
    return { id: pool.id };
  },
});
