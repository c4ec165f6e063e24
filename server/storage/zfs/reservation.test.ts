import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../lib/exec/fake-runner.js';
import * as zfs from './commands.js';
import { parseReservationInputs } from './parse.js';
import { ZfsPool } from './zfs-pool.js';

const P = 'tank/infinity';
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const ds = `${P}/drive-${A}`;
const GiB = 1024 ** 3;
const pool = (runner: FakeRunner) => new ZfsPool({ dataset: P }, runner);
const inputs = (volsize: number, referenced: number, sparse: string) => ({ argv: zfs.getReservationInputs(ds), stdout: `${volsize}\n${referenced}\n${sparse}\n` });

describe('dynamic reservation on ZFS (manual: a 50 GB sparse drive at 10 %)', () => {
  it.each([
    ['starts with 5 GB guaranteed', 0, 10, 5 * GiB],
    ['after 25 GB written, guarantees 30 GB', 25 * GiB, 10, 30 * GiB],
    ['never reserves more than the size', 48 * GiB, 10, 50 * GiB],
    ['0 % removes the reservation', 25 * GiB, 0, 0],
  ])('%s', async (_what, referenced, percent, expected) => {
    const runner = new FakeRunner([inputs(50 * GiB, referenced, 'on'), { argv: zfs.setRefreservation(ds, expected) }]);
    expect(await pool(runner).reserve(A, percent)).toBe(expected);
    expect(runner.done).toBe(true);
  });

  it('leaves a thick volume alone: it already holds its whole size', async () => {
    const runner = new FakeRunner([inputs(50 * GiB, GiB, 'off')]);
    expect(await pool(runner).reserve(A, 10)).toBe(50 * GiB);
    expect(runner.done).toBe(true);
  });

  it('builds and parses the commands', () => {
    expect(zfs.getReservationInputs('t/v')).toEqual(['zfs', 'get', '-Hp', '-o', 'value', 'volsize,referenced,infinity:sparse', 't/v']);
    expect(zfs.setRefreservation('t/v', 0)).toEqual(['zfs', 'set', 'refreservation=none', 't/v']);
    expect(zfs.setRefreservation('t/v', 1048576)).toEqual(['zfs', 'set', 'refreservation=1048576', 't/v']);
    expect(parseReservationInputs('1073741824\n8192\n-\n')).toEqual({ volsize: GiB, referenced: 8192, sparse: null });
    expect(() => parseReservationInputs('1073741824\n')).toThrow(/three lines/);
  });
});
