import { type Static, Type } from 'typebox';
import { LOG_LEVEL_NAMES } from '../catalog.js';
import { oneOf } from './one-of.js';

const LogLevel = oneOf(LOG_LEVEL_NAMES);

export const ServerStats = Type.Object(
  {
    hostname: Type.String(),
    platform: Type.String(),
    release: Type.String({ description: 'Kernel release' }),
    uptimeSeconds: Type.Integer({ description: 'Since the machine booted' }),
    processUptimeSeconds: Type.Integer({ description: 'Since the Infinity Server started' }),
    loadAverage: Type.Array(Type.Number(), { minItems: 3, maxItems: 3, description: '1, 5 and 15 minute load averages' }),
    cpuCount: Type.Integer(),
    memoryTotalBytes: Type.Integer(),
    memoryFreeBytes: Type.Integer({ description: 'Memory available to new work' }),
  },
  { description: 'Live figures; only the local server has them until servers talk to each other' },
);
export type ServerStats = Static<typeof ServerStats>;

export const Server = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  online: Type.Boolean(),
  isLocal: Type.Boolean({ description: 'The server answering this request' }),
  createdAt: Type.String({ format: 'date-time' }),
  stats: Type.Union([ServerStats, Type.Null()]),
});
export type Server = Static<typeof Server>;

export const LOG_LIMIT_MAX = 10_000;

/** A whole number from 1 to LOG_LIMIT_MAX, written without leading zeros (a query parameter is text). */
export const LOG_LIMIT_PATTERN = '^(?:[1-9][0-9]{0,3}|10000)$';

export const LogsQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({
        pattern: LOG_LIMIT_PATTERN,
        description: `How many of the newest entries (1-${LOG_LIMIT_MAX}, default 100)`,
      }),
    ),
    level: Type.Optional(oneOf(LOG_LEVEL_NAMES, 'Only entries at this level or above')),
  },
  { additionalProperties: false },
);
export type LogsQuery = Static<typeof LogsQuery>;

export const LogEntry = Type.Object({
  time: Type.String({ format: 'date-time' }),
  level: LogLevel,
  msg: Type.String(),
  context: Type.Record(Type.String(), Type.Unknown(), { description: 'The other fields of the log line' }),
});
export type LogEntry = Static<typeof LogEntry>;

export const LogsReply = Type.Object({
  serverId: Type.String(),
  entries: Type.Array(LogEntry, { description: 'Oldest first' }),
});
export type LogsReply = Static<typeof LogsReply>;
