import { Type, type Static, type TSchema } from 'typebox';

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

export const Name = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: NAME_PATTERN, description });

/** What each shared pattern asks for, in words: validation errors say this instead of the expression. */
export const PATTERN_WORDS: Record<string, string> = {
  [NAME_PATTERN]: 'must not start or end with a space, and must not contain / or \\ or control characters such as a tab',
};

export const Timestamp = Type.String({ format: 'date-time' });

export const Ok = Type.Object({ ok: Type.Literal(true) });

/** Error responses each route can give; `errors(401, 403, 404)` spreads them into `response`. */
export function errors(...codes: number[]): Record<number, TSchema> {
  return Object.fromEntries(codes.map((code) => [code, Type.Ref('ErrorBody')]));
}

/** The error codes every authenticated route can answer with. */
export const AUTHED_ERRORS = [400, 401, 403, 429] as const;
