import { open } from 'node:fs/promises';
import { LOG_LEVEL_NAMES, LOG_LEVELS, type LogLevelName } from './catalog.js';


export interface LogEntry {
  time: string;
  level: LogLevelName;
  msg: string;
  /** Every other field of the line (request id, error, pid, ...). */
  context: Record<string, unknown>;
}

export interface TailOptions {
  limit: number;
  /** Only lines at this level or above. */
  minLevel?: LogLevelName;
  /** Bytes read per step from the end; small values exercise the line joining in tests. */
  chunkBytes?: number;
}

function levelName(level: number): LogLevelName {
  let name: LogLevelName = 'trace';
  for (const candidate of LOG_LEVEL_NAMES) if (LOG_LEVELS[candidate] <= level) name = candidate;
  return name;
}

/** One pino JSON line, or undefined for anything else (a torn last line, foreign text). */
export function parseLogLine(line: string): LogEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { level, time, msg, ...context } = value as Record<string, unknown>;
  if (typeof level !== 'number') return undefined;
  const date = typeof time === 'number' || typeof time === 'string' ? new Date(time) : undefined;
  if (!date || Number.isNaN(date.getTime())) return undefined;
  return { time: date.toISOString(), level: levelName(level), msg: typeof msg === 'string' ? msg : '', context };
}

/**
 * The last `limit` entries of a pino log file, oldest first. Reads backwards from the
 * end, so a long-running server's large log costs only the bytes of the lines returned.
 * A missing file is an empty log (nothing has been written yet).
 */
export async function readLogTail(file: string, options: TailOptions): Promise<LogEntry[]> {
  const minLevel = LOG_LEVELS[options.minLevel ?? 'trace'];
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const newestFirst: LogEntry[] = [];
    let position = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    while (newestFirst.length < options.limit && (position > 0 || carry.length > 0)) {
      const length = Math.min(chunkBytes, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      if (length > 0) await handle.read(chunk, 0, length, position);
      const data = Buffer.concat([chunk, carry]);
      // Splitting on the newline byte is safe in UTF-8: it never occurs inside a character.
      const lines: Buffer[] = [];
      let end = data.length;
      for (let i = data.length - 1; i >= 0; i--) {
        if (data[i] === 0x0a) {
          lines.push(data.subarray(i + 1, end));
          end = i;
        }
      }
      // Before the first newline of the chunk is a line whose start is further back.
      if (position > 0) carry = Buffer.from(data.subarray(0, end));
      else {
        lines.push(data.subarray(0, end));
        carry = Buffer.alloc(0);
      }
      for (const line of lines) {
        if (newestFirst.length >= options.limit) break;
        const entry = line.length > 0 ? parseLogLine(line.toString('utf8')) : undefined;
        if (entry && LOG_LEVELS[entry.level] >= minLevel) newestFirst.push(entry);
      }
    }
    return newestFirst.reverse();
  } finally {
    await handle.close();
  }
}
