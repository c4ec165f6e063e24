import { statfs } from 'node:fs/promises';
import type { StoragePool } from '../pool.js';

/** statfs(2) magic numbers of the file systems a pool directory is likely to be on. */
const FILE_SYSTEMS = new Map<number, string>([
  [0xef53, 'ext4'], [0x58465342, 'XFS'], [0x9123683e, 'btrfs'],
  [0x01021994, 'tmpfs'], [0x794c7630, 'overlayfs'], [0x6969, 'NFS'],
]);

/**
 * For a file pool whose file system cannot share blocks (ext4, the usual data directory):
 * every clone is a full copy (100 clones of a drive holding 32 MiB write 3.2 GiB), so the
 * start log and the pool's answer say so, with the one step that gives thin clones.
 * Null where clones are thin already.
 */
export async function fullCopyAdvice(pool: StoragePool, location: string): Promise<string | null> {
  if (pool.driver !== 'file' || (await pool.capabilities()).thinClones) return null;
  const type = await statfs(location).then((s) => FILE_SYSTEMS.get(s.type), () => undefined);
  return `Clones in this pool are full copies: ${location} is on ${type ?? 'a file system'} without reflink. `
    + 'For thin clones, add a ZFS pool (infinity pool add --name zfs --driver zfs --dataset POOL/infinity), '
    + 'or put the pool directory on XFS (mkfs.xfs -m reflink=1) or btrfs.';
}
