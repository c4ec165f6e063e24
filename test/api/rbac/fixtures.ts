import type { InjectOptions } from 'fastify';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIB } from '../../../lib/sizes.js';
import type { Role } from '../../../lib/catalog.js';
import type { Access } from '../../../server/access/plugin.js';
import { ADMIN_PASSWORD, USER_PASSWORD, type TestApp } from '../../helpers/app.js';

/** The four callers of the matrix: the built-in admin, rita (regular), rob (restricted), nobody. */
export const CALLERS = ['admin', 'regular', 'restricted', 'anonymous'] as const;
export type Caller = (typeof CALLERS)[number];
export type Owner = 'admin' | 'regular';

/** An expected status, or a status and the error code that must come with it. */
export type Expected = number | readonly [number, string];

export interface RbacCase {
  /** `METHOD /url/pattern` exactly as the app registers it. */
  route: string;
  /** The access the route must declare (`config.access`). */
  access: Access;
  /** Which variant of the route this is (whose object, which grant). */
  what: string;
  /** Builds one request for one caller; called once per caller, so objects are fresh each time. */
  request(f: Fixtures, caller: Caller): Promise<InjectOptions> | InjectOptions;
  expect: Record<Caller, Expected>;
}

/** Expected statuses in caller order: admin, regular, restricted, anonymous. */
export function statuses(admin: Expected, regular: Expected, restricted: Expected, anonymous: Expected): Record<Caller, Expected> {
  return { admin, regular, restricted, anonymous };
}

/** Objects the cases need, made through the API as their owner; every call makes a new one. */
export class Fixtures {
  private seq = 0;

  constructor(readonly t: TestApp) {}

  /** A name no other fixture has used. */
  name(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.seq}`;
  }

  token(caller: Exclude<Caller, 'anonymous'>): string {
    return this.t.tokens[caller];
  }

  userId(caller: 'regular' | 'restricted'): string {
    return this.t.users[caller];
  }

  private async ok(token: string, options: InjectOptions, status: number): Promise<Record<string, unknown>> {
    const res = await this.t.as(token, options);
    if (res.statusCode !== status) throw new Error(`fixture ${String(options.method)} ${String(options.url)} answered ${res.statusCode}: ${res.body}`);
    return res.json() as Record<string, unknown>;
  }

  /** A VM created by `owner`, optionally also granted to rob (restricted). */
  async vm(owner: Owner, options: { grantToRestricted?: boolean } = {}): Promise<string> {
    const [vm] = (await this.ok(this.token(owner), { method: 'POST', url: '/api/v1/vms', payload: { name: this.name('vm') } }, 201)) as unknown as { id: string }[];
    const id = vm!.id;
    if (options.grantToRestricted) await this.grant('restricted', 'vm', id);
    return id;
  }

  /** A template created by `owner` (a VM turned into a template). */
  async template(owner: Owner): Promise<string> {
    const id = await this.vm(owner);
    await this.ok(this.token(owner), { method: 'POST', url: `/api/v1/vms/${id}/template` }, 200);
    return id;
  }

  /** A Host Group created by `owner`, optionally also granted to rob (restricted). */
  async hostGroup(owner: Owner, options: { grantToRestricted?: boolean } = {}): Promise<string> {
    const group = await this.ok(this.token(owner), { method: 'POST', url: '/api/v1/host-groups', payload: { name: this.name('hg') } }, 201);
    const id = group.id as string;
    if (options.grantToRestricted) await this.grant('restricted', 'host_group', id);
    return id;
  }

  /** A Host registered by `owner` (it joins a new Host Group of its own name); optionally that group is granted to rob. */
  async host(owner: Owner, options: { grantGroupToRestricted?: boolean } = {}): Promise<{ id: string; hostGroupId: string }> {
    const host = await this.ok(this.token(owner), { method: 'POST', url: '/api/v1/hosts', payload: { name: this.name('host') } }, 201);
    const hostGroupId = host.hostGroupId as string;
    if (options.grantGroupToRestricted) await this.grant('restricted', 'host_group', hostGroupId);
    return { id: host.id as string, hostGroupId };
  }

  /** A VM Group created by `owner` with the given members, optionally also granted to rob. */
  async vmGroup(owner: Owner, options: { vms?: string[]; grantToRestricted?: boolean } = {}): Promise<string> {
    const group = await this.ok(this.token(owner), { method: 'POST', url: '/api/v1/vm-groups', payload: { name: this.name('vmg'), vms: options.vms ?? [] } }, 201);
    const id = group.id as string;
    if (options.grantToRestricted) await this.grant('restricted', 'vm_group', id);
    return id;
  }

  /** The id of the server the test app registered as the local one. */
  async localServer(): Promise<string> {
    const res = await this.t.as(this.token('admin'), { method: 'GET', url: '/api/v1/servers' });
    const local = (res.json() as { id: string; isLocal: boolean }[]).find((s) => s.isLocal);
    if (!local) throw new Error(`no local server: ${res.body}`);
    return local.id;
  }

  /** An unassigned 1 MiB drive created by `owner`, optionally also granted to rob. */
  async drive(owner: Owner, options: { grantToRestricted?: boolean } = {}): Promise<string> {
    const drive = await this.ok(this.token(owner), { method: 'POST', url: '/api/v1/drives', payload: { name: this.name('drive'), sizeBytes: MIB } }, 201);
    const id = drive.id as string;
    if (options.grantToRestricted) await this.grant('restricted', 'drive', id);
    return id;
  }

  /** A snapshot of a drive created by `owner` (the drive optionally granted to rob). */
  async driveSnapshot(owner: Owner, options: { grantToRestricted?: boolean } = {}): Promise<string> {
    const drive = await this.drive(owner, options);
    const snapshot = await this.ok(this.token(owner), { method: 'POST', url: `/api/v1/drives/${drive}/snapshots`, payload: {} }, 201);
    return snapshot.id as string;
  }

  /** A VM with one 1 MiB drive, created by `owner`, optionally also granted to rob. */
  async vmWithDrive(owner: Owner, options: { grantToRestricted?: boolean } = {}): Promise<string> {
    const [vm] = (await this.ok(this.token(owner), { method: 'POST', url: '/api/v1/vms', payload: { name: this.name('vmd'), disk: { sizeBytes: MIB } } }, 201)) as unknown as { id: string }[];
    if (options.grantToRestricted) await this.grant('restricted', 'vm', vm!.id);
    return vm!.id;
  }

  /** A snapshot of a VM with a drive, created by `owner`. */
  async vmSnapshot(owner: Owner): Promise<string> {
    const vm = await this.vmWithDrive(owner);
    const snapshot = await this.ok(this.token(owner), { method: 'POST', url: `/api/v1/vms/${vm}/snapshots`, payload: {} }, 201);
    return snapshot.id as string;
  }

  /** A new, empty file pool (as admin) in a directory of its own. */
  async pool(): Promise<{ id: string; name: string }> {
    const name = this.name('pool');
    const location = join(this.t.dir, name);
    mkdirSync(location);
    const pool = await this.ok(this.token('admin'), { method: 'POST', url: '/api/v1/pools', payload: { name, driver: 'file', location } }, 201);
    return { id: pool.id as string, name };
  }

  /** A fresh directory for a pool that is still to be added. */
  poolDirectory(): string {
    const location = join(this.t.dir, this.name('pool-dir'));
    mkdirSync(location);
    return location;
  }

  /** Grants an object to rita or rob (as admin). */
  async grant(to: 'regular' | 'restricted', objectType: string, objectId: string): Promise<void> {
    await this.ok(this.token('admin'), { method: 'POST', url: `/api/v1/users/${this.userId(to)}/grants`, payload: { objectType, objectId } }, 201);
  }

  /** A new user of a role, with a token of their own (for routes that end or change a session). */
  async user(role: Role): Promise<{ id: string; name: string; token: string; password: string }> {
    const name = this.name(`u-${role}`);
    const id = await this.t.createUser(name, role, USER_PASSWORD);
    return { id, name, token: await this.t.login(name, USER_PASSWORD), password: USER_PASSWORD };
  }

  /**
   * Headers for a throwaway session of the caller's role (anonymous: none), so that
   * logging out or changing a password never touches the shared tokens.
   */
  async session(caller: Caller): Promise<{ headers: Record<string, string>; password: string }> {
    if (caller === 'anonymous') return { headers: {}, password: USER_PASSWORD };
    const user = await this.user(caller === 'regular' ? 'regular' : caller === 'restricted' ? 'restricted' : 'admin');
    return { headers: { authorization: `Bearer ${user.token}` }, password: user.password };
  }

  /** The login name and password of a caller. */
  credentials(caller: Exclude<Caller, 'anonymous'>): { user: string; password: string } {
    return caller === 'admin' ? { user: 'admin', password: ADMIN_PASSWORD } : { user: caller === 'regular' ? 'rita' : 'rob', password: USER_PASSWORD };
  }
}
