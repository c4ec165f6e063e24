import { describe, expect, it } from 'vitest';
import { assertParentDataset, parseSnapshotName, parseVolumeDataset, snapshotName, volumeDataset } from './naming.js';

const id = '0b7c2c51-5a0e-4c55-8a53-3c1f5d0f6a10';

describe('zvol names', () => {
  it.each([
    ['tank', id, `tank/drive-${id}`],
    ['tank/infinity', 'abc', 'tank/infinity/drive-abc'],
    ['rpool/data/vm_disks.1', 'x-1', 'rpool/data/vm_disks.1/drive-x-1'],
  ])('%s + %s -> %s, and back', (parent, volumeId, name) => {
    expect(volumeDataset(parent, volumeId)).toBe(name);
    expect(parseVolumeDataset(parent, name)).toBe(volumeId);
  });

  it.each(['../etc', 'a/b', 'A', '', 'x y', 'a@b', '-lead', 'a'.repeat(65)])('refuses the volume id %j', (bad) => {
    expect(() => volumeDataset('tank', bad)).toThrow(/not a valid storage id/);
  });

  it.each([
    ['tank/drive-abc', 'tank/infinity'],
    ['tank/infinity/vm-1-disk-0', 'tank/infinity'],
    ['tank/infinity/drive-ABC', 'tank/infinity'],
    ['tank/infinity/drive-', 'tank/infinity'],
    ['tank/infinity/drive-a/b', 'tank/infinity'],
    ['tank/infinity/drive-a@snap-b', 'tank/infinity'],
    ['tank/infinityx/drive-a', 'tank/infinity'],
  ])('does not claim %s under %s', (name, parent) => {
    expect(parseVolumeDataset(parent, name)).toBeUndefined();
  });

  it('snapshots: <volume>@snap-<id>, and back', () => {
    expect(snapshotName('tank/i', 'v1', 's1')).toBe('tank/i/drive-v1@snap-s1');
    expect(parseSnapshotName('tank/i', 'tank/i/drive-v1@snap-s1')).toEqual({ volumeId: 'v1', snapshotId: 's1' });
    expect(() => snapshotName('tank/i', 'v1', 'S 1')).toThrow(/not a valid storage id/);
  });

  it.each(['tank/i/drive-v1', 'tank/i/drive-v1@autosnap_2026', 'tank/i/drive-v1@snap-', 'tank/i/other@snap-s1', 'tank/i/drive-v1@snap-s1@x'])('does not claim the snapshot %s', (name) => {
    expect(parseSnapshotName('tank/i', name)).toBeUndefined();
  });

  it.each(['tank', 'tank/infinity', 'rpool/data/vm_disks.1', 'a:b/c-d'])('accepts the parent dataset %s', (parent) => {
    expect(assertParentDataset(parent)).toBe(parent);
  });

  it.each(['', '/tank', 'tank/', 'tank//x', 'tank/../etc', 'tank@snap', 'tank#b', 'tank/a b', '-o', '1tank', "tank/'x'"])('refuses the parent dataset %j', (parent) => {
    expect(() => assertParentDataset(parent)).toThrow(/not a ZFS dataset name/);
  });
});
