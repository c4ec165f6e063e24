import { InfinityError } from '../../lib/errors.js';

/**
 * Storage names come from ids, and ids reach paths and zfs arguments: only lower-case
 * letters, digits and dashes pass, so nothing can climb out of a directory or a dataset.
 */
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function assertStorageId(id: string, what: string): string {
  if (!ID.test(id)) throw new InfinityError('INF_ERR_VALIDATION', `${what} "${id}" is not a valid storage id (a-z, 0-9, -).`);
  return id;
}

export function isStorageId(id: string): boolean {
  return ID.test(id);
}
