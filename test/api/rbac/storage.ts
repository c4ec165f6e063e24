import { MIB } from '../../../lib/sizes.js';
import { statuses, type RbacCase } from './fixtures.js';

const FORBIDDEN = [403, 'INF_ERR_FORBIDDEN'] as const;
const NOT_FOUND = [404, 'INF_ERR_NOT_FOUND'] as const;
const ADMIN_ONLY = (ok: number) => statuses(ok, FORBIDDEN, FORBIDDEN, 401);

/**
 * Pools (administrators manage them; everyone sees their space), hard drives and
 * snapshots. Drives follow the manual's sharing rules like VMs: seen when created,
 * granted, or on a VM one can see; restricted users use them and change nothing.
 */
export const storageCases: RbacCase[] = [
  { route: 'GET /api/v1/pools', access: 'user', what: 'list', request: () => ({ method: 'GET', url: '/api/v1/pools' }), expect: statuses(200, 200, 200, 401) },
  {
    route: 'POST /api/v1/pools', access: 'admin', what: 'a file pool in a new directory',
    request: (f) => ({ method: 'POST', url: '/api/v1/pools', payload: { name: f.name('new-pool'), driver: 'file', location: f.poolDirectory() } }),
    expect: ADMIN_ONLY(201),
  },
  { route: 'GET /api/v1/pools/:id', access: 'user', what: 'the default pool', request: () => ({ method: 'GET', url: '/api/v1/pools/default' }), expect: statuses(200, 200, 200, 401) },
  { route: 'PATCH /api/v1/pools/:id', access: 'admin', what: 'keep the default pool online', request: () => ({ method: 'PATCH', url: '/api/v1/pools/default', payload: { online: true } }), expect: ADMIN_ONLY(200) },
  { route: 'DELETE /api/v1/pools/:id', access: 'admin', what: 'an empty pool', request: async (f) => ({ method: 'DELETE', url: `/api/v1/pools/${(await f.pool()).id}` }), expect: ADMIN_ONLY(200) },

  { route: 'GET /api/v1/drives', access: 'user', what: 'list', request: () => ({ method: 'GET', url: '/api/v1/drives' }), expect: statuses(200, 200, 200, 401) },
  {
    route: 'POST /api/v1/drives', access: 'creator', what: 'an unassigned drive',
    request: (f) => ({ method: 'POST', url: '/api/v1/drives', payload: { name: f.name('new-drive'), sizeBytes: MIB } }),
    expect: statuses(201, 201, FORBIDDEN, 401),
  },
  ...(['', '/snapshots'] as const).flatMap((tail): RbacCase[] => [
    {
      route: `GET /api/v1/drives/:id${tail}`, access: 'user', what: "rita's drive",
      request: async (f) => ({ method: 'GET', url: `/api/v1/drives/${await f.drive('regular')}${tail}` }), expect: statuses(200, 200, NOT_FOUND, 401),
    },
    {
      route: `GET /api/v1/drives/:id${tail}`, access: 'user', what: "admin's drive",
      request: async (f) => ({ method: 'GET', url: `/api/v1/drives/${await f.drive('admin')}${tail}` }), expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
    },
    {
      route: `GET /api/v1/drives/:id${tail}`, access: 'user', what: "rita's drive assigned to rob",
      request: async (f) => ({ method: 'GET', url: `/api/v1/drives/${await f.drive('regular', { grantToRestricted: true })}${tail}` }), expect: statuses(200, 200, 200, 401),
    },
  ]),
  ...([
    ['PATCH /api/v1/drives/:id', 'PATCH', '', { comment: 'changed' }, 200],
    ['POST /api/v1/drives/:id/grow', 'POST', '/grow', { sizeBytes: 2 * MIB }, 200],
    ['POST /api/v1/drives/:id/snapshots', 'POST', '/snapshots', { comment: 'now' }, 201],
  ] as const).flatMap(([route, method, tail, payload, ok]): RbacCase[] => [
    {
      route, access: 'user', what: "rita's drive",
      request: async (f) => ({ method, url: `/api/v1/drives/${await f.drive('regular')}${tail}`, payload }), expect: statuses(ok, ok, NOT_FOUND, 401),
    },
    {
      route, access: 'user', what: "admin's drive",
      request: async (f) => ({ method, url: `/api/v1/drives/${await f.drive('admin')}${tail}`, payload }), expect: statuses(ok, NOT_FOUND, NOT_FOUND, 401),
    },
    {
      route, access: 'user', what: "rita's drive assigned to rob (he may use it, not change it)",
      request: async (f) => ({ method, url: `/api/v1/drives/${await f.drive('regular', { grantToRestricted: true })}${tail}`, payload }), expect: statuses(ok, ok, FORBIDDEN, 401),
    },
  ]),
  {
    route: 'DELETE /api/v1/drives/:id', access: 'creator', what: "rita's drive",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/drives/${await f.drive('regular')}` }), expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/drives/:id', access: 'creator', what: "admin's drive",
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/drives/${await f.drive('admin')}` }), expect: statuses(200, NOT_FOUND, FORBIDDEN, 401),
  },
  // The test server runs without an iSCSI portal: an administrator passes every gate and
  // is then told iSCSI is not available here (the iSCSI suite exports for real).
  {
    route: 'POST /api/v1/drives/:id/export', access: 'admin', what: "rita's drive",
    request: async (f) => ({ method: 'POST', url: `/api/v1/drives/${await f.drive('regular')}/export`, payload: { initiator: 'iqn.2026-01.org.example:host1' } }),
    expect: statuses([409, 'INF_ERR_CONFLICT'], FORBIDDEN, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/drives/:id/unexport', access: 'admin', what: "rita's drive",
    request: async (f) => ({ method: 'POST', url: `/api/v1/drives/${await f.drive('regular')}/unexport` }),
    expect: statuses([409, 'INF_ERR_CONFLICT'], FORBIDDEN, FORBIDDEN, 401),
  },
  {
    route: 'PATCH /api/v1/snapshots/:id', access: 'user', what: "a snapshot of rita's drive",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/snapshots/${await f.driveSnapshot('regular')}`, payload: { comment: 'changed' } }), expect: statuses(200, 200, NOT_FOUND, 401),
  },
  {
    route: 'PATCH /api/v1/snapshots/:id', access: 'user', what: "a snapshot of rita's drive assigned to rob",
    request: async (f) => ({ method: 'PATCH', url: `/api/v1/snapshots/${await f.driveSnapshot('regular', { grantToRestricted: true })}`, payload: { comment: 'changed' } }), expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/snapshots/delete', access: 'user', what: "a snapshot of rita's drive",
    request: async (f) => ({ method: 'POST', url: '/api/v1/snapshots/delete', payload: { ids: [await f.driveSnapshot('regular')] } }), expect: statuses(200, 200, NOT_FOUND, 401),
  },
  {
    route: 'POST /api/v1/snapshots/delete', access: 'user', what: "a snapshot of admin's drive",
    request: async (f) => ({ method: 'POST', url: '/api/v1/snapshots/delete', payload: { ids: [await f.driveSnapshot('admin')] } }), expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
  },
  {
    route: 'POST /api/v1/snapshots/delete', access: 'user', what: "a snapshot of rita's drive assigned to rob",
    request: async (f) => ({ method: 'POST', url: '/api/v1/snapshots/delete', payload: { ids: [await f.driveSnapshot('regular', { grantToRestricted: true })] } }), expect: statuses(200, 200, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/snapshots/:id/clone', access: 'creator', what: "a snapshot of rita's drive",
    request: async (f) => ({ method: 'POST', url: `/api/v1/snapshots/${await f.driveSnapshot('regular')}/clone`, payload: { name: f.name('clone') } }), expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/snapshots/:id/clone', access: 'creator', what: "a snapshot of admin's drive",
    request: async (f) => ({ method: 'POST', url: `/api/v1/snapshots/${await f.driveSnapshot('admin')}/clone`, payload: { name: f.name('clone') } }), expect: statuses(201, NOT_FOUND, FORBIDDEN, 401),
  },

  ...(['/drives', '/snapshots'] as const).flatMap((tail): RbacCase[] => [
    {
      route: `GET /api/v1/vms/:id${tail}`, access: 'user', what: "rita's VM",
      request: async (f) => ({ method: 'GET', url: `/api/v1/vms/${await f.vmWithDrive('regular')}${tail}` }), expect: statuses(200, 200, NOT_FOUND, 401),
    },
    {
      route: `GET /api/v1/vms/:id${tail}`, access: 'user', what: "admin's VM",
      request: async (f) => ({ method: 'GET', url: `/api/v1/vms/${await f.vmWithDrive('admin')}${tail}` }), expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
    },
    {
      route: `GET /api/v1/vms/:id${tail}`, access: 'user', what: "rita's VM assigned to rob",
      request: async (f) => ({ method: 'GET', url: `/api/v1/vms/${await f.vmWithDrive('regular', { grantToRestricted: true })}${tail}` }), expect: statuses(200, 200, 200, 401),
    },
  ]),
  {
    route: 'POST /api/v1/vms/:id/snapshots', access: 'user', what: "rita's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vmWithDrive('regular')}/snapshots`, payload: { comment: 'now' } }), expect: statuses(201, 201, NOT_FOUND, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/snapshots', access: 'user', what: "admin's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vmWithDrive('admin')}/snapshots`, payload: { comment: 'now' } }), expect: statuses(201, NOT_FOUND, NOT_FOUND, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/snapshots', access: 'user', what: "rita's VM assigned to rob",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vmWithDrive('regular', { grantToRestricted: true })}/snapshots`, payload: { comment: 'now' } }), expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/clone', access: 'creator', what: "rita's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vmWithDrive('regular')}/clone`, payload: { name: f.name('clone') } }), expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/clone', access: 'creator', what: "admin's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vmWithDrive('admin')}/clone`, payload: { name: f.name('clone') } }), expect: statuses(201, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vm-snapshots/:id/clone', access: 'creator', what: "a snapshot of rita's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vm-snapshots/${await f.vmSnapshot('regular')}/clone`, payload: { name: f.name('clone') } }), expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vm-snapshots/:id/clone', access: 'creator', what: "a snapshot of admin's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vm-snapshots/${await f.vmSnapshot('admin')}/clone`, payload: { name: f.name('clone') } }), expect: statuses(201, NOT_FOUND, FORBIDDEN, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/drives', access: 'user', what: "rita's unassigned drive onto rita's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vm('regular')}/drives`, payload: { drive: await f.drive('regular') } }),
    expect: statuses(201, 201, NOT_FOUND, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/drives', access: 'user', what: "admin's unassigned drive onto admin's VM",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vm('admin')}/drives`, payload: { drive: await f.drive('admin') } }),
    expect: statuses(201, NOT_FOUND, NOT_FOUND, 401),
  },
  {
    route: 'POST /api/v1/vms/:id/drives', access: 'user', what: "rita's drive onto rita's VM, both assigned to rob (he may use them, not change them)",
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vm('regular', { grantToRestricted: true })}/drives`, payload: { drive: await f.drive('regular', { grantToRestricted: true }) } }),
    expect: statuses(201, 201, FORBIDDEN, 401),
  },
  {
    route: 'DELETE /api/v1/vms/:id/drives/:drive', access: 'user', what: "the drive of rita's VM",
    request: async (f) => {
      const vm = await f.vmWithDrive('regular');
      const [drive] = (await f.t.as(f.token('regular'), { method: 'GET', url: `/api/v1/vms/${vm}/drives` })).json() as { id: string }[];
      return { method: 'DELETE', url: `/api/v1/vms/${vm}/drives/${drive!.id}` };
    },
    expect: statuses(200, 200, NOT_FOUND, 401),
  },
  {
    route: 'DELETE /api/v1/vms/:id/drives/:drive', access: 'user', what: "the drive of admin's VM",
    request: async (f) => {
      const vm = await f.vmWithDrive('admin');
      const [drive] = (await f.t.as(f.token('admin'), { method: 'GET', url: `/api/v1/vms/${vm}/drives` })).json() as { id: string }[];
      return { method: 'DELETE', url: `/api/v1/vms/${vm}/drives/${drive!.id}` };
    },
    expect: statuses(200, NOT_FOUND, NOT_FOUND, 401),
  },
];
