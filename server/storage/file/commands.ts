/**
 * argv builders for the file pool's system commands (pure; unit-tested). Node has no
 * fallocate and no sparse or reflink copy, so these go through the command runner.
 */

/** Reserve real blocks for [offset, offset+length) without touching existing data. */
export function fallocate(file: string, length: number, offset = 0): string[] {
  return offset === 0 ? ['fallocate', '--length', String(length), file] : ['fallocate', '--offset', String(offset), '--length', String(length), file];
}

/** Copy sharing blocks where the filesystem can (reflink), else keeping holes. */
export function sparseCopy(from: string, to: string): string[] {
  return ['cp', '--reflink=auto', '--sparse=always', '--', from, to];
}

/** Only succeeds where the filesystem can share blocks; used to probe the capability. */
export function reflinkCopy(from: string, to: string): string[] {
  return ['cp', '--reflink=always', '--', from, to];
}
