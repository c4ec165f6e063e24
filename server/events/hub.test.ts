import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InfinityError } from '../../lib/errors.js';
import type { Actor } from '../access/policy.js';
import type { CommandBus } from '../commands/bus.js';
import type { ObjectRef } from '../store/changes.js';
import { openDatabase, type Db } from '../store/db.js';
import { EventHub, type HubEvent } from './hub.js';

const AT = '2026-12-01T00:00:00.000Z';
const LATER = '2099-01-01T00:00:00.000Z';
const ADMIN: Actor = { id: 'a1', name: 'ada', role: 'admin' };
const RESTRICTED: Actor = { id: 'u2', name: 'ugo', role: 'restricted' };

let db: Db;
let bus: { events: EventEmitter };
let command: (sql: string) => number;
beforeEach(() => {
  db = openDatabase(':memory:');
  db.exec(`
    INSERT INTO users (id, name, role, password_hash, created_at)
      VALUES ('a1', 'ada', 'admin', 'x', '${AT}'), ('u2', 'ugo', 'restricted', 'x', '${AT}');
    INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
      VALUES ('t-a1', 'a1', '${AT}', '${LATER}'), ('t-u2', 'u2', '${AT}', '${LATER}');
    INSERT INTO host_groups (id, name, type, created_at)
      VALUES ('g1', 'lab', 'distributed', '${AT}'), ('g2', 'hall', 'distributed', '${AT}');
    INSERT INTO grants (user_id, object_type, object_id, granted_at) VALUES ('u2', 'host_group', 'g2', '${AT}');
  `);
  bus = { events: new EventEmitter() };
  const log = db.prepare(
    "INSERT INTO command_log (id, type, at, input_hash, payload, result) VALUES (?, ?, ?, '', '{}', '0')",
  );
  command = db.transaction((sql: string) => {
    db.exec(sql);
    return Number(log.run(randomUUID(), 'hostGroup.update', AT).lastInsertRowid);
  });
});

function listen(hub: EventHub, actor: Actor) {
  const heard: { seq: number | null; objects: ObjectRef[] }[] = [];
  const ended: InfinityError[] = [];
  hub.subscribe({
    actor,
    tokenHash: `t-${actor.id}`,
    deliver: (event: HubEvent, objects) => heard.push({ seq: event.seq, objects }),
    end: (reason) => ended.push(reason),
  });
  return { heard, ended };
}

describe('EventHub', () => {
  it('publishes commands in log order with their own objects, though the later one announced itself first', () => {
    const hub = new EventHub(db, bus as unknown as CommandBus);
    const admin = listen(hub, ADMIN);
    const restricted = listen(hub, RESTRICTED);
    const first = command("UPDATE host_groups SET type = 'replicated' WHERE id = 'g1'");
    const second = command("UPDATE host_groups SET type = 'replicated' WHERE id = 'g2'");
    bus.events.emit('committed', { seq: second });
    bus.events.emit('committed', { seq: first });
    expect(admin.heard).toEqual([
      { seq: first, objects: [{ kind: 'hostGroup', id: 'g1' }] },
      { seq: second, objects: [{ kind: 'hostGroup', id: 'g2' }] },
    ]);
    expect(restricted.heard).toEqual([{ seq: second, objects: [{ kind: 'hostGroup', id: 'g2' }] }]);
    expect(admin.ended).toEqual([]);
  });

  it('replays what it keeps after a seq, and nothing it no longer keeps', () => {
    const hub = new EventHub(db, bus as unknown as CommandBus, { replayLimit: 2 });
    const seqs = ['g1', 'g2', 'g1'].map((g) => command(`UPDATE host_groups SET type = 'replicated' WHERE id = '${g}'`));
    bus.events.emit('committed', {});
    expect(hub.since(seqs[0]!)?.map((e) => e.seq)).toEqual([seqs[1], seqs[2]]);
    expect(hub.since(seqs[2]!)).toEqual([]);
    expect(hub.since(seqs[0]! - 1)).toBeUndefined();
    expect(hub.since(seqs[2]! + 1)).toBeUndefined();
  });

  it('ends a stream whose session is gone when the next command is told', () => {
    const hub = new EventHub(db, bus as unknown as CommandBus);
    const restricted = listen(hub, RESTRICTED);
    db.exec("DELETE FROM sessions WHERE token_hash = 't-u2'");
    command("UPDATE host_groups SET type = 'replicated' WHERE id = 'g2'");
    bus.events.emit('committed', {});
    expect(restricted.ended.map((e) => e.code)).toEqual(['INF_ERR_AUTH_INVALID']);
  });
});
