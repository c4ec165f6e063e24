import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { fail } from '../../lib/errors.js';
import { visibilityOf } from '../access/policy.js';
import { grantHolders } from '../store/grants.js';
import { getUser } from '../store/users.js';
import { getVm, listTeleportRequests, listVms } from '../store/vms.js';
import { AUTHED_ERRORS, errors, IdParams, STORAGE_ERRORS } from '../../lib/protocol/common.js';
import {
  CreateVmBody, DeleteReply, ListVmsQuery, PowerBody, TeleportRequest, UpdateVmBody, UpdateVmReply, Vm, VmUser,
} from '../../lib/protocol/vms.js';
import { resolveHostGroup, resolveVm } from '../access/visibility.js';

export default async function vmRoutes(app: FastifyInstance) {
  const tags = ['vms'];

  app.get<{ Querystring: Static<typeof ListVmsQuery> }>('/vms', {
    schema: {
      tags, operationId: 'listVms', summary: 'List VMs',
      description:
        'The VMs and templates you can see, optionally only templates (or only VMs) or those of one Host Group.',
      querystring: ListVmsQuery, response: { 200: Type.Array(Vm), ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const actor = request.actor!;
    const { template, hostGroup } = request.query;
    const visibleTo = visibilityOf(actor);
    return listVms(app.db, {
      ...(visibleTo === undefined ? {} : { visibleTo }),
      ...(template === undefined ? {} : { templates: template === 'true' }),
      ...(hostGroup === undefined ? {} : { hostGroupId: resolveHostGroup(app.db, actor, hostGroup).id }),
    });
  });

  app.post<{ Body: Static<typeof CreateVmBody> }>('/vms', {
    schema: {
      tags, operationId: 'createVms', summary: 'Create VMs',
      description: 'Create one VM, or several copies, with a new drive or from a template (thin clones of its drives).',
      body: CreateVmBody,
      response: { 201: Type.Array(Vm), ...errors(...AUTHED_ERRORS, 404, 409, 422, ...STORAGE_ERRORS) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const { template, disk, ...settings } = request.body;
    const source = template !== undefined ? { kind: 'template' as const, ref: template } : { kind: 'blank' as const, ...(disk ? { disk } : {}) };
    if (template !== undefined && disk) throw fail.validation('disk', 'A VM made from a template gets clones of its drives; leave out disk, or add drives afterwards.');
    const { ids } = await app.execute(request, 'vm.create', { ...settings, source });
    return reply.status(201).send(ids.map((id) => getVm(app.db, id)!));
  });

  app.get<{ Params: IdParams }>('/vms/:id', {
    schema: {
      tags, operationId: 'getVm', summary: 'Get a VM',
      description: 'One VM or template you can see, by id or name.',
      params: IdParams, response: { 200: Vm, ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => resolveVm(app.db, request.actor!, request.params.id));

  app.patch<{ Params: IdParams; Body: Static<typeof UpdateVmBody> }>('/vms/:id', {
    schema: {
      tags, operationId: 'updateVm', summary: 'Change a VM',
      description: "Change a VM's name and settings; changing a running VM's Host Group records a teleport request.",
      params: IdParams, body: UpdateVmBody, response: { 200: UpdateVmReply, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const { id, teleportRequested } = await app.execute(request, 'vm.update', { id: request.params.id, ...request.body });
    return { vm: getVm(app.db, id)!, teleportRequested };
  });

  app.delete<{ Params: IdParams }>('/vms/:id', {
    schema: {
      tags, operationId: 'deleteVm', summary: 'Delete a VM',
      description: "Delete a VM or template with its drives (an administrator's delete deletes; a regular user's " +
        "only unassigns while others still have access).",
      params: IdParams, response: { 200: DeleteReply, ...errors(...AUTHED_ERRORS, 404, 409, ...STORAGE_ERRORS) },
    },
    config: { access: 'creator' },
  }, async (request) => app.execute(request, 'vm.delete', { id: request.params.id }));

  app.post<{ Params: IdParams }>('/vms/:id/template', {
    schema: {
      tags, operationId: 'makeTemplate', summary: 'Make a template',
      description: 'Turn a VM into a template, which new VMs are cloned from (cannot be undone).',
      params: IdParams, response: { 200: Vm, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => {
    const { id } = await app.execute(request, 'vm.makeTemplate', { id: request.params.id });
    return getVm(app.db, id)!;
  });

  app.get<{ Params: IdParams }>('/vms/:id/users', {
    schema: {
      tags, operationId: 'listVmUsers', summary: "List a VM's users",
      description: 'The users the VM is granted to (administrators always have access).',
      params: IdParams, response: { 200: Type.Array(VmUser), ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const vm = resolveVm(app.db, request.actor!, request.params.id);
    return grantHolders(app.db, 'vm', vm.id).map((id) => getUser(app.db, id)!).map((u) => ({ id: u.id, name: u.name, role: u.role }));
  });

  app.get<{ Params: IdParams }>('/vms/:id/teleports', {
    schema: {
      tags, operationId: 'listVmTeleports', summary: "List a VM's teleports",
      description: 'The teleport requests recorded for the VM (a move of a running VM to another Host Group).',
      params: IdParams, response: { 200: Type.Array(TeleportRequest), ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => listTeleportRequests(app.db, resolveVm(app.db, request.actor!, request.params.id).id));

  app.post<{ Params: IdParams; Body: Static<typeof PowerBody> }>('/vms/:id/power', {
    schema: {
      tags, operationId: 'powerVm', summary: 'Power a VM',
      description: 'Start, stop, reset or suspend a VM on its Host Group. Not available in this build yet: it needs ' +
        'Hosts running the Infinity agent, so every valid request answers 501.',
      params: IdParams, body: PowerBody,
      response: {
        202: Type.Object(
          { ok: Type.Literal(true) },
          { description: "Accepted: the VM's Host carries it out (once Hosts run the agent)" },
        ),
        ...errors(...AUTHED_ERRORS, 404, 501),
      },
    },
    config: { access: 'user' },
  }, async (request) => {
    resolveVm(app.db, request.actor!, request.params.id);
    throw fail.notAvailableYet(`Power action "${request.body.action}"`, 'Hosts running the Infinity agent, which come with the agent capability');
  });
}
