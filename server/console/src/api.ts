/**
 * The console's only way to the server: the public REST API under /api/v1, with the
 * session token as a Bearer header. Errors keep the server's shape ({code, message,
 * field}) so that screens can show them as they are, next to the field they name.
 */
import type { LoginReply } from '../../../lib/protocol/auth';
import type { ErrorBody } from '../../../lib/protocol/common';
import type { FirstLoginReply } from '../../../lib/protocol/meta';

/** A signed-in session: the login answer, kept in the browser's storage. */
export type Session = LoginReply;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const SESSION_KEY = 'infinity.session';

/**
 * sessionStorage keeps the session across reloads of this tab but not in other tabs or
 * after the browser closes, which is what a shared admin workstation wants.
 */
export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > new Date().toISOString() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

type Listener = () => void;

/** A client bound to one session; `onUnauthorized` fires when the server rejects the token. */
export class Api {
  private readonly unauthorized = new Set<Listener>();

  constructor(readonly token: string | null) {}

  onUnauthorized(listener: Listener): () => void {
    this.unauthorized.add(listener);
    return () => this.unauthorized.delete(listener);
  }

  headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = this.headers();
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (error) {
      throw new ApiError(0, 'INF_ERR_NETWORK', `The server cannot be reached (${(error as Error).message}).`);
    }
    const text = await res.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const err = (data as Partial<ErrorBody> | undefined)?.error;
      const apiError = new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText, err?.field);
      if (res.status === 401 && this.token) {
        for (const listener of this.unauthorized) listener();
      }
      throw apiError;
    }
    return data as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }
}

export async function login(user: string, password: string): Promise<Session> {
  return new Api(null).post<Session>('/login', { user, password });
}

/** Whether the first login (admin / admin) still works: the login page names it only then. */
export async function firstLoginPending(): Promise<boolean> {
  return (await new Api(null).get<FirstLoginReply>('/first-login')).pending;
}
