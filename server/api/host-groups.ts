import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { visibilityOf } from '../access/policy.js';
import type { Db } from '../store/db.js';
import { getHostGroup, hostGroupUsage, listHostGroups, type HostGroup as HostGroupRow } from '../store/host-groups.js';
import { AUTHED_ERRORS, errors, IdParams } from '../../lib/protocol/common.js';
import { CreateHostGroupBody, HostGroup, UpdateHostGroupBody } from '../../lib/protocol/host-groups.js';
import { DeleteReply } from '../../lib/protocol/vms.js';
import { resolveHostGroup } from '../access/visibility.js';

const view = (db: Db, g: HostGroupRow) => ({ ...g, ...hostGroupUsage(db, g.id) });

export default async function hostGroupRoutes(app: FastifyInstance) {
  const tags = ['host-groups'];

  app.get('/host-groups', {
    schema: {
      tags, operationId: 'listHostGroups', summary: 'List Host Groups',
      description: 'The Host Groups you can see.',
      response: { 200: Type.Array(HostGroup), ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request) => listHostGroups(app.db, visibilityOf(request.actor!)).map((g) => view(app.db, g)));

  app.post<{ Body: Static<typeof CreateHostGroupBody> }>('/host-groups', {
    schema: {
      tags, operationId: 'createHostGroup', summary: 'Create a Host Group',
      description: 'Create a Host Group: Distributed, Replicated, or BareMetal (one PC, named by its MAC address).',
      body: CreateHostGroupBody, response: { 201: HostGroup, ...errors(...AUTHED_ERRORS, 409) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const { id } = await app.execute(request, 'hostGroup.create', {
      name: request.body.name,
      type: request.body.type ?? 'distributed',
      ...(request.body.mac === undefined ? {} : { mac: request.body.mac }),
    });
    return reply.status(201).send(view(app.db, getHostGroup(app.db, id)!));
  });

  app.get<{ Params: IdParams }>('/host-groups/:id', {
    schema: {
      tags, operationId: 'getHostGroup', summary: 'Get a Host Group',
      description: 'One Host Group you can see, by id or name.',
      params: IdParams, response: { 200: HostGroup, ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => view(app.db, resolveHostGroup(app.db, request.actor!, request.params.id, 'id')));

  app.patch<{ Params: IdParams; Body: Static<typeof UpdateHostGroupBody> }>('/host-groups/:id', {
    schema: {
      tags, operationId: 'updateHostGroup', summary: 'Change a Host Group',
      description: 'Change the type (or BareMetal MAC) of a Host Group; Host Groups cannot be renamed.',
      params: IdParams, body: UpdateHostGroupBody, response: { 200: HostGroup, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const group = resolveHostGroup(app.db, request.actor!, request.params.id, 'id');
    await app.execute(request, 'hostGroup.update', { id: group.id, ...request.body });
    return view(app.db, getHostGroup(app.db, group.id)!);
  });

  app.delete<{ Params: IdParams }>('/host-groups/:id', {
    schema: {
      tags, operationId: 'deleteHostGroup', summary: 'Delete a Host Group',
      description: "Delete a Host Group that has no Hosts and no VMs (an administrator's delete deletes; a regular " +
        "user's only unassigns while others still have access).",
      params: IdParams, response: { 200: DeleteReply, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => app.execute(request, 'hostGroup.delete', { id: request.params.id }));
}
