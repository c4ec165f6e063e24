import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newToken } from '../../server/access/tokens.js';
import { insertSession } from '../../server/store/sessions.js';
import { createTestApp, USER_PASSWORD, type TestApp } from '../helpers/app.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';

const MiB = 1024 * 1024;

interface Sse {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

interface ObjectsData {
  source: string;
  seq: number;
  type: string;
  objects: { kind: string; id: string }[];
}

/** One open GET /api/v1/events, read as it arrives. */
interface Stream {
  status: number;
  body: Record<string, unknown> | undefined;
  events: Sse[];
  /** Waits until an event matching `match` arrived (it may have already). */
  until(match: (e: Sse) => boolean, timeoutMs?: number): Promise<Sse>;
  /** Resolves when the server ended the stream. */
  closed: Promise<void>;
  close(): void;
}

let t: TestApp;
let address: string;
beforeAll(async () => {
  const port = await freePort();
  const portal = { host: '127.0.0.1', port };
  t = await createTestApp({ iscsi: { driver: 'tgt', portal, controlPort: tgtControlPort(port) } });
  address = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => t?.close());

async function open(token: string, headers: Record<string, string> = {}): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${address}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    signal: abort.signal,
  });
  const events: Sse[] = [];
  const waiters = new Set<() => void>();
  let closed: Promise<void> = Promise.resolve();
  let body: Record<string, unknown> | undefined;
  if (res.ok && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    closed = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
            const event = field('event');
            if (event === undefined) continue;
            const id = field('id');
            const data = JSON.parse(field('data') ?? '{}') as Record<string, unknown>;
            events.push({ ...(id === undefined ? {} : { id }), event, data });
            for (const wake of waiters) wake();
          }
        }
      } catch {
        // aborted by close()
      } finally {
        for (const wake of waiters) wake();
      }
    })();
  } else {
    body = (await res.json()) as Record<string, unknown>;
  }
  let ended = false;
  void closed.then(() => (ended = true));
  const until = async (match: (e: Sse) => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find(match);
      if (found) return found;
      if (ended) throw new Error(`the stream ended without the event; it had: ${JSON.stringify(events)}`);
      if (Date.now() > deadline) {
        throw new Error(`no such event within ${timeoutMs} ms; the stream had: ${JSON.stringify(events)}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
        setTimeout(wake, 50);
      });
    }
  };
  return { status: res.status, body, events, until, closed, close: () => abort.abort() };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const api = async (token: string, method: Method, url: string, payload?: Record<string, unknown>) => {
  const res = await t.as(token, { method, url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload }) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
  return res.body ? (res.json() as Record<string, unknown>) : {};
};

const createVm = async (name: string, extra: Record<string, unknown> = {}) => {
  const res = await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/vms', payload: { name, ...extra } });
  if (res.statusCode !== 201) throw new Error(`POST /vms answered ${res.statusCode}: ${res.body}`);
  return (res.json() as { id: string }[])[0]!;
};
const ofType = (type: string) => (e: Sse) => e.event === 'objects' && e.data.type === type;
const objectsOf = (stream: Stream) =>
  stream.events.filter((e) => e.event === 'objects').map((e) => e.data as unknown as ObjectsData);
const latestSeq = () => (t.db.prepare('SELECT MAX(seq) AS seq FROM command_log').get() as { seq: number }).seq;
/**
 * Every stream has heard everything before this call once it hears the marker: taking the
 * default pool online again, which every role may see.
 */
const marker = async (...streams: Stream[]) => {
  const [pool] = (await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/pools' })).json() as { id: string }[];
  await api(t.tokens.admin, 'PATCH', `/pools/${pool!.id}`, { online: true });
  const seq = String(latestSeq());
  for (const stream of streams) await stream.until((e) => e.event === 'change' && e.id === seq);
};

describe('GET /api/v1/events sends a caller only events about objects they may see', () => {
  it('keeps user.create, settings.setMail, drive.export and grant.add of others from a restricted user', async () => {
    const admin = await open(t.tokens.admin);
    const restricted = await open(t.tokens.restricted);
    await restricted.until((e) => e.event === 'ready');

    await api(t.tokens.admin, 'POST', '/users', { name: 'newcomer', password: USER_PASSWORD, role: 'regular' });
    const mail = { host: 'mail.example.org', from: 'infinity@example.org', recipients: ['ops@example.org'] };
    await api(t.tokens.admin, 'PUT', '/settings/mail', mail);
    const drive = await api(t.tokens.admin, 'POST', '/drives', { name: 'exported-disk', sizeBytes: 16 * MiB });
    const initiator = 'iqn.2026-11.org.infinity:station-1';
    await api(t.tokens.admin, 'POST', `/drives/${drive.id as string}/export`, { initiator });
    const vm = await createVm('Ritas-VM');
    await api(t.tokens.admin, 'POST', `/users/${t.users.regular}/grants`, { objectType: 'vm', objectId: vm.id });
    const robs = await createVm('Robs-VM');
    await api(t.tokens.admin, 'POST', `/users/${t.users.restricted}/grants`, { objectType: 'vm', objectId: robs.id });

    for (const type of ['user.create', 'settings.setMail', 'drive.export', 'grant.add']) {
      await admin.until(ofType(type));
    }
    const own = await restricted.until(ofType('grant.add'));
    expect((own.data as unknown as ObjectsData).objects).toEqual(
      expect.arrayContaining([{ kind: 'vm', id: robs.id }, { kind: 'grants', id: t.users.restricted }]),
    );
    await marker(admin, restricted);
    // The pools are everyone's to see: a drive made or deleted there changes one, and that is all Rob hears of it.
    const heard = objectsOf(restricted).filter((e) => e.objects.some((o) => o.kind !== 'pool'));
    expect(heard.map((e) => e.type)).toEqual(['grant.add']);
    // ...and not what was done there: the type of someone else's drive.create or vm.create is not told.
    // (pool.setOnline is the marker: a change of the pool itself, whose type everyone may hear.)
    const poolOnly = objectsOf(restricted).filter((e) => e.objects.every((o) => o.kind === 'pool') && e.type !== 'pool.setOnline');
    expect(poolOnly.length).toBeGreaterThan(0);
    expect([...new Set(poolOnly.map((e) => e.type))]).toEqual(['changed']);
    expect(JSON.stringify(heard)).not.toContain(vm.id);
    expect(JSON.stringify(heard)).not.toContain(drive.id as string);
    // What the admin hears names the objects, never their data.
    expect(JSON.stringify(admin.events)).not.toContain('mail.example.org');
    expect(JSON.stringify(admin.events)).not.toContain('Ritas-VM');
    admin.close();
    restricted.close();
  });

  it('tells a user about a VM they had when an administrator deletes it, though its grants went with it', async () => {
    const vm = await createVm('Doomed', { disk: { sizeBytes: 16 * MiB } });
    await api(t.tokens.admin, 'POST', `/users/${t.users.regular}/grants`, { objectType: 'vm', objectId: vm.id });
    const drives = await t.as(t.tokens.regular, { method: 'GET', url: `/api/v1/vms/${vm.id}/drives` });
    const [drive] = drives.json() as { id: string }[];
    const regular = await open(t.tokens.regular);
    const restricted = await open(t.tokens.restricted);
    await regular.until((e) => e.event === 'ready');
    await restricted.until((e) => e.event === 'ready');
    await api(t.tokens.admin, 'DELETE', `/vms/${vm.id}`);
    const deleted = await regular.until(ofType('vm.delete'));
    expect((deleted.data as unknown as ObjectsData).objects).toEqual(
      expect.arrayContaining([{ kind: 'vm', id: vm.id }, { kind: 'drive', id: drive!.id }]),
    );
    await marker(regular, restricted);
    expect(JSON.stringify(objectsOf(restricted))).not.toContain(vm.id);
    expect(JSON.stringify(objectsOf(restricted))).not.toContain(drive!.id);
    regular.close();
    restricted.close();
  });
});

describe('resuming with Last-Event-ID', () => {
  it('sends exactly the missed events the caller may see, then the live ones', async () => {
    const first = await open(t.tokens.regular);
    await first.until((e) => e.event === 'ready');
    const vm = await createVm('Shared-Before');
    await api(t.tokens.admin, 'POST', `/users/${t.users.regular}/grants`, { objectType: 'vm', objectId: vm.id });
    const last = await first.until((e) => e.event === 'change' && e.data.type === 'grant.add');
    first.close();

    const from = latestSeq();
    await api(t.tokens.admin, 'PATCH', `/vms/${vm.id}`, { ramMb: 2048 });
    await createVm('Not-Hers');
    await api(t.tokens.admin, 'PUT', '/settings/ntp', { servers: ['ntp.example.org'] });
    const after = await createVm('Shared-After');
    await api(t.tokens.admin, 'POST', `/users/${t.users.regular}/grants`, { objectType: 'vm', objectId: after.id });
    await api(t.tokens.admin, 'POST', '/users', { name: 'while-away', password: USER_PASSWORD, role: 'restricted' });
    const missed = t.db
      .prepare("SELECT seq, type FROM command_log WHERE seq > ? AND type IN ('vm.update', 'grant.add', 'user.create')")
      .all(from);
    expect(missed).toHaveLength(3);

    const resumed = await open(t.tokens.regular, { 'last-event-id': last.id! });
    await resumed.until((e) => e.event === 'resumed');
    await marker(resumed);
    expect(resumed.events.some((e) => e.event === 'ready')).toBe(false);
    const replayed = resumed.events.filter((e) => e.event === 'change' && e.data.type !== 'pool.setOnline');
    expect(replayed.map((e) => ({ seq: Number(e.id), type: e.data.type }))).toEqual(missed);
    // Live events follow the replayed ones on the same stream.
    await api(t.tokens.admin, 'PATCH', `/vms/${vm.id}`, { ramMb: 3072 });
    await resumed.until((e) => e.event === 'change' && Number(e.id) === latestSeq());
    resumed.close();
  });

  it('starts afresh with `ready` and the reason when the events are not kept; refuses ids it never sent', async () => {
    for (const id of ['1', String(latestSeq() + 1000)]) {
      const stream = await open(t.tokens.regular, { 'last-event-id': id });
      const ready = await stream.until((e) => e.event === 'ready' || e.event === 'resumed');
      expect(ready.event).toBe('ready');
      expect(ready.data.reason).toMatch(/cannot be replayed .*; fetch everything again/);
      stream.close();
    }
    const garbage = await open(t.tokens.regular, { 'last-event-id': 'yesterday' });
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ error: { code: 'INF_ERR_VALIDATION', field: 'Last-Event-ID' } });
  });
});

describe('the stream ends when its caller may no longer listen', () => {
  const fresh = async (name: string, role: 'regular' | 'admin') => {
    const id = await t.createUser(name, role);
    return { id, token: await t.login(name, USER_PASSWORD) };
  };
  const expectEnd = async (stream: Stream, code: string) => {
    const end = await stream.until((e) => e.event === 'end');
    expect(end.data).toMatchObject({ error: { code } });
    await stream.closed;
  };

  it('at logout', async () => {
    const { token } = await fresh('leaving', 'regular');
    const stream = await open(token);
    await stream.until((e) => e.event === 'ready');
    await api(token, 'POST', '/logout');
    await expectEnd(stream, 'INF_ERR_AUTH_INVALID');
  });

  it('when the user is deleted', async () => {
    const { id, token } = await fresh('deleted-soon', 'regular');
    const stream = await open(token);
    await stream.until((e) => e.event === 'ready');
    await api(t.tokens.admin, 'DELETE', `/users/${id}`);
    await expectEnd(stream, 'INF_ERR_AUTH_INVALID');
  });

  it('when an administrator is demoted', async () => {
    const { id, token } = await fresh('demoted-soon', 'admin');
    const stream = await open(token);
    await stream.until((e) => e.event === 'ready');
    await api(t.tokens.admin, 'PATCH', `/users/${id}`, { role: 'restricted' });
    await expectEnd(stream, 'INF_ERR_FORBIDDEN');
    expect(objectsOf(stream).map((e) => e.type)).not.toContain('user.update');
  });

  it('when the token expires', async () => {
    const { id } = await fresh('short-lived', 'regular');
    const token = newToken();
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    const expiresAt = new Date(now + 1500).toISOString();
    insertSession(t.db, { tokenHash: hashToken(token), userId: id, createdAt, expiresAt });
    const stream = await open(token);
    await stream.until((e) => e.event === 'ready');
    await expectEnd(stream, 'INF_ERR_TOKEN_EXPIRED');
  });
});

describe('open streams per user', () => {
  it('allows 8 at once; the 9th gets a 429 in the error shape, and closing one makes room', async () => {
    await t.createUser('many-tabs', 'restricted');
    const tokens = [await t.login('many-tabs', USER_PASSWORD), await t.login('many-tabs', USER_PASSWORD)];
    const token = tokens[0]!;
    const streams: Stream[] = [];
    for (let i = 0; i < 8; i++) {
      const stream = await open(tokens[i % 2]!);
      expect(stream.status).toBe(200);
      await stream.until((e) => e.event === 'ready');
      streams.push(stream);
    }
    const ninth = await open(token);
    expect(ninth.status).toBe(429);
    const message = expect.stringMatching(/many-tabs already has 8 live-update streams open/);
    expect(ninth.body).toMatchObject({ error: { code: 'INF_ERR_RATE_LIMITED', message } });
    const other = await open(t.tokens.regular);
    expect(other.status).toBe(200);
    other.close();
    streams.pop()!.close();
    await expect.poll(async () => {
      const again = await open(token);
      again.close();
      return again.status;
    }).toBe(200);
    for (const stream of streams) stream.close();
  });
});
