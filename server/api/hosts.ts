import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { visibilityOf } from '../access/policy.js';
import type { InputOf } from '../commands/catalog.js';
import { getHost, listHosts } from '../store/hosts.js';
import { AUTHED_ERRORS, errors, IdParams } from '../../lib/protocol/common.js';
import { DeletedHost, Host, MoveHostBody, RegisterHostBody, UpdateHostBody } from '../../lib/protocol/hosts.js';
import { resolveHost, resolveHostGroup } from '../access/visibility.js';

export default async function hostRoutes(app: FastifyInstance) {
  const tags = ['hosts'];

  app.get('/hosts', {
    schema: {
      tags, operationId: 'listHosts', summary: 'List Hosts',
      description: 'The Hosts of the Host Groups you can see.',
      response: { 200: Type.Array(Host), ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const visibleTo = visibilityOf(request.actor!);
    return listHosts(app.db, visibleTo === undefined ? {} : { visibleTo });
  });

  app.post<{ Body: Static<typeof RegisterHostBody> }>('/hosts', {
    schema: {
      tags, operationId: 'registerHost', summary: 'Register a Host',
      description:
        'Register a Host; it joins the Host Group it names (default: its own name), which is created when missing.',
      body: RegisterHostBody, response: { 201: Host, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request, reply) => {
    const { id } = await app.execute(request, 'host.register', request.body);
    return reply.status(201).send(getHost(app.db, id)!);
  });

  app.get<{ Params: IdParams }>('/hosts/:id', {
    schema: {
      tags, operationId: 'getHost', summary: 'Get a Host',
      description: 'One Host of a Host Group you can see, by id or name.',
      params: IdParams, response: { 200: Host, ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => resolveHost(app.db, request.actor!, request.params.id));

  app.patch<{ Params: IdParams; Body: Static<typeof UpdateHostBody> }>('/hosts/:id', {
    schema: {
      tags, operationId: 'updateHost', summary: 'Change a Host',
      description: "Change a Host's agent configuration settings (online and lastSeenAt are the agent's to report).",
      params: IdParams, body: UpdateHostBody, response: { 200: Host, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => {
    const { id } = await app.execute(request, 'host.update', { ...(request.body as Omit<InputOf<'host.update'>, 'id'>), id: request.params.id });
    return getHost(app.db, id)!;
  });

  app.post<{ Params: IdParams; Body: Static<typeof MoveHostBody> }>('/hosts/:id/host-group', {
    schema: {
      tags, operationId: 'moveHost', summary: 'Move a Host',
      description: "Move a Host to another Host Group (the console's drag and drop).",
      params: IdParams, body: MoveHostBody, response: { 200: Host, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => {
    const { id } = await app.execute(request, 'host.move', { id: request.params.id, hostGroup: request.body.hostGroup });
    return getHost(app.db, id)!;
  });

  app.delete<{ Params: IdParams }>('/hosts/:id', {
    schema: {
      tags, operationId: 'deleteHost', summary: 'Remove a Host',
      description: 'Remove an offline Host that runs no VM.',
      params: IdParams, response: { 200: DeletedHost, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'creator' },
  }, async (request) => app.execute(request, 'host.delete', { id: request.params.id }));

  app.get<{ Params: IdParams }>('/host-groups/:id/hosts', {
    schema: {
      tags: ['hosts', 'host-groups'], operationId: 'listHostGroupHosts', summary: "List a Host Group's Hosts",
      description: 'The Hosts of one Host Group ("Host Group details by Host").',
      params: IdParams, response: { 200: Type.Array(Host), ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => {
    const group = resolveHostGroup(app.db, request.actor!, request.params.id, 'id');
    return listHosts(app.db, { hostGroupId: group.id });
  });
}
