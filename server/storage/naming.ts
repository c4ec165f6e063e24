import { describeCharacter } from '../../lib/characters.js';
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

/**
 * A pool location (a directory, a dataset, or ssh://user@host/dataset) is taken as written,
 * so it may not climb: a ".." step resolves against directories that may not exist yet
 * (the kernel refuses "/a/missing/../b" while path.join quietly makes it "/a/b"), and a control
 * character (a newline, a NUL) would cut a path or a log line in two.
 */
export function assertPoolLocation(location: string): string {
  // Control, format (bidirectional, zero-width), separator and unassigned characters: a
  // path that reads differently from what it is, or breaks the line it is logged on.
  const control = [...location].find((char) => /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(char));
  if (control) {
    throw new InfinityError('INF_ERR_VALIDATION', `A pool location may not contain ${describeCharacter(control)}.`, {
      field: 'location',
    });
  }
  if (location.split('/').includes('..')) {
    throw new InfinityError(
      'INF_ERR_VALIDATION',
      `The pool location "${location}" climbs with ".."; give the path without ".." steps.`,
      { field: 'location' },
    );
  }
  return location;
}
