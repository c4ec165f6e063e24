import type { FastifyInstance } from 'fastify';

/**
 * Watches every answer of a test app and returns the ones whose status the route's own
 * schema does not document (the OpenAPI document is built from those schemas), as
 * "METHOD /url -> status". Routes hidden from the document (the console, /docs) are skipped.
 */
export function watchUndocumentedStatuses(app: FastifyInstance): () => string[] {
  const found = new Set<string>();
  app.addHook('onResponse', async (request, reply) => {
    const { schema, url, method } = request.routeOptions;
    if (url === undefined || schema === undefined || schema.hide === true) return;
    const documented = Object.keys(schema.response ?? {});
    if (!documented.includes(String(reply.statusCode))) found.add(`${String(method)} ${url} -> ${reply.statusCode}`);
  });
  return () => [...found].sort();
}
