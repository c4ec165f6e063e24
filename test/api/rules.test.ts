import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthOptions } from '../../server/api/auth.js';
import { buildApp } from '../../server/app.js';
import { assembleCore } from '../../server/assemble.js';
import type { Db } from '../../server/store/db.js';
import { ADMIN_PASSWORD, createTestApp, USER_PASSWORD, type TestApp } from '../helpers/app.js';

/** The manual's account and object rules (issue 3, item 6), through the API. */

interface Vm { id: string; name: string; isTemplate: boolean; state: string; hostGroupId: string | null }
interface ErrorReply { error: { code: string; message: string; field?: string } }

/** A server exactly as a fresh install starts it: the built-in admin still has the password "admin". */
async function freshServer(auth: Partial<AuthOptions> = {}): Promise<{ app: FastifyInstance; db: Db; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'infinity-rules-'));
  const { db, commands } = await assembleCore({ dataDir: dir, serverName: 'fresh-server', address: '127.0.0.1' });
  const app = await buildApp({ db, commands, logger: false, auth });
  return {
    app, db,
    async close() {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function loginOn(app: FastifyInstance, user: string, password: string): Promise<{ token: string; user: { mustChangePassword: boolean } }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { user, password } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { token: string; user: { mustChangePassword: boolean } };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}`;

async function call(token: string | null, options: InjectOptions, status: number) {
  const res = await t.as(token, options);
  expect(res.statusCode, `${String(options.method)} ${String(options.url)}: ${res.body}`).toBe(status);
  return res.json() as unknown;
}
const createVm = async (token: string, extra: Record<string, unknown> = {}) =>
  ((await call(token, { method: 'POST', url: '/api/v1/vms', payload: { name: unique('vm'), ...extra } }, 201)) as Vm[])[0]!;
const createHostGroup = async (token: string, name = unique('hg')) =>
  (await call(token, { method: 'POST', url: '/api/v1/host-groups', payload: { name } }, 201)) as { id: string; name: string };
const grant = (to: string, objectType: string, objectId: string, token = t.tokens.admin) =>
  call(token, { method: 'POST', url: `/api/v1/users/${to}/grants`, payload: { objectType, objectId } }, 201);
const vmRow = (id: string) => t.db.prepare('SELECT id, host_group_id FROM vms WHERE id = ?').get(id) as { id: string; host_group_id: string | null } | undefined;

describe('the built-in admin account', () => {
  it('starts as admin/admin and must change its password before anything else; every other route answers 403', async () => {
    const fresh = await freshServer();
    try {
      const { token, user } = await loginOn(fresh.app, 'admin', 'admin');
      expect(user.mustChangePassword).toBe(true);
      const tables = () => (fresh.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sessions'").all() as { name: string }[])
        .map(({ name }) => [name, fresh.db.prepare(`SELECT * FROM ${name}`).all()]);
      const before = tables();

      const routes = fresh.app.routeCatalogue().filter((r) => r.access !== 'public' && r.method !== 'HEAD');
      expect(routes.length).toBeGreaterThan(20);
      // Only these stay reachable, so the user can find out who they are, change the password or leave.
      expect(routes.filter((r) => r.beforePasswordChange).map((r) => `${r.method} ${r.url}`).sort()).toEqual(
        ['GET /api/v1/me', 'POST /api/v1/logout', 'POST /api/v1/me/password'],
      );
      // Logging out would end this token, so it is tried last, below.
      for (const route of routes.filter((r) => r.url !== '/api/v1/logout')) {
        const url = route.url.replace(/:[A-Za-z]+/g, 'some-id').replace('*', 'x');
        const res = await fresh.app.inject({ method: route.method as InjectOptions['method'], url, headers: bearer(token), payload: {} });
        const { error } = res.json() as ErrorReply;
        if (route.beforePasswordChange) {
          expect(error?.code, `${route.method} ${route.url} stays reachable`).not.toBe('INF_ERR_PASSWORD_CHANGE_REQUIRED');
        } else {
          expect([res.statusCode, error?.code], `${route.method} ${route.url}`).toEqual([403, 'INF_ERR_PASSWORD_CHANGE_REQUIRED']);
        }
      }
      expect(tables()).toEqual(before);

      const me = await fresh.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
      expect(me.json()).toMatchObject({ name: 'admin', role: 'admin', mustChangePassword: true });
      const changed = await fresh.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: bearer(token), payload: { old: 'admin', new: 'a-better-password' } });
      expect(changed.statusCode, changed.body).toBe(200);
      const vms = await fresh.app.inject({ method: 'GET', url: '/api/v1/vms', headers: bearer(token) });
      expect(vms.statusCode).toBe(200);
      const old = await fresh.app.inject({ method: 'POST', url: '/api/v1/login', payload: { user: 'admin', password: 'admin' } });
      expect(old.statusCode).toBe(401);

      // When another administrator sets its password, it must be changed again at the next login.
      const created = await fresh.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(token), payload: { name: 'andy', password: 'andy-password-1', role: 'admin' } });
      expect(created.statusCode, created.body).toBe(201);
      const andy = await loginOn(fresh.app, 'andy', 'andy-password-1');
      const admin = (await fresh.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).json() as { id: string };
      const reset = await fresh.app.inject({ method: 'PUT', url: `/api/v1/users/${admin.id}/password`, headers: bearer(andy.token), payload: { password: 'temporary-1' } });
      expect(reset.statusCode, reset.body).toBe(200);
      const again = await loginOn(fresh.app, 'admin', 'temporary-1');
      expect(again.user.mustChangePassword).toBe(true);
      const refused = await fresh.app.inject({ method: 'GET', url: '/api/v1/vms', headers: bearer(again.token) });
      expect([refused.statusCode, (refused.json() as ErrorReply).error.code]).toEqual([403, 'INF_ERR_PASSWORD_CHANGE_REQUIRED']);
      const out = await fresh.app.inject({ method: 'POST', url: '/api/v1/logout', headers: bearer(again.token) });
      expect(out.statusCode, 'logout stays reachable').toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('cannot be deleted, renamed or demoted, by itself or another administrator', async () => {
    const admin = (await call(t.tokens.admin, { method: 'GET', url: '/api/v1/me' }, 200)) as { id: string };
    const before = t.dump();
    for (const token of [t.tokens.admin, t.tokens.admin2]) {
      const del = (await call(token, { method: 'DELETE', url: `/api/v1/users/${admin.id}` }, 409)) as ErrorReply;
      expect(del.error.code).toBe('INF_ERR_BUILTIN_ADMIN');
      const rename = (await call(token, { method: 'PATCH', url: `/api/v1/users/${admin.id}`, payload: { name: 'root' } }, 409)) as ErrorReply;
      expect(rename.error).toMatchObject({ code: 'INF_ERR_BUILTIN_ADMIN', field: 'name' });
      const demote = (await call(token, { method: 'PATCH', url: `/api/v1/users/${admin.id}`, payload: { role: 'regular' } }, 409)) as ErrorReply;
      expect(demote.error).toMatchObject({ code: 'INF_ERR_BUILTIN_ADMIN', field: 'role' });
    }
    expect(t.dump()).toEqual(before);
    // Other administrators are ordinary accounts: they can be renamed.
    const other = await t.createUser(unique('boss'), 'admin');
    await call(t.tokens.admin2, { method: 'PATCH', url: `/api/v1/users/${other}`, payload: { name: unique('boss-renamed') } }, 200);
  });
});

describe('deleting: administrators delete, regular users unassign until the last one', () => {
  it("an administrator's delete deletes, even when users share the VM", async () => {
    const vm = await createVm(t.tokens.regular);
    await grant(t.users.restricted, 'vm', vm.id);
    const reply = await call(t.tokens.admin2, { method: 'DELETE', url: `/api/v1/vms/${vm.id}` }, 200);
    expect(reply).toEqual({ id: vm.id, outcome: 'delete' });
    expect(vmRow(vm.id)).toBeUndefined();
    expect(t.db.prepare("SELECT count(*) AS n FROM grants WHERE object_type = 'vm' AND object_id = ?").get(vm.id)).toEqual({ n: 0 });
    await call(t.tokens.regular, { method: 'GET', url: `/api/v1/vms/${vm.id}` }, 404);
  });

  it("a regular user's delete unassigns while someone else has access; the last one's delete deletes", async () => {
    const mia = await t.createUser(unique('mia'), 'regular');
    const miaToken = await t.login((await call(t.tokens.admin, { method: 'GET', url: `/api/v1/users/${mia}` }, 200) as { name: string }).name, USER_PASSWORD);
    const vm = await createVm(t.tokens.regular);
    await grant(mia, 'vm', vm.id, t.tokens.regular);

    expect(await call(t.tokens.regular, { method: 'DELETE', url: `/api/v1/vms/${vm.id}` }, 200)).toEqual({ id: vm.id, outcome: 'unassign' });
    expect(vmRow(vm.id)).toBeDefined();
    await call(t.tokens.regular, { method: 'GET', url: `/api/v1/vms/${vm.id}` }, 404);
    await call(miaToken, { method: 'GET', url: `/api/v1/vms/${vm.id}` }, 200);

    expect(await call(miaToken, { method: 'DELETE', url: `/api/v1/vms/${vm.id}` }, 200)).toEqual({ id: vm.id, outcome: 'delete' });
    expect(vmRow(vm.id)).toBeUndefined();
  });

  it('the same rule holds for Host Groups', async () => {
    const group = await createHostGroup(t.tokens.regular);
    await grant(t.users.restricted, 'host_group', group.id, t.tokens.regular);
    expect(await call(t.tokens.regular, { method: 'DELETE', url: `/api/v1/host-groups/${group.id}` }, 200)).toEqual({ id: group.id, outcome: 'unassign' });
    await call(t.tokens.restricted, { method: 'GET', url: `/api/v1/host-groups/${group.id}` }, 200);
    await call(t.tokens.regular, { method: 'GET', url: `/api/v1/host-groups/${group.id}` }, 404);
    const alone = await createHostGroup(t.tokens.regular);
    expect(await call(t.tokens.regular, { method: 'DELETE', url: `/api/v1/host-groups/${alone.id}` }, 200)).toEqual({ id: alone.id, outcome: 'delete' });
    expect(t.db.prepare('SELECT 1 FROM host_groups WHERE id = ?').get(alone.id)).toBeUndefined();
  });
});

describe('restricted users', () => {
  it('create and delete nothing, and change nothing of what is assigned to them', async () => {
    const vm = await createVm(t.tokens.admin);
    await grant(t.users.restricted, 'vm', vm.id);
    const group = await createHostGroup(t.tokens.admin);
    await grant(t.users.restricted, 'host_group', group.id);
    const before = t.dump();
    const refused: InjectOptions[] = [
      { method: 'POST', url: '/api/v1/vms', payload: { name: 'robs-vm' } },
      { method: 'POST', url: '/api/v1/host-groups', payload: { name: 'robs-group' } },
      { method: 'POST', url: '/api/v1/hosts', payload: { name: 'robs-host' } },
      { method: 'POST', url: '/api/v1/vm-groups', payload: { name: 'robs-vm-group' } },
      { method: 'POST', url: '/api/v1/drives', payload: { name: 'robs-drive', sizeBytes: 1024 * 1024 } },
      { method: 'POST', url: '/api/v1/users', payload: { name: 'robs-friend', password: 'password-123', role: 'regular' } },
      { method: 'DELETE', url: `/api/v1/vms/${vm.id}` },
      { method: 'PATCH', url: `/api/v1/vms/${vm.id}`, payload: { ramMb: 2048 } },
      { method: 'POST', url: `/api/v1/vms/${vm.id}/template` },
      { method: 'DELETE', url: `/api/v1/host-groups/${group.id}` },
      { method: 'PATCH', url: `/api/v1/host-groups/${group.id}`, payload: { type: 'replicated' } },
      { method: 'POST', url: `/api/v1/users/${t.users.regular}/grants`, payload: { objectType: 'vm', objectId: vm.id } },
    ];
    for (const options of refused) {
      const res = await t.as(t.tokens.restricted, options);
      expect([res.statusCode, (res.json() as ErrorReply).error?.code], `${String(options.method)} ${String(options.url)}`).toEqual([403, 'INF_ERR_FORBIDDEN']);
    }
    expect(t.dump()).toEqual(before);
  });

  it('see exactly what is assigned to them', async () => {
    const rob = await t.createUser(unique('rob'), 'restricted');
    const robName = ((await call(t.tokens.admin, { method: 'GET', url: `/api/v1/users/${rob}` }, 200)) as { name: string }).name;
    const token = await t.login(robName, USER_PASSWORD);
    expect(await call(token, { method: 'GET', url: '/api/v1/vms' }, 200)).toEqual([]);
    expect(await call(token, { method: 'GET', url: '/api/v1/host-groups' }, 200)).toEqual([]);
    const users = (await call(token, { method: 'GET', url: '/api/v1/users' }, 200)) as { id: string }[];
    expect(users.map((u) => u.id)).toEqual([rob]);

    const vm = await createVm(t.tokens.regular);
    await createVm(t.tokens.regular);
    await grant(rob, 'vm', vm.id, t.tokens.regular);
    const group = await createHostGroup(t.tokens.admin);
    await createHostGroup(t.tokens.admin);
    await grant(rob, 'host_group', group.id);
    expect(((await call(token, { method: 'GET', url: '/api/v1/vms' }, 200)) as Vm[]).map((v) => v.id)).toEqual([vm.id]);
    expect(((await call(token, { method: 'GET', url: '/api/v1/host-groups' }, 200)) as { id: string }[]).map((g) => g.id)).toEqual([group.id]);
  });
});

describe('accounts', () => {
  it('only administrators create users or change roles', async () => {
    const before = t.dump();
    for (const token of [t.tokens.regular, t.tokens.restricted]) {
      const created = (await call(token, { method: 'POST', url: '/api/v1/users', payload: { name: 'sneaky', password: 'password-123', role: 'admin' } }, 403)) as ErrorReply;
      expect(created.error.code).toBe('INF_ERR_FORBIDDEN');
    }
    await call(t.tokens.regular, { method: 'PATCH', url: `/api/v1/users/${t.users.regular}`, payload: { role: 'admin' } }, 403);
    await call(t.tokens.restricted, { method: 'PATCH', url: `/api/v1/users/${t.users.restricted}`, payload: { role: 'regular' } }, 403);
    expect(t.dump()).toEqual(before);

    const id = ((await call(t.tokens.admin2, { method: 'POST', url: '/api/v1/users', payload: { name: unique('newcomer'), password: 'password-123', role: 'restricted' } }, 201)) as { id: string }).id;
    expect(await call(t.tokens.admin2, { method: 'PATCH', url: `/api/v1/users/${id}`, payload: { role: 'regular' } }, 200)).toMatchObject({ role: 'regular' });
  });
});

describe('grants', () => {
  it('VMs, templates and Host Groups granted to a user show up for them', async () => {
    const kim = await t.createUser(unique('kim'), 'regular');
    const kimName = ((await call(t.tokens.admin, { method: 'GET', url: `/api/v1/users/${kim}` }, 200)) as { name: string }).name;
    const token = await t.login(kimName, USER_PASSWORD);
    const vm = await createVm(t.tokens.admin);
    const template = await createVm(t.tokens.admin);
    await call(t.tokens.admin, { method: 'POST', url: `/api/v1/vms/${template.id}/template` }, 200);
    const group = await createHostGroup(t.tokens.admin);
    for (const [type, id] of [['vm', vm.id], ['vm', template.id], ['host_group', group.id]] as const) await grant(kim, type, id);

    const grants = (await call(token, { method: 'GET', url: `/api/v1/users/${kim}/grants` }, 200)) as { objectType: string; objectId: string; objectName: string }[];
    expect(grants.map((g) => [g.objectType, g.objectId, g.objectName]).sort()).toEqual(
      [['host_group', group.id, group.name], ['vm', template.id, template.name], ['vm', vm.id, vm.name]].sort(),
    );
    expect(((await call(token, { method: 'GET', url: '/api/v1/vms?template=false' }, 200)) as Vm[]).map((v) => v.id)).toEqual([vm.id]);
    expect(((await call(token, { method: 'GET', url: '/api/v1/vms?template=true' }, 200)) as Vm[]).map((v) => v.id)).toEqual([template.id]);
    expect(((await call(token, { method: 'GET', url: '/api/v1/host-groups' }, 200)) as { id: string }[]).map((g) => g.id)).toEqual([group.id]);
    // The granted template can be used: a VM made from it, on the granted Host Group.
    const made = await createVm(token, { template: template.id, hostGroup: group.name });
    expect(made).toMatchObject({ isTemplate: false, hostGroupId: group.id });
    const users = (await call(token, { method: 'GET', url: `/api/v1/vms/${vm.id}/users` }, 200)) as { id: string }[];
    expect(users.map((u) => u.id)).toContain(kim);
  });

  it('hard drives granted to a user show up for them, and they may use but not delete what is only granted', async () => {
    const lee = await t.createUser(unique('lee'), 'restricted');
    const leeName = ((await call(t.tokens.admin, { method: 'GET', url: `/api/v1/users/${lee}` }, 200)) as { name: string }).name;
    const token = await t.login(leeName, USER_PASSWORD);
    const drive = (await call(t.tokens.regular, { method: 'POST', url: '/api/v1/drives', payload: { name: unique('data'), sizeBytes: 1024 * 1024 } }, 201)) as { id: string; name: string };
    expect(await call(token, { method: 'GET', url: '/api/v1/drives' }, 200)).toEqual([]);
    await grant(lee, 'drive', drive.id, t.tokens.regular);
    expect(((await call(token, { method: 'GET', url: '/api/v1/drives' }, 200)) as { id: string }[]).map((d) => d.id)).toEqual([drive.id]);
    const grants = (await call(token, { method: 'GET', url: `/api/v1/users/${lee}/grants` }, 200)) as { objectType: string; objectId: string; objectName: string }[];
    expect(grants.map((g) => [g.objectType, g.objectId, g.objectName])).toEqual([['drive', drive.id, drive.name]]);
    await call(token, { method: 'DELETE', url: `/api/v1/drives/${drive.id}` }, 403);
  });
});

describe('Host Groups', () => {
  it('a user without access who creates an existing name gets "<name>-<username>"; with access it is taken', async () => {
    const name = unique('lab');
    await createHostGroup(t.tokens.admin, name);
    const own = await createHostGroup(t.tokens.regular, name);
    expect(own.name).toBe(`${name}-rita`);
    const again = (await call(t.tokens.regular, { method: 'POST', url: '/api/v1/host-groups', payload: { name } }, 409)) as ErrorReply;
    expect(again.error).toMatchObject({ code: 'INF_ERR_NAME_TAKEN', field: 'name' });

    const shared = unique('shared');
    const group = await createHostGroup(t.tokens.admin, shared);
    await grant(t.users.regular, 'host_group', group.id);
    const taken = (await call(t.tokens.regular, { method: 'POST', url: '/api/v1/host-groups', payload: { name: shared } }, 409)) as ErrorReply;
    expect(taken.error.code).toBe('INF_ERR_NAME_TAKEN');
  });

  it('cannot be renamed', async () => {
    const group = await createHostGroup(t.tokens.regular);
    const before = t.dump();
    for (const token of [t.tokens.regular, t.tokens.admin]) {
      const res = (await call(token, { method: 'PATCH', url: `/api/v1/host-groups/${group.id}`, payload: { name: unique('renamed') } }, 409)) as ErrorReply;
      expect(res.error).toMatchObject({ code: 'INF_ERR_HOST_GROUP_RENAME', field: 'name' });
    }
    expect(t.dump()).toEqual(before);
    // Sending its own name is not a rename.
    expect(await call(t.tokens.regular, { method: 'PATCH', url: `/api/v1/host-groups/${group.id}`, payload: { name: group.name, type: 'replicated' } }, 200)).toMatchObject({ name: group.name, type: 'replicated' });
  });
});

describe('templates', () => {
  it('cannot be assigned to Host Groups; turning a VM into one leaves its Host Group', async () => {
    const group = await createHostGroup(t.tokens.regular);
    const vm = await createVm(t.tokens.regular, { hostGroup: group.id });
    expect(vm.hostGroupId).toBe(group.id);
    const template = (await call(t.tokens.regular, { method: 'POST', url: `/api/v1/vms/${vm.id}/template` }, 200)) as Vm;
    expect(template).toMatchObject({ isTemplate: true, hostGroupId: null });
    const before = t.dump();
    const res = (await call(t.tokens.regular, { method: 'PATCH', url: `/api/v1/vms/${vm.id}`, payload: { hostGroup: group.id } }, 409)) as ErrorReply;
    expect(res.error).toMatchObject({ code: 'INF_ERR_TEMPLATE_HOST_GROUP', field: 'hostGroup' });
    expect(t.dump()).toEqual(before);
  });

  it('turning a VM into a template cannot be undone', async () => {
    const vm = await createVm(t.tokens.regular);
    await call(t.tokens.regular, { method: 'POST', url: `/api/v1/vms/${vm.id}/template` }, 200);
    const before = t.dump();
    const twice = (await call(t.tokens.regular, { method: 'POST', url: `/api/v1/vms/${vm.id}/template` }, 409)) as ErrorReply;
    expect(twice.error.code).toBe('INF_ERR_TEMPLATE_FINAL');
    const back = (await call(t.tokens.admin, { method: 'PATCH', url: `/api/v1/vms/${vm.id}`, payload: { isTemplate: false } }, 400)) as ErrorReply;
    expect(back.error.field).toBe('isTemplate');
    expect(t.dump()).toEqual(before);
    expect(await call(t.tokens.regular, { method: 'GET', url: `/api/v1/vms/${vm.id}` }, 200)).toMatchObject({ isTemplate: true });
  });
});

describe('changing the Host Group of a VM', () => {
  it('of a running VM records a teleport request and leaves the group unchanged', async () => {
    const from = await createHostGroup(t.tokens.regular);
    const to = await createHostGroup(t.tokens.regular);
    const vm = await createVm(t.tokens.regular, { hostGroup: from.id });
    // Agents do not exist yet, so the VM is marked running directly in the database.
    t.db.prepare("UPDATE vms SET state = 'RUNNING' WHERE id = ?").run(vm.id);

    const reply = (await call(t.tokens.regular, { method: 'PATCH', url: `/api/v1/vms/${vm.id}`, payload: { hostGroup: to.name } }, 200)) as { vm: Vm; teleportRequested: boolean };
    expect(reply.teleportRequested).toBe(true);
    expect(reply.vm).toMatchObject({ hostGroupId: from.id, state: 'RUNNING' });
    expect(vmRow(vm.id)?.host_group_id).toBe(from.id);
    const teleports = (await call(t.tokens.regular, { method: 'GET', url: `/api/v1/vms/${vm.id}/teleports` }, 200)) as Record<string, unknown>[];
    expect(teleports).toEqual([expect.objectContaining({ vmId: vm.id, fromHostGroupId: from.id, toHostGroupId: to.id, status: 'pending', requestedBy: t.users.regular })]);
  });

  it('of a powered-off VM just moves it', async () => {
    const from = await createHostGroup(t.tokens.regular);
    const to = await createHostGroup(t.tokens.regular);
    const vm = await createVm(t.tokens.regular, { hostGroup: from.id });
    const reply = (await call(t.tokens.regular, { method: 'PATCH', url: `/api/v1/vms/${vm.id}`, payload: { hostGroup: to.id } }, 200)) as { vm: Vm; teleportRequested: boolean };
    expect(reply).toMatchObject({ teleportRequested: false, vm: { hostGroupId: to.id } });
    expect(await call(t.tokens.regular, { method: 'GET', url: `/api/v1/vms/${vm.id}/teleports` }, 200)).toEqual([]);
  });
});

describe('sessions', () => {
  it('tokens expire', async () => {
    const fresh = await freshServer({ tokenTtlMs: 200 });
    try {
      const { token } = await loginOn(fresh.app, 'admin', 'admin');
      expect((await fresh.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const res = await fresh.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
      expect([res.statusCode, (res.json() as ErrorReply).error.code]).toEqual([401, 'INF_ERR_TOKEN_EXPIRED']);
      expect(fresh.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    } finally {
      await fresh.close();
    }
  });

  it('logging out revokes that token only', async () => {
    const first = await t.login('rita', USER_PASSWORD);
    const second = await t.login('rita', USER_PASSWORD);
    await call(first, { method: 'POST', url: '/api/v1/logout' }, 200);
    const res = (await call(first, { method: 'GET', url: '/api/v1/me' }, 401)) as ErrorReply;
    expect(res.error.code).toBe('INF_ERR_AUTH_INVALID');
    await call(second, { method: 'GET', url: '/api/v1/me' }, 200);
  });

  it('login attempts are rate-limited per user, with the error shape', async () => {
    const limited = await createTestApp({ loginAttemptsPerMinute: 3 });
    try {
      const attempt = (user: string, password: string) => limited.app.inject({ method: 'POST', url: '/api/v1/login', payload: { user, password } });
      // rita logged in once while the test app was set up: two more attempts are allowed this minute.
      for (let i = 0; i < 2; i++) expect((await attempt('rita', 'wrong-password')).statusCode).toBe(401);
      for (const password of ['wrong-password', USER_PASSWORD]) {
        const res = await attempt('rita', password);
        expect(res.statusCode).toBe(429);
        expect(res.json()).toEqual({ error: { code: 'INF_ERR_RATE_LIMITED', message: expect.stringMatching(/wait \d+ s/) } });
        expect(res.headers['retry-after']).toBeDefined();
      }
      expect((await attempt('rob', USER_PASSWORD)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('idempotency', () => {
  it('the same Idempotency-Key twice creates one VM; with a different body it is a 409', async () => {
    const key = `create-${unique('key')}-0001`;
    const name = unique('idem');
    const send = (payload: Record<string, unknown>, token = t.tokens.regular) =>
      t.as(token, { method: 'POST', url: '/api/v1/vms', headers: { 'idempotency-key': key }, payload });
    const first = await send({ name });
    const second = await send({ name });
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect((second.json() as Vm[]).map((v) => v.id)).toEqual((first.json() as Vm[]).map((v) => v.id));
    expect(t.db.prepare('SELECT count(*) AS n FROM vms WHERE name = ?').get(name)).toEqual({ n: 1 });

    const before = t.dump();
    for (const res of [await send({ name, ramMb: 2048 }), await send({ name }, t.tokens.admin)]) {
      expect([res.statusCode, (res.json() as ErrorReply).error.code]).toEqual([409, 'INF_ERR_IDEMPOTENCY_MISMATCH']);
    }
    const bad = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vms', headers: { 'idempotency-key': 'no spaces allowed' }, payload: { name: unique('idem') } });
    expect([bad.statusCode, (bad.json() as ErrorReply).error.field]).toEqual([400, 'Idempotency-Key']);
    expect(t.dump()).toEqual(before);
  });
});
