import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

export interface LogOptions {
  level?: string;
  /** JSON lines are appended here too (the server's "Logs", readable through the API). */
  file?: string;
  /** Also write to stdout (off in tests). */
  stdout?: boolean;
}

/** Structured logs (pino): the same JSON lines on stdout and in the server's log file. */
export function createLogger(options: LogOptions = {}): Logger {
  const streams: pino.StreamEntry[] = [];
  if (options.stdout ?? true) streams.push({ stream: pino.destination({ dest: 1, sync: false }) });
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    streams.push({ stream: pino.destination({ dest: options.file, sync: false, mkdir: true }) });
  }
  return pino(
    { level: options.level ?? 'info', redact: ['req.headers.authorization', 'password', 'body.password'] },
    streams.length === 1 ? streams[0]!.stream : pino.multistream(streams),
  );
}
