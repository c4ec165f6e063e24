import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import Fastify, { type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { watchUndocumentedStatuses } from '../helpers/documented.js';

/**
 * The OpenAPI document (issue 12): a standard linter's recommended ruleset passes with no
 * errors and no warnings, and the statuses fastify answers before a route's handler runs
 * (too large, wrong media type, headers too large) are documented on every route. The
 * statuses handlers answer are checked by every test app (test/helpers/documented.ts).
 */

/**
 * Redocly's `recommended` ruleset, plus the rules it leaves off that the issue names (a
 * described tag list, a description on every operation, a contact); `servers` is in it.
 */
const LINT_CONFIG = `extends:
  - recommended
rules:
  info-contact: warn
  operation-description: warn
  operation-tag-defined: warn
`;

const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Document {
  tags: { name: string }[];
  security: unknown[];
  paths: Record<string, Record<string, Operation>>;
}
interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

let t: TestApp;
let doc: Document;
type Op = { method: string; path: string; url: string; op: Operation };
let operations: Op[];
beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.as(null, { method: 'GET', url: '/api/openapi.json' })).json() as Document;
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const url = path.replace(/\{[^}]+\}/g, 'no-such-object');
      return { method: method.toUpperCase(), path, url, op };
    }),
  );
});
afterAll(async () => t.close());

const label = (o: { method: string; path: string }) => `${o.method} ${o.path}`;
const documents = (o: { op: Operation }, status: number) => Object.keys(o.op.responses).includes(String(status));
const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended ruleset with no errors and no warnings, offline", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infinity-openapi-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
      writeFileSync(join(dir, 'redocly.yaml'), LINT_CONFIG);
      // No telemetry and no update check: the linter sends nothing anywhere.
      const env = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
      const [config, document] = [join(dir, 'redocly.yaml'), join(dir, 'openapi.json')];
      const args = [REDOCLY, 'lint', '--config', config, '--format', 'json', '--max-problems', '9999', document];
      const run = await execa(process.execPath, args, { cwd: dir, env, reject: false, timeout: 60_000 });
      const report = JSON.parse(run.stdout) as LintReport;
      const problems = report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} ${p.location[0]?.pointer}`);
      expect(problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
      expect(run.exitCode, run.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a unique operationId, a summary and a description on every operation, each tag declared', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = new Set(doc.tags.map((tag) => tag.name));
    for (const o of operations) {
      expect(o.op.summary, label(o)).toEqual(expect.any(String));
      expect(o.op.description, label(o)).toEqual(expect.any(String));
      expect(o.op.tags?.every((tag) => declared.has(tag)), label(o)).toBe(true);
    }
  });

  it('asks for the bearer token exactly on the routes that need one', () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    const access = new Map(t.app.routeCatalogue().map((r) => [`${r.method} ${r.url}`, r.access]));
    for (const o of operations) {
      const route = `${o.method} ${o.path.replace(/\{([^}]+)\}/g, ':$1')}`;
      const security = o.op.security ?? doc.security;
      expect(security, route).toEqual(access.get(route) === 'public' ? [] : [{ bearer: [] }]);
    }
    expect(operations.filter((o) => o.op.security?.length === 0).map(label).sort())
      .toEqual(['GET /api/v1/first-login', 'GET /api/v1/health', 'GET /api/v1/tls', 'POST /api/v1/login']);
  });
});

describe('statuses fastify answers before a handler runs are documented on every route', () => {
  const withBody = () => operations.filter((o) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(o.method));

  /** Sends a request as the administrator, checks the refusal, and that the route documents it with the error body. */
  async function expectDocumented(o: Op, options: InjectOptions, status: number, code: string) {
    const res = await t.as(t.tokens.admin, { method: o.method as InjectOptions['method'], url: o.url, ...options });
    const body = res.json() as { error?: { code?: string } };
    expect([res.statusCode, body.error?.code], label(o)).toEqual([status, code]);
    expect(documents(o, status), `${label(o)} documents ${status}`).toBe(true);
    expect(o.op.responses[String(status)]?.content?.['application/json']?.schema, label(o)).toEqual(ERROR_BODY);
  }

  it('a body over 1 MiB: 413 on every method that carries one, also where the route reads none', async () => {
    expect(withBody().length).toBeGreaterThan(40);
    for (const o of withBody()) {
      const payload = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
      const json = { 'content-type': 'application/json' };
      await expectDocumented(o, { payload, headers: json }, 413, 'INF_ERR_PAYLOAD_TOO_LARGE');
    }
  });

  it('a body that is not JSON: 415 on every method that carries one', async () => {
    for (const o of withBody()) {
      const text = { 'content-type': 'text/plain' };
      await expectDocumented(o, { payload: 'hello', headers: text }, 415, 'INF_ERR_UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('headers over 16 KiB: 431 in the one error shape on every route, before any route runs', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    for (const o of operations) {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const headers = { 'x-padding': 'x'.repeat(17 * 1024) };
        const req = request({ host: '127.0.0.1', port, method: o.method, path: o.url, headers }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(answer.status, label(o)).toBe(431);
      const error = { code: 'INF_ERR_HEADERS_TOO_LARGE', message: expect.stringContaining('16 KiB') };
      expect(JSON.parse(answer.body), label(o)).toEqual({ error });
      expect(documents(o, 431), `${label(o)} documents 431`).toBe(true);
      expect(o.op.responses['431']?.content?.['application/json']?.schema, label(o)).toEqual(ERROR_BODY);
    }
  });

  it('every route documents 500, the answer when the server itself fails', () => {
    expect(operations.filter((o) => !documents(o, 500)).map(label)).toEqual([]);
  });
});

describe('the watch every test app keeps on undocumented statuses', () => {
  it('reports an answer whose status the route does not document, and skips hidden routes', async () => {
    const app = Fastify();
    const undocumented = watchUndocumentedStatuses(app);
    app.get('/thing/:id', { schema: { response: { 200: { type: 'object' } } } }, async (request, reply) =>
      (request.params as { id: string }).id === 'known' ? {} : reply.status(404).send({}));
    app.get('/page', { schema: { hide: true } }, async (_request, reply) => reply.status(404).send('no'));
    for (const url of ['/thing/known', '/thing/unknown', '/page', '/nowhere']) await app.inject({ method: 'GET', url });
    expect(undocumented()).toEqual(['GET /thing/:id -> 404']);
    await app.close();
  });
});
