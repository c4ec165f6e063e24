import { MAX_DRIVE_BYTES, MIB } from '../../../lib/sizes.js';
import { long, type BadCase, type RouteInput } from './types.js';

export const inputs: RouteInput[] = [
  { route: 'POST /api/v1/pools', body: (f) => ({ name: f.name('new-pool'), driver: 'file', location: f.poolDirectory() }) },
  { route: 'GET /api/v1/pools/:id', params: () => ({ id: 'default' }) },
  { route: 'PATCH /api/v1/pools/:id', params: () => ({ id: 'default' }), body: () => ({ online: true }) },
  { route: 'DELETE /api/v1/pools/:id', params: async (f) => ({ id: (await f.pool()).id }) },
  { route: 'POST /api/v1/drives', body: (f) => ({ name: f.name('new-drive'), sizeBytes: MIB }) },
  { route: 'GET /api/v1/drives/:id', params: async (f) => ({ id: await f.drive('admin') }) },
  { route: 'PATCH /api/v1/drives/:id', params: async (f) => ({ id: await f.drive('admin') }), body: () => ({ comment: 'changed' }) },
  { route: 'POST /api/v1/drives/:id/grow', params: async (f) => ({ id: await f.drive('admin') }), body: () => ({ sizeBytes: 2 * MIB }) },
  { route: 'DELETE /api/v1/drives/:id', params: async (f) => ({ id: await f.drive('admin') }) },
  { route: 'GET /api/v1/drives/:id/snapshots', params: async (f) => ({ id: await f.drive('admin') }) },
  { route: 'POST /api/v1/drives/:id/snapshots', params: async (f) => ({ id: await f.drive('admin') }), body: () => ({ comment: 'now' }) },
  { route: 'PATCH /api/v1/snapshots/:id', params: async (f) => ({ id: await f.driveSnapshot('admin') }), body: () => ({ comment: 'changed' }) },
  { route: 'POST /api/v1/snapshots/delete', body: async (f) => ({ ids: [await f.driveSnapshot('admin')] }) },
  { route: 'POST /api/v1/snapshots/:id/clone', params: async (f) => ({ id: await f.driveSnapshot('admin') }), body: (f) => ({ name: f.name('clone') }) },
  { route: 'GET /api/v1/vms/:id/drives', params: async (f) => ({ id: await f.vmWithDrive('admin') }) },
  { route: 'GET /api/v1/vms/:id/snapshots', params: async (f) => ({ id: await f.vmWithDrive('admin') }) },
  { route: 'POST /api/v1/vms/:id/snapshots', params: async (f) => ({ id: await f.vmWithDrive('admin') }), body: () => ({ comment: 'now' }) },
  { route: 'POST /api/v1/vms/:id/clone', params: async (f) => ({ id: await f.vmWithDrive('admin') }), body: (f) => ({ name: f.name('clone') }) },
  { route: 'POST /api/v1/drives/:id/export', params: async (f) => ({ id: await f.drive('admin') }), body: () => ({ initiator: 'iqn.2026-01.org.example:host1' }) },
  { route: 'POST /api/v1/drives/:id/unexport', params: async (f) => ({ id: await f.drive('admin') }) },
  { route: 'POST /api/v1/vm-snapshots/:id/clone', params: async (f) => ({ id: await f.vmSnapshot('admin') }), body: (f) => ({ name: f.name('clone') }) },
  { route: 'POST /api/v1/vms/:id/drives', params: async (f) => ({ id: await f.vm('admin') }), body: async (f) => ({ drive: await f.drive('admin') }) },
  {
    route: 'DELETE /api/v1/vms/:id/drives/:drive',
    params: async (f) => {
      const id = await f.vmWithDrive('admin');
      const [drive] = (await f.t.as(f.token('admin'), { method: 'GET', url: `/api/v1/vms/${id}/drives` })).json() as { id: string }[];
      return { id, drive: drive!.id };
    },
  },
];

const createDrive = (what: string, payload: Record<string, unknown>, field: string | undefined, status = 400, code = 'INF_ERR_VALIDATION'): BadCase => ({
  route: 'POST /api/v1/drives', what, request: () => ({ method: 'POST', url: '/api/v1/drives', payload: { name: 'bad-drive', sizeBytes: MIB, ...payload } }), status, code, ...(field === undefined ? {} : { field }),
});

export const cases: BadCase[] = [
  { route: 'POST /api/v1/pools', what: 'driver "nfs"', request: (f) => ({ method: 'POST', url: '/api/v1/pools', payload: { name: 'bad-pool', driver: 'nfs', location: f.poolDirectory() } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'driver' },
  { route: 'POST /api/v1/pools', what: 'the name of the default pool', request: (f) => ({ method: 'POST', url: '/api/v1/pools', payload: { name: 'default', driver: 'file', location: f.poolDirectory() } }), status: 409, code: 'INF_ERR_NAME_TAKEN', field: 'name' },
  createDrive('size 0', { sizeBytes: 0 }, 'sizeBytes'),
  createDrive('size not a whole MiB', { sizeBytes: MIB + 1 }, 'sizeBytes'),
  createDrive('size above the maximum', { sizeBytes: MAX_DRIVE_BYTES + MIB }, 'sizeBytes'),
  createDrive('size as a string', { sizeBytes: '1G' }, 'sizeBytes'),
  createDrive('reservation 101 %', { reservationPercent: 101 }, 'reservationPercent'),
  createDrive('compression "gzip"', { compression: 'gzip' }, 'compression'),
  createDrive('65-character name', { name: long(65) }, 'name'),
  createDrive('huge comment', { comment: long(4097) }, 'comment'),
  createDrive('unknown pool', { pool: 'no-such-pool' }, undefined, 404, 'INF_ERR_NOT_FOUND'),
  createDrive('unknown VM', { vm: 'no-such-vm' }, undefined, 404, 'INF_ERR_NOT_FOUND'),
  {
    route: 'POST /api/v1/drives/:id/grow', what: 'shrinking (drives only grow)',
    request: async (f) => {
      const id = await f.drive('admin');
      await f.t.as(f.token('admin'), { method: 'POST', url: `/api/v1/drives/${id}/grow`, payload: { sizeBytes: 4 * MIB } });
      return { method: 'POST', url: `/api/v1/drives/${id}/grow`, payload: { sizeBytes: 2 * MIB } };
    },
    status: 409, code: 'INF_ERR_STORAGE_SHRINK', field: 'sizeBytes',
  },
  {
    route: 'POST /api/v1/drives/:id/export', what: 'a CHAP secret of 11 characters',
    request: async (f) => ({ method: 'POST', url: `/api/v1/drives/${await f.drive('admin')}/export`, payload: { initiator: 'iqn.2026-01.org.example:host1', chapSecret: long(11) } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'chapSecret',
  },
  ...['abcdefghijkl\u0000', 'abcdefghijkl\nline', 'abcdef ghijkl', 'abcdefghijkl\u202e'].map((chapSecret) => ({
    route: 'POST /api/v1/drives/:id/export', what: `a CHAP secret with ${JSON.stringify(chapSecret.slice(12) || ' ')}`,
    request: async (f: { drive(owner: 'admin'): Promise<string> }) => ({
      method: 'POST' as const,
      url: `/api/v1/drives/${await f.drive('admin')}/export`,
      payload: { initiator: 'iqn.2026-01.org.example:host1', chapSecret },
    }),
    status: 400, code: 'INF_ERR_VALIDATION', field: 'chapSecret',
  })),
  {
    route: 'POST /api/v1/drives/:id/export', what: 'a CHAP user with a space',
    request: async (f) => ({ method: 'POST', url: `/api/v1/drives/${await f.drive('admin')}/export`, payload: { initiator: 'iqn.2026-01.org.example:host1', chapUser: 'a b' } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'chapUser',
  },
  { route: 'POST /api/v1/snapshots/delete', what: 'no ids', request: () => ({ method: 'POST', url: '/api/v1/snapshots/delete', payload: { ids: [] } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'ids' },
  { route: 'POST /api/v1/snapshots/delete', what: 'an unknown id among known ones', request: async (f) => ({ method: 'POST', url: '/api/v1/snapshots/delete', payload: { ids: [await f.driveSnapshot('admin'), 'no-such-snapshot'] } }), status: 404, code: 'INF_ERR_NOT_FOUND' },
  {
    route: 'POST /api/v1/vms', what: 'a disk of 1 MiB + 1 byte',
    request: () => ({ method: 'POST', url: '/api/v1/vms', payload: { name: 'bad-vm-disk', disk: { sizeBytes: MIB + 1 } } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'disk/sizeBytes',
  },
  {
    route: 'POST /api/v1/vms', what: 'a disk on an unknown pool',
    request: () => ({ method: 'POST', url: '/api/v1/vms', payload: { name: 'bad-vm-disk', disk: { sizeBytes: MIB, pool: 'no-such-pool' } } }), status: 404, code: 'INF_ERR_NOT_FOUND',
  },
  {
    route: 'POST /api/v1/vms/:id/clone', what: 'copies 101',
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vmWithDrive('admin')}/clone`, payload: { copies: 101 } }), status: 400, code: 'INF_ERR_VALIDATION', field: 'copies',
  },
  {
    route: 'POST /api/v1/vms/:id/clone', what: 'an unknown Host Group',
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vmWithDrive('admin')}/clone`, payload: { hostGroup: 'no-such-group' } }), status: 404, code: 'INF_ERR_NOT_FOUND',
  },
  {
    route: 'POST /api/v1/vm-snapshots/:id/clone', what: 'the name of an existing VM',
    request: async (f) => {
      const id = await f.vmSnapshot('admin');
      const taken = await f.vm('admin');
      const { name } = (await f.t.as(f.token('admin'), { method: 'GET', url: `/api/v1/vms/${taken}` })).json() as { name: string };
      return { method: 'POST', url: `/api/v1/vm-snapshots/${id}/clone`, payload: { name } };
    },
    status: 409, code: 'INF_ERR_NAME_TAKEN', field: 'name',
  },
  {
    route: 'POST /api/v1/vms/:id/drives', what: 'a drive of another VM without saying move or clone',
    request: async (f) => {
      const other = await f.vmWithDrive('admin');
      const [drive] = (await f.t.as(f.token('admin'), { method: 'GET', url: `/api/v1/vms/${other}/drives` })).json() as { id: string }[];
      return { method: 'POST', url: `/api/v1/vms/${await f.vm('admin')}/drives`, payload: { drive: drive!.id } };
    },
    status: 409, code: 'INF_ERR_CONFLICT', field: 'mode',
  },
  {
    route: 'POST /api/v1/vms/:id/drives', what: 'an unknown mode',
    request: async (f) => ({ method: 'POST', url: `/api/v1/vms/${await f.vm('admin')}/drives`, payload: { drive: await f.drive('admin'), mode: 'copy' } }),
    status: 400, code: 'INF_ERR_VALIDATION', field: 'mode',
  },
];
