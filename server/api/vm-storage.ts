import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import type { Actor } from '../access/policy.js';
import { getDrive, listDrives } from '../store/drives.js';
import { listVmSnapshots } from '../store/snapshots.js';
import { getVm } from '../store/vms.js';
import { AUTHED_ERRORS, errors, IdParams, STORAGE_ERRORS } from '../../lib/protocol/common.js';
import { driveViews, vmSnapshotViews } from './storage-views.js';
import {
  AttachDriveBody, CloneSnapshotBody, CloneVmBody, Drive, SnapshotVmBody, VmDriveParams, VmSnapshot,
} from '../../lib/protocol/storage.js';
import { Vm } from '../../lib/protocol/vms.js';
import { resolveVm } from '../access/visibility.js';

/** A VM's drives and snapshots, cloning a VM, and making a VM from a VM snapshot. */
export default async function vmStorageRoutes(app: FastifyInstance) {
  const tags = ['vms'];
  const driveView = async (id: string, actor: Actor) =>
    (await driveViews(app.db, app.storage, [getDrive(app.db, id)!], actor))[0]!;

  const snapshotsOf = (vmId: string, actor: Actor) => {
    const names = new Map(listDrives(app.db, { vmId }).map((d) => [d.id, d.name]));
    return vmSnapshotViews(app.db, listVmSnapshots(app.db, vmId), names, actor);
  };

  app.get<{ Params: IdParams }>('/vms/:id/drives', {
    schema: {
      tags, operationId: 'listVmDrives', summary: "List a VM's drives",
      description: 'The hard drives assigned to the VM, in their order.',
      params: IdParams, response: { 200: Type.Array(Drive), ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const vm = resolveVm(app.db, request.actor!, request.params.id);
    return driveViews(app.db, app.storage, listDrives(app.db, { vmId: vm.id }), request.actor!);
  });

  app.get<{ Params: IdParams }>('/vms/:id/snapshots', {
    schema: {
      tags, operationId: 'listVmSnapshots', summary: "List a VM's snapshots",
      description: "The VM's snapshots, each with its drives' snapshots.",
      params: IdParams, response: { 200: Type.Array(VmSnapshot), ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => snapshotsOf(resolveVm(app.db, request.actor!, request.params.id).id, request.actor!));

  app.post<{ Params: IdParams; Body: Static<typeof SnapshotVmBody> }>('/vms/:id/snapshots', {
    schema: {
      tags, operationId: 'snapshotVm', summary: 'Snapshot a VM',
      description: 'Snapshot now: every drive of the VM at once, with one comment.',
      params: IdParams, body: SnapshotVmBody,
      response: { 201: VmSnapshot, ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request, reply) => {
    const vm = resolveVm(app.db, request.actor!, request.params.id);
    const { vmSnapshotId } = await app.execute(request, 'vm.snapshot', { vm: vm.id, ...request.body });
    return reply.status(201).send(snapshotsOf(vm.id, request.actor!).find((s) => s.id === vmSnapshotId)!);
  });

  app.post<{ Params: IdParams; Body: Static<typeof CloneVmBody> }>('/vms/:id/clone', {
    schema: {
      tags, operationId: 'cloneVm',
      summary: 'Clone a VM',
      description: 'Clone a VM into N copies in one call (thin clones of a snapshot taken now); copies are named ' +
        'NAME-1 ... NAME-N.',
      params: IdParams, body: CloneVmBody,
      response: { 201: Type.Array(Vm), ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const vm = resolveVm(app.db, request.actor!, request.params.id);
    const copies = request.body.copies ?? 1;
    const name = request.body.name ?? `${vm.name}-clone`;
    const { ids } = await app.execute(request, 'vm.clone', {
      name,
      copies,
      ...(request.body.hostGroup === undefined ? {} : { hostGroup: request.body.hostGroup }),
      // The comment stays on the source VM's snapshot, which users who cannot see the copies read too.
      source: {
        kind: 'vm', ref: vm.id, comment: `Clone of ${vm.name} (${copies === 1 ? 'one copy' : `${copies} copies`})`,
      },
    });
    return reply.status(201).send(ids.map((id) => getVm(app.db, id)!));
  });

  app.post<{ Params: IdParams; Body: Static<typeof CloneSnapshotBody> }>('/vm-snapshots/:id/clone', {
    schema: {
      tags, operationId: 'cloneVmSnapshot', summary: 'Clone a VM snapshot',
      description: 'Clone a VM snapshot into a new VM, as the VM was when the snapshot was taken.',
      params: IdParams, body: CloneSnapshotBody,
      response: { 201: Vm, ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const { ids } = await app.execute(request, 'vmSnapshot.clone', { name: request.body.name, source: { kind: 'vmSnapshot', id: request.params.id } });
    return reply.status(201).send(getVm(app.db, ids[0]!)!);
  });

  app.post<{ Params: IdParams; Body: Static<typeof AttachDriveBody> }>('/vms/:id/drives', {
    schema: {
      tags, operationId: 'addVmDrive',
      summary: 'Add a drive to a VM',
      description: 'Manage Drives, add: an unassigned drive, or a drive of another VM moved (that VM off) or cloned.',
      params: IdParams, body: AttachDriveBody,
      response: { 201: Drive, ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request, reply) => {
    const { id } = await app.execute(request, 'vm.attachDrive', { vm: request.params.id, ...request.body });
    return reply.status(201).send(await driveView(id, request.actor!));
  });

  app.delete<{ Params: Static<typeof VmDriveParams> }>('/vms/:id/drives/:drive', {
    schema: {
      tags, operationId: 'removeVmDrive', summary: 'Remove a drive from a VM',
      description: 'Manage Drives, remove: the drive stays, unassigned, on your account.',
      params: VmDriveParams, response: { 200: Drive, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const { id } = await app.execute(request, 'vm.detachDrive', { vm: request.params.id, drive: request.params.drive });
    return driveView(id, request.actor!);
  });
}
