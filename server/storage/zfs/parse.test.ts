import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSnapshots, parseSpace, parseZvols } from './parse.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/zfs/${name}`, import.meta.url), 'utf8');

describe('zfs -Hp parsers (recorded OpenZFS 2.1.11 output)', () => {
  it('parses zfs list of volumes, unset user properties as null', () => {
    const rows = parseZvols(fixture('list-volumes.txt'));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const foreign = rows.find((r) => r.name === 'tank/infinity/other')!;
    expect(foreign).toMatchObject({ id: null, sparse: null, origin: null });
    for (const r of rows) {
      expect(Number.isInteger(r.volsize) && Number.isInteger(r.used) && Number.isInteger(r.usedBySnapshots)).toBe(true);
    }
    const clone = rows.find((r) => r.origin !== null)!;
    expect(clone.origin).toMatch(/^tank\/infinity\/drive-[a-z0-9-]+@snap-[a-z0-9-]+$/);
  });

  it('parses snapshots with their clones', () => {
    const rows = parseSnapshots(fixture('list-snapshots.txt'));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.clones).toHaveLength(1);
    expect(rows[1]!.clones).toEqual([]);
    expect(rows.every((r) => r.id !== null && r.used >= 0)).toBe(true);
  });

  it('parses zfs get -Hp used,available', () => {
    const space = parseSpace(fixture('get-space.txt'));
    expect(space.used).toBeGreaterThan(0);
    expect(space.available).toBeGreaterThan(0);
  });

  it.each([
    ['a line with too few fields', 'tank/x\t1\t2\n'],
    ['a human-readable size (no -p)', 'tank/x\t10G\t1\t0\toff\toff\tstandard\t-\t-\t-\n'],
  ])('refuses %s', (_what, output) => {
    expect(() => parseZvols(output)).toThrow(/Unexpected/);
  });
});
