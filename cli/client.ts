import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';
import { loadConfig } from './config.js';
import { formatFingerprint } from './fingerprint.js';
import { certificateChangedMessage } from './trust.js';

/** A failure the API reported in its `{"error":{"code","message","field?"}}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly apiMessage: string,
    readonly field?: string,
  ) {
    super(field && !apiMessage.includes(field) ? `${apiMessage} (field: ${field})` : apiMessage);
    this.name = 'ApiError';
  }
}

export class CertificateChangedError extends Error {
  constructor(
    readonly server: string,
    readonly pinned: string,
    readonly presented: string,
  ) {
    super(certificateChangedMessage(server, pinned, presented));
    this.name = 'CertificateChangedError';
  }
}

export interface ClientOptions {
  /** Server origin, e.g. https://10.0.0.5:8443 */
  server: string;
  token?: string | undefined;
  /** Pinned certificate fingerprint; required for https. */
  fingerprint?: string | undefined;
}

type Query = Record<string, string | undefined>;

/** The CLI's client for /api/v1: JSON in and out, bearer token, pinned TLS certificate. */
export class ApiClient {
  readonly server: string;
  private readonly token: string | undefined;
  private readonly dispatcher: Agent;

  constructor(options: ClientOptions) {
    this.server = normalizeServerUrl(options.server);
    this.token = options.token;
    this.dispatcher = new Agent({ connect: pinnedConnector(this.server, options.fingerprint) });
  }

  get<T>(path: string, query?: Query) {
    return this.request<T>('GET', path, undefined, query);
  }
  post<T>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  put<T>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
  patch<T>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, query?: Query): Promise<T> {
    const url = new URL(`/api/v1${path}`, this.server);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await request(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        dispatcher: this.dispatcher,
      });
    } catch (error) {
      throw connectionError(this.server, error);
    }
    const text = await response.body.text();
    const parsed = parseJson(text);
    if (response.statusCode >= 400) {
      const failure = (parsed as { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined)?.error;
      if (failure && typeof failure.message === 'string') {
        throw new ApiError(response.statusCode, String(failure.code ?? ''), failure.message, typeof failure.field === 'string' ? failure.field : undefined);
      }
      throw new ApiError(response.statusCode, 'INF_ERR_HTTP', `the server answered HTTP ${response.statusCode} to ${method} ${url.pathname}`);
    }
    if (text !== '' && parsed === undefined) {
      throw new Error(`the server at ${this.server} did not answer with JSON; is it an Infinity Server?`);
    }
    return parsed as T;
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

/** `http(s)://host[:port]` with nothing after it: every API path is fixed under /api/v1. */
export function normalizeServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not a server URL; use http://HOST:PORT or https://HOST:PORT`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${text}" is not a server URL; use http://HOST:PORT or https://HOST:PORT`);
  }
  return url.origin;
}

/**
 * The client for the server the CLI is logged in to. INFINITY_SERVER and INFINITY_TOKEN
 * override the configuration; the stored token is only sent to the server it came from.
 */
export function connectClient(env: NodeJS.ProcessEnv = process.env): ApiClient {
  const config = loadConfig();
  const server = env.INFINITY_SERVER ? normalizeServerUrl(env.INFINITY_SERVER) : config.server;
  const token = env.INFINITY_TOKEN || (server !== undefined && server === config.server ? config.token : undefined);
  if (!server || !token) {
    throw new Error(
      `not logged in${server ? ` to ${server}` : ''}: run "infinity login --server URL --user USER --password PASSWORD" (or set INFINITY_SERVER and INFINITY_TOKEN)`,
    );
  }
  return new ApiClient({ server, token, fingerprint: config.pins[server] });
}

/**
 * Checks the certificate as soon as the TLS handshake completes, before the request (and
 * its token) is written. Chain validation is off because the pin replaces it: a
 * self-signed certificate has no CA to check against.
 */
function pinnedConnector(server: string, pinned: string | undefined): buildConnector.connector {
  const base = buildConnector({ rejectUnauthorized: false });
  return (options, callback) => {
    if (options.protocol === 'https:' && pinned === undefined) {
      callback(
        new Error(`no certificate is trusted for ${server} yet: run "infinity login --server ${server} --user USER --password PASSWORD" to check and trust it`),
        null,
      );
      return;
    }
    base(options, (error, socket) => {
      if (error) return callback(error, null);
      if (options.protocol === 'https:') {
        const raw = (socket as TLSSocket).getPeerCertificate().fingerprint256;
        const presented = raw ? formatFingerprint(raw) : '(none)';
        if (presented !== pinned) {
          socket.destroy();
          return callback(new CertificateChangedError(server, pinned!, presented), null);
        }
      }
      callback(null, socket);
    });
  };
}

function connectionError(server: string, error: unknown): Error {
  const reason = [error, (error as { cause?: unknown })?.cause].find(
    (e): e is Error => e instanceof CertificateChangedError || (e instanceof Error && e.message.startsWith('no certificate is trusted')),
  );
  if (reason) return reason;
  const code = (error as NodeJS.ErrnoException)?.code ?? ((error as { cause?: NodeJS.ErrnoException })?.cause?.code);
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new Error(`cannot reach the Infinity Server at ${server}: ${detail}`);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Runs `use` with the logged-in client and closes its connections afterwards. */
export async function withClient<T>(use: (client: ApiClient) => Promise<T>): Promise<T> {
  const client = connectClient();
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}
