import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { fail } from '../../lib/errors.js';
import type { Actor } from '../access/policy.js';
import { getDrive } from '../store/drives.js';
import { readSecret } from '../store/secrets.js';
import { reserveDrive } from '../tasks/reservation.js';
import { getSnapshot, listDriveSnapshots } from '../store/snapshots.js';
import { AUTHED_ERRORS, errors, IdParams, Ok, STORAGE_ERRORS } from '../../lib/protocol/common.js';
import { driveViews, snapshotView } from './storage-views.js';
import {
  CloneSnapshotBody, CreateDriveBody, DeleteSnapshotsBody, Drive, ExportBody, ExportReply, GrowBody, Snapshot, SnapshotCommentBody, SnapshotVmBody,
  UpdateDriveBody,
} from '../../lib/protocol/storage.js';
import { DeleteReply } from '../../lib/protocol/vms.js';
import { canSeeDrive, resolveDrive, visibleDrives } from '../access/visibility.js';

export default async function driveRoutes(app: FastifyInstance) {
  const tags = ['storage'];
  const one = async (id: string, actor: Actor) =>
    (await driveViews(app.db, app.storage, [getDrive(app.db, id)!], actor))[0]!;

  app.get('/drives', {
    schema: {
      tags, operationId: 'listDrives', summary: 'List drives',
      description: 'The hard drives you can see, assigned to a VM or not.',
      response: { 200: Type.Array(Drive), ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request) => driveViews(app.db, app.storage, visibleDrives(app.db, request.actor!), request.actor!));

  app.post<{ Body: Static<typeof CreateDriveBody> }>('/drives', {
    schema: {
      tags, operationId: 'createDrive', summary: 'Create a drive',
      description: 'Create a hard drive on a storage pool, thick (its whole size reserved) or sparse, for a VM or ' +
        'unassigned on your account.',
      body: CreateDriveBody, response: { 201: Drive, ...errors(...AUTHED_ERRORS, 404, 409, 422, ...STORAGE_ERRORS) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const { id } = await app.execute(request, 'drive.create', request.body);
    return reply.status(201).send(await one(id, request.actor!));
  });

  app.get<{ Params: IdParams }>('/drives/:id', {
    schema: {
      tags, operationId: 'getDrive', summary: 'Get a drive',
      description: 'One hard drive you can see.',
      params: IdParams, response: { 200: Drive, ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => one(resolveDrive(app.db, request.actor!, request.params.id).id, request.actor!));

  app.patch<{ Params: IdParams; Body: Static<typeof UpdateDriveBody> }>('/drives/:id', {
    schema: {
      tags, operationId: 'updateDrive', summary: 'Change a drive',
      description: "Change a drive's name, comment and properties (compression affects new writes only).",
      params: IdParams, body: UpdateDriveBody,
      response: { 200: Drive, ...errors(...AUTHED_ERRORS, 404, 409, 422, 501, ...STORAGE_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const { id } = await app.execute(request, 'drive.update', { id: request.params.id, ...request.body });
    // A new percentage takes effect now, not at the next scheduled adjustment.
    if (request.body.reservationPercent !== undefined) await reserveDrive(app.storage, getDrive(app.db, id)!, request.log);
    return one(id, request.actor!);
  });

  app.post<{ Params: IdParams; Body: Static<typeof GrowBody> }>('/drives/:id/grow', {
    schema: {
      tags, operationId: 'growDrive', summary: 'Grow a drive',
      description: 'Grow Disk: give the new, larger size; drives only grow. A file pool refuses a size its ' +
        'filesystem cannot hold (422).',
      params: IdParams, body: GrowBody,
      response: { 200: Drive, ...errors(...AUTHED_ERRORS, 404, 409, 422, ...STORAGE_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const { id } = await app.execute(request, 'drive.grow', { id: request.params.id, sizeBytes: request.body.sizeBytes });
    return one(id, request.actor!);
  });

  app.delete<{ Params: IdParams }>('/drives/:id', {
    schema: {
      tags, operationId: 'deleteDrive', summary: 'Delete a drive',
      description: 'Delete an unassigned drive with its snapshots (refused while its snapshots have clones).',
      params: IdParams, response: { 200: DeleteReply, ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'creator' },
  }, async (request) => app.execute(request, 'drive.delete', { id: request.params.id }));

  app.get<{ Params: IdParams }>('/drives/:id/snapshots', {
    schema: {
      tags, operationId: 'listDriveSnapshots', summary: "List a drive's snapshots",
      description: 'The snapshots of one hard drive, oldest first.',
      params: IdParams, response: { 200: Type.Array(Snapshot), ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const drive = resolveDrive(app.db, request.actor!, request.params.id);
    return listDriveSnapshots(app.db, drive.id).map((s) => snapshotView(app.db, s, drive.name, request.actor!));
  });

  app.post<{ Params: IdParams; Body: Static<typeof SnapshotVmBody> }>('/drives/:id/snapshots', {
    schema: {
      tags, operationId: 'snapshotDrive', summary: 'Snapshot a drive',
      description: 'Snapshot one hard drive now, with a comment.',
      params: IdParams, body: SnapshotVmBody,
      response: { 201: Snapshot, ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request, reply) => {
    const { id } = await app.execute(request, 'drive.snapshot', { drive: request.params.id, ...request.body });
    const snapshot = getSnapshot(app.db, id)!;
    const driveName = getDrive(app.db, snapshot.driveId)!.name;
    return reply.status(201).send(snapshotView(app.db, snapshot, driveName, request.actor!));
  });

  app.patch<{ Params: IdParams; Body: Static<typeof SnapshotCommentBody> }>('/snapshots/:id', {
    schema: {
      tags, operationId: 'updateSnapshot', summary: 'Change a snapshot',
      description: "Change a drive snapshot's comment (its data never changes).",
      params: IdParams, body: SnapshotCommentBody, response: { 200: Snapshot, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'user' },
  }, async (request) => {
    await app.execute(request, 'snapshot.update', { id: request.params.id, comment: request.body.comment });
    const snapshot = getSnapshot(app.db, request.params.id)!;
    return snapshotView(app.db, snapshot, getDrive(app.db, snapshot.driveId)!.name, request.actor!);
  });

  app.post<{ Body: Static<typeof DeleteSnapshotsBody> }>('/snapshots/delete', {
    schema: {
      tags, operationId: 'deleteSnapshots', summary: 'Delete snapshots',
      description: 'Delete several drive snapshots at once; all or none (refused while any has clones).',
      body: DeleteSnapshotsBody, response: { 200: Ok, ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request) => {
    await app.execute(request, 'snapshot.deleteMany', { ids: request.body.ids });
    return { ok: true as const };
  });

  app.post<{ Params: IdParams; Body: Static<typeof CloneSnapshotBody> }>('/snapshots/:id/clone', {
    schema: {
      tags, operationId: 'cloneDriveSnapshot', summary: 'Clone a drive snapshot',
      description:
        'Clone a drive snapshot into a new, unassigned drive on your account (a thin clone where the pool has them).',
      params: IdParams, body: CloneSnapshotBody,
      response: { 201: Drive, ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const snapshot = getSnapshot(app.db, request.params.id);
    const drive = snapshot && getDrive(app.db, snapshot.driveId);
    if (!snapshot || !drive || !canSeeDrive(app.db, request.actor!, drive)) throw fail.notFound('Snapshot', request.params.id);
    const { id } = await app.execute(request, 'snapshot.cloneDrive', { snapshotId: snapshot.id, name: request.body.name });
    return reply.status(201).send(await one(id, request.actor!));
  });

  app.post<{ Params: IdParams; Body: Static<typeof ExportBody> }>('/drives/:id/export', {
    schema: {
      tags, operationId: 'exportDrive', summary: 'Export a drive',
      description:
        'Export a drive over iSCSI to one initiator, with CHAP (administrators; booting a VM does this by itself).',
      params: IdParams, body: ExportBody, response: { 200: ExportReply, ...errors(...AUTHED_ERRORS, 404, 409, 502) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    const exported = await app.execute(request, 'drive.export', { drive: request.params.id, ...request.body });
    // The log keeps the secret by reference: only this answer, and a retry with its Idempotency-Key, show it.
    return { ...exported, chapSecret: exported.chapSecret && readSecret(app.db, exported.chapSecret) };
  });

  app.post<{ Params: IdParams }>('/drives/:id/unexport', {
    schema: {
      tags, operationId: 'unexportDrive', summary: 'Unexport a drive',
      description: "Remove a drive's iSCSI target; initiators connected to it lose the drive.",
      params: IdParams, response: { 200: Ok, ...errors(...AUTHED_ERRORS, 404, 409, 502) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    await app.execute(request, 'drive.unexport', { drive: request.params.id });
    return { ok: true as const };
  });
}
