/** What a command locks: a VM, a drive, a storage pool (by id). */
export type LockKey = `${'vm' | 'drive' | 'pool'}:${string}`;

/**
 * Per-object locks for commands with effects. A command holds the locks of the objects it
 * plans from and changes for the time of its effects and commit, so two commands on one
 * VM run one after the other (the second plans from what the first committed) while
 * commands on unrelated objects run side by side. Keys are taken in one fixed (sorted)
 * order, so two commands that share several objects cannot each hold what the other waits for.
 */
export class ObjectLocks {
  /** For each key held or awaited: the promise that settles when its last claimant releases. */
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(keys: readonly LockKey[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const key of [...new Set(keys)].sort()) {
      const before = this.tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = before.then(() => held);
      this.tails.set(key, tail);
      releases.push(() => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
      await before;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const release of releases.reverse()) release();
    };
  }

  /** Keys held or awaited now (for tests and diagnostics). */
  busy(): string[] {
    return [...this.tails.keys()].sort();
  }
}

export const vmLock = (id: string): LockKey => `vm:${id}`;
export const poolLock = (id: string): LockKey => `pool:${id}`;

/** A drive's lock, and its VM's: commands on a VM plan from all of its drives. */
export function driveLocks(drives: readonly { id: string; vmId: string | null }[]): LockKey[] {
  return drives.flatMap((d): LockKey[] => (d.vmId === null ? [`drive:${d.id}`] : [`drive:${d.id}`, vmLock(d.vmId)]));
}
