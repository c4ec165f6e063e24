import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfinityError } from '../../lib/errors.js';
import type { Actor } from '../access/policy.js';
import { openDatabase, type Db } from '../store/db.js';
import { CommandBus } from './bus.js';
import { defineCommand, type CommittedEvent } from './command.js';

const actor: Actor = { id: 'user-1', name: 'rita', role: 'regular' };

const addSetting = defineCommand({
  type: 'test.addSetting',
  prepare: (input: { key: string; fail?: boolean }, ctx) => ({ key: input.key, value: ctx.newId(), fail: input.fail ?? false }),
  apply(db, p) {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(p.key, p.value);
    if (p.fail) throw new InfinityError('INF_ERR_CONFLICT', 'refused after writing');
    return { value: p.value };
  },
});

let db: Db;
let bus: CommandBus;
beforeEach(() => {
  db = openDatabase(':memory:');
  bus = new CommandBus(db, () => new Date('2026-01-02T03:04:05.000Z'));
});
afterEach(() => db.close());

const settings = () => db.prepare('SELECT key FROM settings ORDER BY key').all();
const log = () => db.prepare('SELECT seq, id, type, actor_id, at FROM command_log ORDER BY seq').all();

describe('CommandBus', () => {
  it('applies a command and appends it to the log with its payload, then publishes it', async () => {
    const events: CommittedEvent[] = [];
    bus.events.on('committed', (e) => events.push(e));
    const result = await bus.execute(addSetting, { key: 'a' }, actor, { clientId: 'client-0001' });
    expect(settings()).toEqual([{ key: 'a' }]);
    expect(log()).toEqual([{ seq: 1, id: 'client-0001', type: 'test.addSetting', actor_id: 'user-1', at: '2026-01-02T03:04:05.000Z' }]);
    const payload = JSON.parse((db.prepare('SELECT payload FROM command_log').get() as { payload: string }).payload) as { value: string };
    expect(payload.value).toBe(result.value);
    expect(events).toEqual([{ seq: 1, id: 'client-0001', type: 'test.addSetting', actorId: 'user-1', at: '2026-01-02T03:04:05.000Z', result }]);
  });

  it('rolls back everything, log included, when apply refuses', async () => {
    const events: CommittedEvent[] = [];
    bus.events.on('committed', (e) => events.push(e));
    await expect(bus.execute(addSetting, { key: 'b', fail: true }, actor)).rejects.toMatchObject({ code: 'INF_ERR_CONFLICT' });
    expect(settings()).toEqual([]);
    expect(log()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('returns the first result for a repeated client id instead of applying twice', async () => {
    const first = await bus.execute(addSetting, { key: 'c' }, actor, { clientId: 'client-0002' });
    const again = await bus.execute(addSetting, { key: 'c' }, actor, { clientId: 'client-0002' });
    expect(again).toEqual(first);
    expect(log()).toHaveLength(1);
  });

  it('refuses a reused client id with a different input or actor', async () => {
    await bus.execute(addSetting, { key: 'd' }, actor, { clientId: 'client-0003' });
    await expect(bus.execute(addSetting, { key: 'e' }, actor, { clientId: 'client-0003' })).rejects.toMatchObject({ code: 'INF_ERR_IDEMPOTENCY_MISMATCH' });
    await expect(bus.execute(addSetting, { key: 'd' }, { ...actor, id: 'user-2' }, { clientId: 'client-0003' })).rejects.toMatchObject({
      code: 'INF_ERR_IDEMPOTENCY_MISMATCH',
    });
    expect(settings()).toEqual([{ key: 'd' }]);
  });

  it('numbers commands in commit order', async () => {
    await bus.execute(addSetting, { key: 'f' }, actor);
    await bus.execute(addSetting, { key: 'g' }, actor);
    expect(log().map((r) => (r as { seq: number }).seq)).toEqual([1, 2]);
  });
});
