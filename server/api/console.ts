import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Where the built console lives: beside this file when running from source (vitest),
 * and from `build/server/api/` or the executable's snapshot, at the project root's
 * `server/console/dist` (which `pkg.assets` carries into the snapshot).
 */
const CANDIDATES = ['../console/dist/', '../../../server/console/dist/'];

export function findConsoleDist(base: string | URL = import.meta.url): string | null {
  for (const candidate of CANDIDATES) {
    const dir = fileURLToPath(new URL(candidate, base));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);

interface Asset {
  type: string;
  body: Buffer;
  gzipped: Buffer | null;
}

export function renderMissingConsolePage(): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Admin Console not built</title></head>
  <body>
    <h1>The Admin Console is not built</h1>
    <p>This server has no console files (server/console/dist). Run <code>make build</code> in the
    Infinity source tree and restart the server; the API at <a href="/docs">/docs</a> works without it.</p>
  </body>
</html>
`;
}

/**
 * Serves the Admin Console's built files at /console. The files are public; the data
 * they show comes from the API, which checks every request. Unknown paths without a
 * file extension get index.html so the single-page app can own its URLs; hashed assets
 * are cached for a year, index.html never (so a new build is picked up at once).
 */
export default async function consoleRoutes(app: FastifyInstance, opts: { distDir?: string | null }) {
  const dist = opts.distDir === undefined ? findConsoleDist() : opts.distDir;
  const cache = new Map<string, Asset>();

  const load = async (relative: string): Promise<Asset | null> => {
    const cached = cache.get(relative);
    if (cached) return cached;
    if (!dist) return null;
    const file = normalize(`${dist}${relative}`);
    if (!file.startsWith(dist) || file.includes(`${sep}..${sep}`)) return null;
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return null;
    }
    const ext = extname(file);
    const asset = { type: TYPES[ext] ?? 'application/octet-stream', body, gzipped: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null };
    cache.set(relative, asset);
    return asset;
  };

  const send = (request: FastifyRequest, reply: FastifyReply, asset: Asset, immutable: boolean) => {
    reply.type(asset.type).header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').header('vary', 'accept-encoding');
    if (asset.gzipped && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(asset.gzipped);
    }
    return reply.send(asset.body);
  };

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const index = await load('index.html');
    if (!index) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(renderMissingConsolePage());
    return send(request, reply, index, false);
  };

  const route = { schema: { hide: true }, config: { access: 'public' as const } };
  app.get('/console', route, (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', route, page);
  app.get<{ Params: { '*': string } }>('/console/*', route, async (request, reply) => {
    const path = request.params['*'];
    if (!extname(path)) return page(request, reply);
    const asset = await load(path);
    if (!asset) return reply.status(404).type('text/plain; charset=utf-8').send(`No console file ${path}`);
    return send(request, reply, asset, path.startsWith('assets/'));
  });
}
