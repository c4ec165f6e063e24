import { Type, type Static, type TSchema } from 'typebox';
import { nameFault, normalName } from '../names.js';
import { LOG_LIMIT_MAX, LOG_LIMIT_PATTERN } from './servers.js';

/** Shapes every area shares: the one error body, id parameters, names. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable code from lib/errors.ts, e.g. INF_ERR_VALIDATION' }),
      message: Type.String(),
      field: Type.Optional(Type.String({ description: 'The request field that is wrong, when one is' })),
    }),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, description: 'Object id (or its name, where names are unique)' }) });
export type IdParams = Static<typeof IdParams>;

/**
 * Names appear in paths, tables and log lines, so they may not contain / or \, nor control
 * characters (C0, DEL, C1: a tab or newline would break a table or a log line), nor start
 * or end with white space.
 */
const NAME_END = '[^\\s/\\\\\\u0000-\\u001f\\u007f-\\u009f]';
const NAME_MIDDLE = '[^/\\\\\\u0000-\\u001f\\u007f-\\u009f]';
export const NAME_PATTERN = `^${NAME_END}${NAME_MIDDLE}*${NAME_END}$|^${NAME_END}$`;

const NAME_KEYWORD = 'x-infinity-name';
export const Name = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: NAME_PATTERN, [NAME_KEYWORD]: true, description });

/**
 * The schema keyword every name carries, checked after the pattern: it refuses the invisible
 * characters the pattern lets through, naming the one it found, and turns the name into NFC,
 * the form names are stored and compared in.
 */
interface KeywordIssue { keyword: string; message: string; params: Record<string, never> }
interface KeywordData { parentData: object; parentDataProperty: string | number }
type KeywordCheck = ((schema: boolean, data: string, parent: unknown, cxt?: KeywordData) => boolean) & {
  errors: KeywordIssue[];
};
/** The part of ajv a fastify ajv plugin uses here (ajv is fastify's dependency, not ours). */
interface KeywordHost {
  addKeyword(definition: {
    keyword: string; type: 'string'; schemaType: 'boolean'; modifying: true; validate: KeywordCheck;
  }): unknown;
}
export function nameKeyword<A extends KeywordHost>(ajv: A): A {
  const check: KeywordCheck = Object.assign(
    (_schema: boolean, data: string, _parent: unknown, cxt?: KeywordData) => {
      const fault = nameFault(data);
      if (fault) {
        check.errors = [{ keyword: NAME_KEYWORD, message: fault, params: {} }];
        return false;
      }
      if (cxt) (cxt.parentData as Record<string | number, unknown>)[cxt.parentDataProperty] = normalName(data);
      return true;
    },
    { errors: [] as KeywordIssue[] },
  );
  ajv.addKeyword({
    keyword: NAME_KEYWORD, type: 'string', schemaType: 'boolean', modifying: true, validate: check,
  });
  return ajv;
}

/** What each shared pattern asks for, in words: validation errors say this instead of the expression. */
export const PATTERN_WORDS: Record<string, string> = {
  [NAME_PATTERN]: 'must not start or end with a space, and must not contain / or \\ or control characters such as a tab',
  [LOG_LIMIT_PATTERN]: `must be a whole number from 1 to ${LOG_LIMIT_MAX}`,
};

export const Timestamp = Type.String({ format: 'date-time' });
export type Timestamp = Static<typeof Timestamp>;

export const Ok = Type.Object({ ok: Type.Literal(true) });
export type Ok = Static<typeof Ok>;

/** When each error status is answered, as the OpenAPI document says it. */
export const ERROR_STATUS_WORDS = {
  400: 'The request is not valid (a field, a parameter, malformed JSON); `field` names what is wrong',
  401: 'Not logged in, or the token is not valid any more',
  403: 'Logged in, but not allowed to do this (role or access), or the password must be changed first',
  404: 'An object the request names does not exist, or the caller cannot see it',
  408: 'The request headers did not arrive within 60 s',
  409: 'The request conflicts with the current state (a name taken, an object in use, an Idempotency-Key reused ' +
    'with another body)',
  413: 'The request body is larger than 1 MiB',
  415: 'The request body is not application/json',
  422: 'The storage pool cannot do this (a capability it lacks, a size its filesystem cannot hold)',
  429: 'Too many login attempts; wait and try again',
  431: 'The request headers are larger than the server accepts (16 KiB)',
  500: 'The server failed; its log has the details',
  501: 'Not available in this build yet; the message says what it needs',
  502: 'A system command (storage, iSCSI) failed, and what it had done was undone',
  507: 'The storage pool has not enough free space',
} as const;
export type ErrorStatus = keyof typeof ERROR_STATUS_WORDS;

/** Error responses each route can give; `errors(401, 403, 404)` spreads them into `response`. */
export function errors(...codes: ErrorStatus[]): Record<number, TSchema> {
  const documented = (code: ErrorStatus) => Type.Ref('ErrorBody', { description: ERROR_STATUS_WORDS[code] });
  return Object.fromEntries(codes.map((code) => [code, documented(code)]));
}

/** What a command with storage effects can also meet: a storage command failed (502), the pool is full (507). */
export const STORAGE_ERRORS = [502, 507] as const;

/** The error codes every authenticated route can answer with (only logging in is rate-limited: 429 is login's own). */
export const AUTHED_ERRORS = [400, 401, 403] as const;
