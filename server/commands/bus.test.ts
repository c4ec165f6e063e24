import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfinityError } from '../../lib/errors.js';
import type { Actor } from '../access/policy.js';
import { openDatabase, type Db } from '../store/db.js';
import { CommandBus } from './bus.js';
import { defineCommand, type Command, type CommittedEvent } from './command.js';
import type { EffectKind } from './effects.js';

const actor: Actor = { id: 'user-1', name: 'rita', role: 'regular' };

const addSetting = defineCommand<{ key: string; fail?: boolean }, { key: string; value: string; fail: boolean }, { value: string }, TestEffects>({
  type: 'test.addSetting',
  prepare: (input: { key: string; fail?: boolean }, ctx) => ({ key: input.key, value: ctx.newId(), fail: input.fail ?? false }),
  apply(db, p) {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(p.key, p.value);
    if (p.fail) throw new InfinityError('INF_ERR_CONFLICT', 'refused after writing');
    return { value: p.value };
  },
});

/** The bus's own tests use effects of their own: files in a directory, and one whose undo fails. */
const testEffects = (dir: string) => ({
  // A real effect outside SQLite: a file that exists or not, undone idempotently.
  'test.file': {
    do: async ({ name }: { name: string }) => writeFileSync(join(dir, name), 'x'),
    undo: async ({ name }: { name: string }) => rmSync(join(dir, name), { force: true }),
  } satisfies EffectKind<{ name: string }>,
  'test.stuck': {
    do: async () => undefined,
    undo: async () => {
      throw new Error('device busy');
    },
  } satisfies EffectKind<object>,
});
type TestEffects = ReturnType<typeof testEffects>;
const testCommand = <I, P, R>(command: Command<I, P, R, TestEffects>) => defineCommand(command);

let db: Db;
let bus: CommandBus<TestEffects>;
beforeEach(() => {
  db = openDatabase(':memory:');
  bus = new CommandBus(db, { effects: testEffects(tmpdir()), now: () => new Date('2026-01-02T03:04:05.000Z') });
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

describe('CommandBus effects and the operation journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'infinity-fx-'));
    bus = new CommandBus(db, { effects: testEffects(dir) });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const makeFiles = testCommand({
    type: 'test.makeFiles',
    prepare: (input: { names: string[]; failAt?: 'effects' | 'apply'; hang?: boolean }) => input,
    locks: (_db, p) => p.names.map((name) => `drive:${name}` as const),
    async effects(_db, p, fx) {
      for (const [i, name] of p.names.entries()) {
        if (p.failAt === 'effects' && i === p.names.length - 1) throw new InfinityError('INF_ERR_COMMAND', 'the third step failed');
        await fx.run('test.file', { name });
      }
      if (p.hang) await new Promise(() => undefined);
    },
    apply(db, p) {
      if (p.failAt === 'apply') throw new InfinityError('INF_ERR_CONFLICT', 'refused at apply');
      for (const name of p.names) db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(name, 'file');
      return { count: p.names.length };
    },
  });

  const files = () => readdirSync(dir).sort();
  const journal = () => db.prepare('SELECT id FROM operation_journal').all();

  it('does the effects, commits, and clears the journal', async () => {
    await bus.execute(makeFiles, { names: ['a', 'b', 'c'] }, actor);
    expect(files()).toEqual(['a', 'b', 'c']);
    expect(settings()).toEqual([{ key: 'a' }, { key: 'b' }, { key: 'c' }]);
    expect(journal()).toEqual([]);
  });

  it('undoes the effects done so far when a later effect fails', async () => {
    await expect(bus.execute(makeFiles, { names: ['a', 'b', 'c'], failAt: 'effects' }, actor)).rejects.toMatchObject({ code: 'INF_ERR_COMMAND' });
    expect(files()).toEqual([]);
    expect(settings()).toEqual([]);
    expect(journal()).toEqual([]);
    expect(log()).toEqual([]);
  });

  it('undoes every effect when apply refuses', async () => {
    await expect(bus.execute(makeFiles, { names: ['a', 'b'], failAt: 'apply' }, actor)).rejects.toMatchObject({ code: 'INF_ERR_CONFLICT' });
    expect(files()).toEqual([]);
    expect(journal()).toEqual([]);
  });

  it('after a crash mid-command, recover() undoes what the journal names', async () => {
    void bus.execute(makeFiles, { names: ['a', 'b'], hang: true }, actor);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(files()).toEqual(['a', 'b']);
    expect(journal()).toHaveLength(1);

    const restarted = new CommandBus(db, { effects: testEffects(dir) });
    const recovered = await restarted.recover();
    expect(recovered).toEqual([{
      id: expect.any(String), type: 'test.makeFiles', undone: 2, failed: 0,
      effects: [{ kind: 'test.file', args: { name: 'a' } }, { kind: 'test.file', args: { name: 'b' } }],
    }]);
    expect(files()).toEqual([]);
    expect(journal()).toEqual([]);
    expect(log()).toEqual([]);
  });

  it('runs commands with effects one after another: the second plans from what the first committed', async () => {
    const order: string[] = [];
    const claim = testCommand({
      type: 'test.claim',
      prepare: (input: { name: string }) => input,
      locks: () => ['vm:slot'],
      async effects(db, p) {
        const taken = db.prepare('SELECT count(*) AS n FROM settings WHERE key = ?').get('slot') as { n: number };
        order.push(`${p.name} plans ${taken.n === 0 ? 'free' : 'taken'}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (taken.n > 0) throw new InfinityError('INF_ERR_NAME_TAKEN', 'the slot is taken');
      },
      apply(db, p) {
        db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('slot', p.name);
        order.push(`${p.name} commits`);
      },
    });
    const results = await Promise.allSettled([bus.execute(claim, { name: 'first' }, actor), bus.execute(claim, { name: 'second' }, actor)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(order).toEqual(['first plans free', 'first commits', 'second plans taken']);
  });

  it('journals no secret: the effect gets it, the journal row on disk does not', async () => {
    const seen: unknown[] = [];
    type SecretEffects = { 'test.secret': EffectKind<{ user: string; secret: string }> };
    const effects: SecretEffects = {
      'test.secret': { do: async (args) => void seen.push(args), undo: async () => undefined },
    };
    const secretive = new CommandBus(db, { effects });
    const hang = defineCommand<object, object, object, SecretEffects>({
      type: 'test.secret',
      prepare: () => ({}),
      locks: () => ['drive:secret'],
      async effects(_db, _p, fx) {
        await fx.run('test.secret', { user: 'chap-user', secret: 'hunter2-hunter2' });
        await new Promise(() => undefined);
      },
      apply: () => ({}),
    });
    void secretive.execute(hang, {}, actor);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([{ user: 'chap-user', secret: 'hunter2-hunter2' }]);
    const row = db.prepare('SELECT effects FROM operation_journal').get() as { effects: string };
    expect(JSON.parse(row.effects)).toEqual([{ kind: 'test.secret', args: { user: 'chap-user' } }]);
  });

  it('keeps the journal row when an undo fails, and reports it', async () => {
    const reported: string[] = [];
    const stuckBus = new CommandBus(db, { effects: testEffects(dir), onUndoFailure: (_id, effect, error) => reported.push(`${effect.kind}: ${(error as Error).message}`) });
    const stuck = testCommand({
      type: 'test.stuck',
      prepare: () => ({}),
      locks: () => ['vm:stuck'],
      async effects(_db, _p, fx) {
        await fx.run('test.stuck', {});
        throw new InfinityError('INF_ERR_COMMAND', 'failed after the effect');
      },
      apply: () => ({}),
    });
    await expect(stuckBus.execute(stuck, undefined, actor, { clientId: 'client-stuck' })).rejects.toMatchObject({ code: 'INF_ERR_COMMAND' });
    expect(reported).toEqual(['test.stuck: device busy']);
    expect(journal()).toEqual([{ id: 'client-stuck' }]);
    await expect(stuckBus.execute(stuck, undefined, actor, { clientId: 'client-stuck' })).rejects.toMatchObject({ code: 'INF_ERR_CONFLICT' });
  });

  it('runs commands on different objects side by side, and one on the same object after them', async () => {
    const order: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const step = testCommand({
      type: 'test.step',
      prepare: (input: { vm: string; wait: boolean }) => input,
      locks: (_db, p) => [`vm:${p.vm}`],
      async effects(_db, p) {
        order.push(`${p.vm} starts`);
        if (p.wait) await gate;
        order.push(`${p.vm} ends`);
      },
      apply: () => ({}),
    });
    const slow = bus.execute(step, { vm: 'a', wait: true }, actor);
    const sameVm = bus.execute(step, { vm: 'a', wait: false }, actor);
    await bus.execute(step, { vm: 'b', wait: false }, actor);
    expect(order).toEqual(['a starts', 'b starts', 'b ends']);
    open();
    await Promise.all([slow, sameVm]);
    expect(order).toEqual(['a starts', 'b starts', 'b ends', 'a ends', 'a starts', 'a ends']);
  });

  it('refuses to define a command with effects but no locks', () => {
    expect(() => testCommand({ type: 'test.unlocked', prepare: () => ({}), effects: async () => undefined, apply: () => ({}) })).toThrow(/declares no locks/);
  });
});
