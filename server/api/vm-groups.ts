import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { visibilityOf, type Actor } from '../access/policy.js';
import type { Db } from '../store/db.js';
import { countVmGroupMembers, getVmGroup, listVmGroups, vmGroupMembers, type VmGroup as VmGroupRow } from '../store/vm-groups.js';
import { AUTHED_ERRORS, errors, IdParams, STORAGE_ERRORS } from '../../lib/protocol/common.js';
import {
  AddMembersBody, ApplyBody, CreateVmGroupBody, MemberParams, UpdateVmGroupBody, VmGroup,
} from '../../lib/protocol/vm-groups.js';
import { getVm } from '../store/vms.js';
import { DeleteReply, Vm } from '../../lib/protocol/vms.js';
import { resolveVmGroup } from '../access/visibility.js';

const view = (db: Db, actor: Actor, g: VmGroupRow) => ({
  ...g,
  vms: vmGroupMembers(db, g.id, visibilityOf(actor)),
  memberCount: countVmGroupMembers(db, g.id),
});

export default async function vmGroupRoutes(app: FastifyInstance) {
  const tags = ['vm-groups'];
  const viewById = (actor: Actor, id: string) => view(app.db, actor, getVmGroup(app.db, id)!);

  app.get('/vm-groups', {
    schema: {
      tags, operationId: 'listVmGroups', summary: 'List VM Groups',
      description: 'The VM Groups you can see, with their members.',
      response: { 200: Type.Array(VmGroup), ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request) => listVmGroups(app.db, visibilityOf(request.actor!)).map((g) => view(app.db, request.actor!, g)));

  app.post<{ Body: Static<typeof CreateVmGroupBody> }>('/vm-groups', {
    schema: {
      tags, operationId: 'createVmGroup', summary: 'Create a VM Group',
      description: 'Create a VM Group, optionally with VMs and templates you can see as its first members.',
      body: CreateVmGroupBody, response: { 201: VmGroup, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const { id } = await app.execute(request, 'vmGroup.create', request.body);
    return reply.status(201).send(viewById(request.actor!, id));
  });

  app.get<{ Params: IdParams }>('/vm-groups/:id', {
    schema: {
      tags, operationId: 'getVmGroup', summary: 'Get a VM Group',
      description: 'One VM Group you can see, with its members.',
      params: IdParams, response: { 200: VmGroup, ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => view(app.db, request.actor!, resolveVmGroup(app.db, request.actor!, request.params.id)));

  app.patch<{ Params: IdParams; Body: Static<typeof UpdateVmGroupBody> }>('/vm-groups/:id', {
    schema: {
      tags, operationId: 'updateVmGroup', summary: 'Change a VM Group',
      description: 'Rename a VM Group or change its comment.',
      params: IdParams, body: UpdateVmGroupBody, response: { 200: VmGroup, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => {
    const { id } = await app.execute(request, 'vmGroup.update', { id: request.params.id, ...request.body });
    return viewById(request.actor!, id);
  });

  app.delete<{ Params: IdParams }>('/vm-groups/:id', {
    schema: {
      tags, operationId: 'deleteVmGroup', summary: 'Delete a VM Group',
      description: "Delete a VM Group (an administrator's delete deletes; a regular user's only unassigns while " +
        "others still have access); its VMs stay.",
      params: IdParams, response: { 200: DeleteReply, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => app.execute(request, 'vmGroup.delete', { id: request.params.id }));

  app.post<{ Params: IdParams; Body: Static<typeof AddMembersBody> }>('/vm-groups/:id/vms', {
    schema: {
      tags, operationId: 'addVmGroupMembers', summary: 'Add VM Group members',
      description: 'Add VMs and templates you can see to the group (members already there are kept).',
      params: IdParams, body: AddMembersBody, response: { 200: VmGroup, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => {
    const { id } = await app.execute(request, 'vmGroup.addMembers', { id: request.params.id, vms: request.body.vms });
    return viewById(request.actor!, id);
  });

  app.delete<{ Params: Static<typeof MemberParams> }>('/vm-groups/:id/vms/:vm', {
    schema: {
      tags, operationId: 'removeVmGroupMember', summary: 'Remove a VM Group member',
      description: 'Take a VM or template out of the group (the VM itself stays).',
      params: MemberParams, response: { 200: VmGroup, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => {
    const { id } = await app.execute(request, 'vmGroup.removeMember', { id: request.params.id, vm: request.params.vm });
    return viewById(request.actor!, id);
  });

  app.post<{ Params: IdParams; Body: Static<typeof ApplyBody> }>('/vm-groups/:id/apply', {
    schema: {
      tags, operationId: 'applyVmGroup', summary: 'Apply a VM Group',
      description: 'Clone every member onto a Host Group (VMs from a snapshot taken now, templates from their last ' +
        'snapshot), named MEMBER-HOSTGROUP.',
      params: IdParams, body: ApplyBody,
      response: { 201: Type.Array(Vm), ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const { ids } = await app.execute(request, 'vmGroup.apply', { group: request.params.id, hostGroup: request.body.hostGroup });
    return reply.status(201).send(ids.map((id) => getVm(app.db, id)!));
  });
}
