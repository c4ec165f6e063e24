import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let groupId: string;
beforeAll(async () => {
  t = await createTestApp();
  const vm = async (token: string, name: string) => {
    const res = await t.as(token, { method: 'POST', url: '/api/v1/vms', payload: { name } });
    if (res.statusCode !== 201) throw new Error(res.body);
  };
  await vm(t.tokens.regular, 'v1');
  await vm(t.tokens.regular, 'v2');
  await vm(t.tokens.regular, 't1');
  await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vms/t1/template' });
  await vm(t.tokens.admin2, 'secret');
  await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/host-groups', payload: { name: 'lab' } });
  await t.as(t.tokens.admin, { method: 'POST', url: '/api/v1/host-groups', payload: { name: 'admins-only' } });
});
afterAll(async () => t.close());

interface GroupView { id: string; name: string; comment: string; vms: { name: string; isTemplate: boolean }[]; memberCount: number }
type ErrorReply = { error: { code: string; field?: string; message: string } };
const names = (g: GroupView) => g.vms.map((v) => v.name);

describe('VM Groups', () => {
  it('creates a VM Group with members, granted to its creator', async () => {
    const res = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups', payload: { name: 'course', comment: 'week 1', vms: ['v1'] } });
    expect(res.statusCode).toBe(201);
    const group = res.json() as GroupView;
    groupId = group.id;
    expect(group).toMatchObject({ name: 'course', comment: 'week 1', memberCount: 1 });
    expect(names(group)).toEqual(['v1']);
    const grants = (await t.as(t.tokens.regular, { method: 'GET', url: `/api/v1/users/${t.users.regular}/grants` })).json() as { objectType: string; objectId: string }[];
    expect(grants).toContainEqual(expect.objectContaining({ objectType: 'vm_group', objectId: group.id }));
  });

  it('lists VM Groups for those who can see them', async () => {
    const list = async (token: string) => ((await t.as(token, { method: 'GET', url: '/api/v1/vm-groups' })).json() as GroupView[]).map((g) => g.name);
    expect(await list(t.tokens.regular)).toEqual(['course']);
    expect(await list(t.tokens.restricted)).toEqual([]);
    expect(await list(t.tokens.admin)).toEqual(['course']);
    expect((await t.as(t.tokens.restricted, { method: 'GET', url: '/api/v1/vm-groups/course' })).statusCode).toBe(404);
    expect((await t.as(t.tokens.regular, { method: 'GET', url: `/api/v1/vm-groups/${groupId}` })).json()).toMatchObject({ name: 'course' });
  });

  it('adds VMs and templates the user can see, keeping members already there', async () => {
    const res = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups/course/vms', payload: { vms: ['t1', 'v1', 'v2'] } });
    expect(res.statusCode).toBe(200);
    const group = res.json() as GroupView;
    expect(names(group)).toEqual(['t1', 'v1', 'v2']);
    expect(group.vms[0]).toMatchObject({ isTemplate: true });
  });

  it("refuses another user's VM, naming it, and adds none of the list", async () => {
    const before = t.dump();
    const res = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups/course/vms', payload: { vms: ['v2', 'secret'] } });
    expect(res.statusCode).toBe(404);
    expect((res.json() as ErrorReply).error.field).toBe('vms/1');
    expect(t.dump()).toEqual(before);
  });

  it('shows an administrator every member and others only the members they can see', async () => {
    await t.as(t.tokens.admin2, { method: 'POST', url: '/api/v1/vm-groups/course/vms', payload: { vms: ['secret'] } });
    const mine = (await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/vm-groups/course' })).json() as GroupView;
    expect(names(mine)).toEqual(['t1', 'v1', 'v2']);
    expect(mine.memberCount).toBe(4);
    const admin = (await t.as(t.tokens.admin, { method: 'GET', url: '/api/v1/vm-groups/course' })).json() as GroupView;
    expect(names(admin)).toEqual(['secret', 't1', 'v1', 'v2']);
  });

  it('renames and comments, refusing a taken name', async () => {
    const res = await t.as(t.tokens.regular, { method: 'PATCH', url: '/api/v1/vm-groups/course', payload: { name: 'course-a', comment: 'week 2' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'course-a', comment: 'week 2' });
    await t.as(t.tokens.admin2, { method: 'POST', url: '/api/v1/vm-groups', payload: { name: 'other' } });
    const before = t.dump();
    const taken = await t.as(t.tokens.regular, { method: 'PATCH', url: '/api/v1/vm-groups/course-a', payload: { name: 'OTHER' } });
    expect(taken.statusCode).toBe(409);
    expect((taken.json() as ErrorReply).error).toMatchObject({ code: 'INF_ERR_NAME_TAKEN', field: 'name' });
    expect((await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups', payload: { name: 'other' } })).statusCode).toBe(409);
    expect(t.dump()).toEqual(before);
  });

  it('removes a member, and says so when it is not one', async () => {
    const res = await t.as(t.tokens.regular, { method: 'DELETE', url: '/api/v1/vm-groups/course-a/vms/v2' });
    expect(res.statusCode).toBe(200);
    expect(names(res.json() as GroupView)).toEqual(['t1', 'v1']);
    const again = await t.as(t.tokens.regular, { method: 'DELETE', url: '/api/v1/vm-groups/course-a/vms/v2' });
    expect(again.statusCode).toBe(404);
    expect((again.json() as ErrorReply).error.field).toBe('vm');
  });

  it('applies a group to a Host Group: a clone of every member, assigned there; refusals change nothing', async () => {
    const before = t.dump();
    const hidden = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups/course-a/apply', payload: { hostGroup: 'admins-only' } });
    expect(hidden.statusCode).toBe(404);
    expect((hidden.json() as ErrorReply).error.field).toBe('hostGroup');
    await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups', payload: { name: 'empty' } });
    const empty = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups/empty/apply', payload: { hostGroup: 'lab' } });
    expect(empty.statusCode).toBe(409);
    expect((await t.as(t.tokens.restricted, { method: 'POST', url: '/api/v1/vm-groups/course-a/apply', payload: { hostGroup: 'lab' } })).statusCode).toBe(403);
    const after = t.dump();
    expect({ ...after, vm_groups: before.vm_groups, grants: before.grants, command_log: before.command_log }).toEqual(before);

    const res = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups/course-a/apply', payload: { hostGroup: 'lab' } });
    expect(res.statusCode).toBe(201);
    const made = res.json() as { name: string; hostGroup: string; isTemplate: boolean }[];
    expect(made.map((v) => [v.name, v.hostGroup, v.isTemplate])).toEqual([['t1-lab', 'lab', false], ['v1-lab', 'lab', false]]);

    const beforeAgain = t.dump();
    const again = await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups/course-a/apply', payload: { hostGroup: 'lab' } });
    expect(again.statusCode).toBe(409);
    expect((again.json() as ErrorReply).error.code).toBe('INF_ERR_NAME_TAKEN');
    expect(t.dump()).toEqual(beforeAgain);
  });

  it('drops a deleted VM from its groups', async () => {
    await t.as(t.tokens.regular, { method: 'POST', url: '/api/v1/vm-groups/empty/vms', payload: { vms: ['v2'] } });
    expect((await t.as(t.tokens.regular, { method: 'DELETE', url: '/api/v1/vms/v2' })).statusCode).toBe(200);
    expect(((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/vm-groups/empty' })).json() as GroupView).memberCount).toBe(0);
  });

  it("unassigns a shared group on a regular user's delete and deletes it on the last one's", async () => {
    const bob = await t.createUser('bob', 'regular');
    const bobToken = await t.login('bob', 'user-password-1');
    expect((await t.as(t.tokens.regular, { method: 'POST', url: `/api/v1/users/${bob}/grants`, payload: { objectType: 'vm_group', objectId: groupId } })).statusCode).toBeLessThan(300);
    expect((await t.as(t.tokens.restricted, { method: 'DELETE', url: '/api/v1/vm-groups/course-a' })).statusCode).toBe(403);
    const first = await t.as(t.tokens.regular, { method: 'DELETE', url: '/api/v1/vm-groups/course-a' });
    expect(first.json()).toEqual({ id: groupId, outcome: 'unassign' });
    expect((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/vm-groups/course-a' })).statusCode).toBe(404);
    const last = await t.as(bobToken, { method: 'DELETE', url: '/api/v1/vm-groups/course-a' });
    expect(last.json()).toEqual({ id: groupId, outcome: 'delete' });
    expect(t.db.prepare('SELECT count(*) AS n FROM vm_group_members WHERE vm_group_id = ?').get(groupId)).toEqual({ n: 0 });
    expect((await t.as(t.tokens.admin, { method: 'DELETE', url: '/api/v1/vm-groups/other' })).json()).toMatchObject({ outcome: 'delete' });
    expect((await t.as(t.tokens.regular, { method: 'GET', url: '/api/v1/vms/v1' })).statusCode).toBe(200);
  });

  it('answers bad input with a 4xx naming the field and changes nothing', async () => {
    const before = t.dump();
    const cases: [string, string, object, number, string][] = [
      ['POST', '/api/v1/vm-groups', {}, 400, 'name'],
      ['POST', '/api/v1/vm-groups', { name: 5 }, 400, 'name'],
      ['POST', '/api/v1/vm-groups', { name: 'n'.repeat(65) }, 400, 'name'],
      ['POST', '/api/v1/vm-groups', { name: 'ok', colour: 'red' }, 400, 'colour'],
      ['POST', '/api/v1/vm-groups', { name: 'ok', comment: 'c'.repeat(4097) }, 400, 'comment'],
      ['POST', '/api/v1/vm-groups', { name: 'ok', vms: 'v1' }, 400, 'vms'],
      ['POST', '/api/v1/vm-groups', { name: 'ok', vms: [''] }, 400, 'vms/0'],
      ['POST', '/api/v1/vm-groups', { name: 'ok', vms: ['nope'] }, 404, 'vms/0'],
      ['PATCH', '/api/v1/vm-groups/empty', {}, 400, 'body'],
      ['PATCH', '/api/v1/vm-groups/empty', { name: ' padded ' }, 400, 'name'],
      ['PATCH', '/api/v1/vm-groups/nope', { comment: 'x' }, 404, ''],
      ['POST', '/api/v1/vm-groups/empty/vms', { vms: [] }, 400, 'vms'],
      ['POST', '/api/v1/vm-groups/empty/vms', { vms: [1] }, 400, 'vms/0'],
      ['POST', '/api/v1/vm-groups/empty/vms', {}, 400, 'vms'],
      ['POST', '/api/v1/vm-groups/nope/vms', { vms: ['v1'] }, 404, ''],
      ['POST', '/api/v1/vm-groups/empty/apply', {}, 400, 'hostGroup'],
      ['POST', '/api/v1/vm-groups/empty/apply', { hostGroup: 'lab', clones: 3 }, 400, 'clones'],
      ['POST', '/api/v1/vm-groups/empty/apply', { hostGroup: 'nowhere' }, 404, 'hostGroup'],
      ['POST', '/api/v1/vm-groups/nope/apply', { hostGroup: 'lab' }, 404, ''],
      ['DELETE', '/api/v1/vm-groups/empty/vms/nope', {}, 404, 'vm'],
      ['DELETE', '/api/v1/vm-groups/nope', {}, 404, ''],
    ];
    for (const [method, url, payload, status, field] of cases) {
      const res = await t.as(t.tokens.regular, { method: method as 'POST', url, ...(method === 'DELETE' ? {} : { payload }) });
      expect({ url, payload, status: res.statusCode }).toEqual({ url, payload, status });
      if (field) expect({ url, payload, field: (res.json() as ErrorReply).error.field }).toEqual({ url, payload, field });
    }
    expect(t.dump()).toEqual(before);
  });
});
