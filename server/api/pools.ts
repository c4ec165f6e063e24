import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { fail } from '../../lib/errors.js';
import { getPool } from '../store/pools.js';
import { AUTHED_ERRORS, errors, IdParams, Ok } from '../../lib/protocol/common.js';
import { poolView, poolViews } from './storage-views.js';
import { AddPoolBody, Pool, SetPoolBody } from '../../lib/protocol/storage.js';

export default async function poolRoutes(app: FastifyInstance) {
  const tags = ['storage'];
  const find = (ref: string) => {
    const pool = getPool(app.db, ref);
    if (!pool) throw fail.notFound('Storage pool', ref);
    return pool;
  };

  app.get('/pools', {
    schema: {
      tags, operationId: 'listPools', summary: 'List storage pools',
      description: "The servers' storage pools with their space.",
      response: { 200: Type.Array(Pool), ...errors(...AUTHED_ERRORS) },
    },
    config: { access: 'user' },
  }, async () => poolViews(app.db, app.storage));

  app.post<{ Body: Static<typeof AddPoolBody> }>('/pools', {
    schema: {
      tags, operationId: 'addPool', summary: 'Add a storage pool',
      description: 'Add a storage pool: a directory (file pool) or a ZFS dataset, local or over SSH, checked against ' +
        'the real thing first.',
      body: AddPoolBody, response: { 201: Pool, ...errors(...AUTHED_ERRORS, 409, 422) },
    },
    config: { access: 'admin' },
  }, async (request, reply) => {
    const { id } = await app.execute(request, 'pool.add', request.body);
    return reply.status(201).send(await poolView(app.db, app.storage, getPool(app.db, id)!));
  });

  app.get<{ Params: IdParams }>('/pools/:id', {
    schema: {
      tags, operationId: 'getPool', summary: 'Get a storage pool',
      description: 'One storage pool with its space.',
      params: IdParams, response: { 200: Pool, ...errors(...AUTHED_ERRORS, 404) },
    },
    config: { access: 'user' },
  }, async (request) => poolView(app.db, app.storage, find(request.params.id)));

  app.patch<{ Params: IdParams; Body: Static<typeof SetPoolBody> }>('/pools/:id', {
    schema: {
      tags, operationId: 'setPoolOnline', summary: 'Take a pool online or offline',
      description: 'Take a storage pool online or offline; only online pools receive new drives.',
      params: IdParams, body: SetPoolBody, response: { 200: Pool, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    const pool = find(request.params.id);
    await app.execute(request, 'pool.setOnline', { id: pool.id, online: request.body.online });
    return poolView(app.db, app.storage, getPool(app.db, pool.id)!);
  });

  app.delete<{ Params: IdParams }>('/pools/:id', {
    schema: {
      tags, operationId: 'removePool', summary: 'Remove a storage pool',
      description: 'Forget an empty storage pool; its directory or dataset is left as it is.',
      params: IdParams, response: { 200: Ok, ...errors(...AUTHED_ERRORS, 404, 409) },
    },
    config: { access: 'admin' },
  }, async (request) => {
    const pool = find(request.params.id);
    await app.execute(request, 'pool.remove', { id: pool.id });
    app.storage.forget(pool.id);
    return { ok: true as const };
  });
}
