import { describe, expect, it } from 'vitest';
import { fallocate, reflinkCopy, sparseCopy } from './commands.js';

describe('file pool command builders', () => {
  it.each([
    [fallocate('/p/v.raw', 1048576), ['fallocate', '--length', '1048576', '/p/v.raw']],
    [fallocate('/p/v.raw', 2097152, 1048576), ['fallocate', '--offset', '1048576', '--length', '2097152', '/p/v.raw']],
    [sparseCopy('/p/a', '/p/-b'), ['cp', '--reflink=auto', '--sparse=always', '--', '/p/a', '/p/-b']],
    [reflinkCopy('/p/a', '/p/b'), ['cp', '--reflink=always', '--', '/p/a', '/p/b']],
  ])('builds %j', (argv, expected) => {
    expect(argv).toEqual(expected);
  });
});
