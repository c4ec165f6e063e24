import { describe, expect, it } from 'vitest';
import { LocalRunner } from '../../../lib/exec/run.js';
import * as zfs from './commands.js';
import { parseSideBySide } from './parse.js';

const settings = { compression: 'lz4', readOnly: false, ioSync: 'standard' } as const;

describe('zfs builders', () => {
  it.each([
    [
      zfs.createZvol({ dataset: 'tank/i/drive-a', id: 'a', sizeBytes: 10737418240, sparse: true, volblocksize: 16384, ...settings }),
      ['zfs', 'create', '-s', '-V', '10737418240', '-o', 'volblocksize=16384', '-o', 'compression=lz4', '-o', 'readonly=off', '-o', 'sync=standard',
        '-o', 'infinity:sparse=on', '-o', 'infinity:id=a', 'tank/i/drive-a'],
    ],
    [
      zfs.createZvol({ dataset: 'tank/i/drive-b', id: 'b', sizeBytes: 16777216, sparse: false, volblocksize: 8192, compression: 'off', readOnly: true, ioSync: 'always' }),
      ['zfs', 'create', '-V', '16777216', '-o', 'volblocksize=8192', '-o', 'compression=off', '-o', 'readonly=on', '-o', 'sync=always',
        '-o', 'infinity:sparse=off', '-o', 'infinity:id=b', 'tank/i/drive-b'],
    ],
    [
      zfs.cloneSnapshot('tank/i/drive-a@snap-s', 'tank/i/drive-c', { id: 'c', sparse: true, compression: 'zstd', readOnly: false, ioSync: 'standard' }),
      ['zfs', 'clone', '-o', 'compression=zstd', '-o', 'readonly=off', '-o', 'sync=standard', '-o', 'infinity:sparse=on',
        '-o', 'infinity:id=c', 'tank/i/drive-a@snap-s', 'tank/i/drive-c'],
    ],
    [zfs.createParent('tank/i'), ['zfs', 'create', '-p', 'tank/i']],
    [zfs.reserveFully('tank/i/drive-c'), ['zfs', 'set', 'refreservation=auto', 'tank/i/drive-c']],
    [zfs.snapshot('tank/i/drive-a@snap-s', 's'), ['zfs', 'snapshot', '-o', 'infinity:id=s', 'tank/i/drive-a@snap-s']],
    [zfs.destroyVolume('tank/i/drive-a'), ['zfs', 'destroy', '-r', 'tank/i/drive-a']],
    [zfs.destroySnapshot('tank/i/drive-a@snap-s'), ['zfs', 'destroy', 'tank/i/drive-a@snap-s']],
    [zfs.promote('tank/i/drive-c'), ['zfs', 'promote', 'tank/i/drive-c']],
    [zfs.rollback('tank/i/drive-a@snap-s'), ['zfs', 'rollback', 'tank/i/drive-a@snap-s']],
    [zfs.setVolsize('tank/i/drive-a', 50331648), ['zfs', 'set', 'volsize=50331648', 'tank/i/drive-a']],
    [zfs.setProperties('tank/i/drive-a', { readOnly: true, ioSync: 'always' }), ['zfs', 'set', 'readonly=on', 'sync=always', 'tank/i/drive-a']],
    [zfs.setProperties('tank/i/drive-a', { compression: 'off' }), ['zfs', 'set', 'compression=off', 'tank/i/drive-a']],
    [zfs.listVolumes('tank/i', 1), ['zfs', 'list', '-Hp', '-t', 'volume', '-d', '1', '-o', 'name,volsize,used,usedbysnapshots,compression,readonly,sync,origin,infinity:id,infinity:sparse', 'tank/i']],
    [zfs.listSnapshots('tank/i/drive-a'), ['zfs', 'list', '-Hp', '-t', 'snapshot', '-d', '1', '-s', 'createtxg', '-o', 'name,used,clones,infinity:id', 'tank/i/drive-a']],
    [zfs.getSpace('tank/i'), ['zfs', 'get', '-Hp', '-o', 'property,value', 'used,available', 'tank/i']],
    [zfs.linkDevices(10, ['tank/i/drive-a']), ['sh', '-s', '--', '10', 'tank/i/drive-a']],
    [zfs.unlinkDevices(['tank/i/drive-a']), ['rm', '-f', '--', '/dev/zvol/tank/i/drive-a']],
    [zfs.channelProgram('tank', ['tank/i/drive-a']), ['zfs', 'program', '-j', 'tank', '-', 'tank/i/drive-a']],
  ])('builds %j', (argv, expected) => {
    expect(argv).toEqual(expected);
  });
});

describe('side-by-side scripts', () => {
  // Run by a real sh: every word reaches its command as one literal argument, never as syntax.
  const hostile = `it's $(touch /nonexistent/x) \`id\` ; "q" \\ $HOME *`;
  const echo = (text: string, code = 0) => ['sh', '-c', 'printf "%s\\n" "$1" >&2; exit "$2"', 'item', text, `${code}`];

  it('runs each item, reports the stderr and exit code of a failure, and whether it made its thing', async () => {
    const items = [
      { make: echo(hostile, 4), then: [] },
      { make: echo('cannot clone: dataset already exists', 1), then: [echo('never run')] },
      { make: ['true'], then: [['true'], echo('out of space', 2), echo('never run')] },
      { make: echo('a warning only'), then: [['true']] },
    ];
    const script = zfs.sideBySideScript(items, 2);
    expect(script.split('\n').filter((l) => l === 'wait')).toHaveLength(3);
    const result = await new LocalRunner().run(['sh', '-s'], { timeoutMs: 10_000, input: script });
    expect(parseSideBySide(result.stdout, items.length)).toEqual([
      { code: 4, made: false, stderr: hostile },
      { code: 1, made: false, stderr: 'cannot clone: dataset already exists' },
      { code: 2, made: true, stderr: 'out of space' },
      { code: 0, made: true, stderr: '' },
    ]);
  });

  it('leaves an item that never reported undefined', () => {
    expect(parseSideBySide('E 0 half\n', 1)).toEqual([undefined]);
  });
});
