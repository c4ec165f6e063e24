import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../lib/exec/run.js';
import { SshLinks } from '../../lib/exec/ssh-links.js';
import { IscsiService, LocalIscsi } from '../iscsi/service.js';
import type { VolumeSpec } from '../storage/pool.js';
import { StorageService } from '../storage/service.js';
import { openDatabase, type Db } from '../store/db.js';
import { CommandBus } from './bus.js';
import { serverEffects } from './effect-kinds.js';
import type { JournalledEffect } from './effects.js';

const MiB = 1024 * 1024;
const spec = (id: string): VolumeSpec => ({
  id, sizeBytes: 8 * MiB, sparse: true, compression: 'off', readOnly: false, ioSync: 'standard',
});
const fromTemplate = (id: string) => ({ volumeId: 'template', snapshotId: 'snap', clone: spec(id) });

describe('batched storage effects against a real file pool', () => {
  let dir: string;
  let db: Db;
  let storage: StorageService;
  let iscsi: IscsiService;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infinity-batch-fx-'));
    db = openDatabase(':memory:');
    const runner = new LocalRunner();
    const links = new SshLinks(runner);
    const locate = () => ({ driver: 'file' as const, location: dir });
    storage = new StorageService(locate, runner, links);
    iscsi = new IscsiService(LocalIscsi.disabled('not needed here'), locate, links);
    await storage.pool('p1').initialize();
    await storage.pool('p1').createVolume(spec('template'));
    await storage.pool('p1').snapshot('template', 'snap');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = async () => (await storage.pool('p1').listVolumes()).map((v) => v.id).sort();

  it('after a crash mid-batch, recover removes every clone of the batch that exists, nothing else', async () => {
    const requests = ['clone-a', 'clone-b', 'clone-c'].map(fromTemplate);
    // The crash came after two of the three clones: the journal names the whole batch.
    await storage.pool('p1').cloneMany(requests.slice(0, 2));
    await storage.pool('p1').createVolume(spec('unrelated'));
    const effects: JournalledEffect[] = [{ kind: 'volume.cloneMany', args: { poolId: 'p1', requests } }];
    db.prepare('INSERT INTO operation_journal (id, type, actor_id, started_at, effects) VALUES (?, ?, ?, ?, ?)')
      .run('op-1', 'vm.create', 'u1', '2026-12-07T00:00:00.000Z', JSON.stringify(effects));

    const table = serverEffects(storage, iscsi);
    const recovered = await new CommandBus(db, { effects: table }).recover();
    expect(recovered).toEqual([{ id: 'op-1', type: 'vm.create', effects, undone: 1, failed: 0 }]);
    expect(await ids()).toEqual(['template', 'unrelated']);
    // Undo stays idempotent: a second run (another crash during recovery) finds nothing to do.
    await table['volume.cloneMany'].undo({ poolId: 'p1', requests });
    expect(await ids()).toEqual(['template', 'unrelated']);
  });

  it('destroys a batch in order and skips volumes already gone, so it can run again', async () => {
    const requests = ['clone-a', 'clone-b'].map(fromTemplate);
    await storage.pool('p1').cloneMany(requests);
    const table = serverEffects(storage, iscsi);
    const batch = { poolId: 'p1', volumeIds: ['clone-b', 'clone-a', 'template'] };
    await table['volume.destroyMany'].do(batch);
    await table['volume.destroyMany'].do(batch);
    expect(await ids()).toEqual([]);
  });
});
