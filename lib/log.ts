import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

export interface LogOptions {
  level?: string;
  /** JSON lines are appended here too (the server's "Logs", readable through the API). */
  file?: string;
  /** Also write to stdout (off in tests). */
  stdout?: boolean;
}

/** Fields whose values never reach a log line, at any depth (compared without case). */
export const SECRET_FIELDS: readonly string[] = [
  'password', 'passwordHash', 'password_hash', 'secret', 'chapSecret', 'chap_secret',
  'token', 'authorization', 'cookie',
];
const SECRET_NAMES = new Set(SECRET_FIELDS.map((f) => f.toLowerCase()));
const REDACTED = '[Redacted]';
/** Deep enough for an effect's arguments (`effect.args.spec.chap.secret`); past it a value is dropped. */
const MAX_DEPTH = 8;

/**
 * A copy of a log object with every secret field's value replaced, however deep it sits
 * in plain objects and arrays. Class instances (errors, dates, buffers) are left to their
 * serializers: an error's text is kept free of secrets where it is made (lib/exec/run.ts).
 */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutSecrets(item, depth + 1));
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const entries = Object.entries(value).map(([key, item]): [string, unknown] => [
    key,
    SECRET_NAMES.has(key.toLowerCase()) ? REDACTED : withoutSecrets(item, depth + 1),
  ]);
  return Object.fromEntries(entries);
}

/** The log file and its directory are the server's alone (0600, 0700), also when an older build made them. */
function privateLogFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(dirname(file), 0o700);
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** Structured logs (pino): the same JSON lines on stdout and in the server's log file. */
export function createLogger(options: LogOptions = {}): Logger {
  const streams: pino.StreamEntry[] = [];
  if (options.stdout ?? true) streams.push({ stream: pino.destination({ dest: 1, sync: false }) });
  if (options.file) {
    privateLogFile(options.file);
    streams.push({ stream: pino.destination({ dest: options.file, sync: false, mode: 0o600 }) });
  }
  return pino(
    {
      level: options.level ?? 'info',
      // Serializers run after `formatters.log`: what they add (a request's headers) is redacted by path.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: REDACTED },
      formatters: { log: (object) => withoutSecrets(object) as Record<string, unknown> },
    },
    streams.length === 1 ? streams[0]!.stream : pino.multistream(streams),
  );
}
