import { describe, expect, it } from 'vitest';
import { driveSizeProblem, formatBytes, formatSize, MAX_DRIVE_BYTES, MIB, parseSize } from './sizes.js';

describe('sizes', () => {
  it.each([
    ['10G', 10 * 1024 ** 3],
    ['512M', 512 * MIB],
    ['1.5G', 1.5 * 1024 ** 3],
    ['2TiB', 2 * 1024 ** 4],
    ['4096', 4096],
    ['64k', 64 * 1024],
  ])('parses %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'ten', '10X', '-1G', '1e9'])('refuses %j', (text) => {
    expect(() => parseSize(text)).toThrow(/not a size/);
  });

  it('formats bytes for people', () => {
    expect(formatSize(10 * 1024 ** 3)).toBe('10G');
    expect(formatSize(1536 * MIB)).toBe('1.5G');
    expect(formatSize(12)).toBe('12B');
  });

  it('shows bytes as the console does: a space before the unit, unknown for no measurement', () => {
    expect(formatBytes(1536 * MIB)).toBe('1.5 G');
    expect(formatBytes(1024 ** 3)).toBe('1 G');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(150 * MIB + 1)).toBe('150 M');
    expect(formatBytes(null)).toBe('unknown');
  });

  it('accepts whole MiB up to the limit and names the problem otherwise', () => {
    expect(driveSizeProblem(MIB)).toBeUndefined();
    expect(driveSizeProblem(MAX_DRIVE_BYTES)).toBeUndefined();
    expect(driveSizeProblem(0)).toMatch(/positive/);
    expect(driveSizeProblem(MIB + 1)).toMatch(/whole number of MiB/);
    expect(driveSizeProblem(MAX_DRIVE_BYTES + MIB)).toMatch(/at most/);
  });
});
