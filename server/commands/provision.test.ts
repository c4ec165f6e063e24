import { describe, expect, it } from 'vitest';
import type { VolumeSpec } from '../storage/pool.js';
import type { JournalledEffect } from './effects.js';
import { batchClones, mergePlans, type Plan } from './provision.js';

const spec = (id: string): VolumeSpec => ({
  id, sizeBytes: 1 << 20, sparse: true, compression: 'off', readOnly: false, ioSync: 'standard',
});
const request = (id: string) => ({ volumeId: 'gold', snapshotId: 's1', clone: spec(id) });
const clone = (poolId: string, id: string): JournalledEffect => ({
  kind: 'volume.clone', args: { poolId, ...request(id) },
});
const batch = (poolId: string, ...ids: string[]): JournalledEffect => ({
  kind: 'volume.cloneMany', args: { poolId, requests: ids.map(request) },
});
const snapshot: JournalledEffect = {
  kind: 'volume.snapshot', args: { poolId: 'p1', volumeId: 'gold', snapshotId: 's1' },
};
const create: JournalledEffect = { kind: 'volume.create', args: { poolId: 'p1', spec: spec('blank') } };

describe("batching a plan's clones", () => {
  it('makes consecutive clones on one pool one batch, in order, and keeps other effects where they were', () => {
    const effects = [
      snapshot, clone('p1', 'a'), clone('p1', 'b'), clone('p2', 'c'), clone('p1', 'd'), create, clone('p1', 'e'),
    ];
    expect(batchClones(effects)).toEqual([
      snapshot, batch('p1', 'a', 'b'), batch('p2', 'c'), batch('p1', 'd'), create, batch('p1', 'e'),
    ]);
  });

  it('batches across the plans of a VM Group applied together, without changing the plans it merges', () => {
    const plan = (effects: JournalledEffect[]): Plan => ({
      vms: [], drives: [], snapshots: [], effects: batchClones(effects), thick: [], locks: [],
    });
    const first = plan([clone('p1', 'a'), clone('p1', 'b')]);
    const second = plan([clone('p1', 'c')]);
    expect(mergePlans([first, second]).effects).toEqual([batch('p1', 'a', 'b', 'c')]);
    expect(first.effects).toEqual([batch('p1', 'a', 'b')]);
  });
});
