import type { ObjectsEvent } from '../../../lib/protocol/events';
import type { Changed } from './data';

/**
 * Live updates from GET /api/v1/events (server-sent events). We read the stream with
 * fetch rather than EventSource because EventSource cannot send an Authorization header:
 * the token would have to travel in the URL, where access logs, proxies and the browser
 * history keep it. fetch sends the same Bearer header as every other call, so the access
 * rules of the events route are exactly those of the rest of the API.
 */
export interface LiveHandlers {
  /** Objects changed on the server (only those this user may see are named). */
  changed(objects: Changed[]): void;
  /** The stream started afresh (first time, or the missed events are no longer kept): anything may have changed. */
  connected(): void;
  /** The server refused the token. */
  unauthorized(): void;
}

const RETRY_MS = 1000;

/**
 * Keeps the stream open; after a drop it reconnects with the id of the last event it
 * read (Last-Event-ID), and the server sends just the missed events, or `ready` when it
 * no longer has them. A stream the server ends (`end`: logged out, role changed) is
 * opened again afresh, which answers 401 once the token is no longer valid.
 */
export function connectLive(token: string, handlers: LiveHandlers): () => void {
  const abort = new AbortController();
  let stopped = false;
  const position: Position = {};

  const run = async () => {
    while (!stopped) {
      try {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
        if (position.lastId !== undefined) headers['last-event-id'] = position.lastId;
        const res = await fetch('/api/v1/events', { headers, signal: abort.signal });
        if (res.status === 401) {
          handlers.unauthorized();
          return;
        }
        if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
        await readStream(res.body, handlers, position);
      } catch (error) {
        if (stopped) return;
        void error;
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };
  void run();
  return () => {
    stopped = true;
    abort.abort();
  };
}

interface Position {
  /** The id of the last event read, sent back as Last-Event-ID. */
  lastId?: string;
}

async function readStream(body: ReadableStream<Uint8Array>, handlers: LiveHandlers, position: Position): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      dispatch(block, handlers, position);
    }
  }
}

function dispatch(block: string, handlers: LiveHandlers, position: Position): void {
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
    else if (line.startsWith('id:')) position.lastId = line.slice(3).trim();
  }
  // An ended stream (role changed, logged out) starts afresh: what this user may see is not what it was.
  if (event === 'end') delete position.lastId;
  else if (event === 'ready') handlers.connected();
  else if (event === 'objects' && data) handlers.changed((JSON.parse(data) as ObjectsEvent).objects);
}
