/**
 * Live updates from GET /api/v1/events (server-sent events). We read the stream with
 * fetch rather than EventSource because EventSource cannot send an Authorization header:
 * the token would have to travel in the URL, where access logs, proxies and the browser
 * history keep it. fetch sends the same Bearer header as every other call, so the access
 * rules of the events route are exactly those of the rest of the API.
 */
export interface ChangeEvent {
  seq: number;
  type: string;
}

export interface LiveHandlers {
  /** A command committed on the server. */
  change(event: ChangeEvent): void;
  /** The stream (re)connected; anything may have changed while it was down. */
  connected(): void;
  /** The server refused the token. */
  unauthorized(): void;
}

const RETRY_MS = 1000;

export function connectLive(token: string, handlers: LiveHandlers): () => void {
  const abort = new AbortController();
  let stopped = false;

  const run = async () => {
    while (!stopped) {
      try {
        const res = await fetch('/api/v1/events', { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
        if (res.status === 401) {
          handlers.unauthorized();
          return;
        }
        if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
        await readStream(res.body, handlers);
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

async function readStream(body: ReadableStream<Uint8Array>, handlers: LiveHandlers): Promise<void> {
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
      dispatch(block, handlers);
    }
  }
}

function dispatch(block: string, handlers: LiveHandlers): void {
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (event === 'ready') handlers.connected();
  else if (event === 'change' && data) handlers.change(JSON.parse(data) as ChangeEvent);
}
