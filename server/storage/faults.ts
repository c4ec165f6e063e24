import { InfinityError } from '../../lib/errors.js';
import type { StoragePool } from './pool.js';

/**
 * A driver that touches the filesystem itself (the file pool) can meet Node's own errors:
 * EPERM on an immutable file, EIO from a failing disk, ENOSPC, EROFS. They are faults of
 * the storage, not of the request: they leave every driver method as storage errors that
 * name the pool and the operation, never as a bare 500.
 */
export function reportingFaults(pool: StoragePool, location: string): StoragePool {
  return new Proxy(pool, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          throw storageFault(error, location, String(property));
        });
      };
    },
  });
}

export function storageFault(error: unknown, location: string, operation: string): unknown {
  const system = error as NodeJS.ErrnoException;
  if (error instanceof InfinityError || !(error instanceof Error) || typeof system.code !== 'string' || system.syscall === undefined) return error;
  if (system.code === 'ENOSPC') {
    return new InfinityError('INF_ERR_STORAGE_NO_SPACE', `The storage pool at ${location} is full (${operation}: ${system.message}); free space and try again.`, { cause: error });
  }
  return new InfinityError(
    'INF_ERR_STORAGE_COMMAND',
    `The storage pool at ${location} failed to ${operation} (${system.message}). Check the pool's disk, mount and permissions.`,
    { cause: error },
  );
}
