/**
 * The one catalogue of Infinity's error codes. Every error that reaches a client carries
 * one of these codes, so scripts can branch on `code` while people read `message`.
 * The HTTP status lives here too, so the API never has to guess one.
 */
export const ErrorCodes = {
  INF_ERR_VALIDATION: 400,
  INF_ERR_MALFORMED_JSON: 400,
  INF_ERR_AUTH_REQUIRED: 401,
  INF_ERR_AUTH_INVALID: 401,
  INF_ERR_TOKEN_EXPIRED: 401,
  INF_ERR_PASSWORD_CHANGE_REQUIRED: 403,
  INF_ERR_FORBIDDEN: 403,
  INF_ERR_NOT_FOUND: 404,
  INF_ERR_CONFLICT: 409,
  INF_ERR_NAME_TAKEN: 409,
  INF_ERR_BUILTIN_ADMIN: 409,
  INF_ERR_TEMPLATE_FINAL: 409,
  INF_ERR_TEMPLATE_HOST_GROUP: 409,
  INF_ERR_HOST_GROUP_RENAME: 409,
  INF_ERR_HOST_GROUP_IN_USE: 409,
  INF_ERR_IDEMPOTENCY_MISMATCH: 409,
  INF_ERR_PAYLOAD_TOO_LARGE: 413,
  INF_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  INF_ERR_REQUEST_TIMEOUT: 408,
  INF_ERR_HEADERS_TOO_LARGE: 431,
  INF_ERR_RATE_LIMITED: 429,
  INF_ERR_INTERNAL: 500,
  INF_ERR_NOT_AVAILABLE_YET: 501,
  INF_ERR_COMMAND: 502,
  INF_ERR_TLS_FINGERPRINT_CHANGED: 495,
  INF_ERR_CLIENT_CONFIG: 400,
  INF_ERR_STORAGE_NOT_FOUND: 404,
  INF_ERR_STORAGE_EXISTS: 409,
  INF_ERR_STORAGE_HAS_CLONES: 409,
  INF_ERR_STORAGE_SHRINK: 409,
  INF_ERR_STORAGE_NO_SPACE: 507,
  INF_ERR_STORAGE_UNSUPPORTED: 422,
  INF_ERR_STORAGE_COMMAND: 502,
  INF_ERR_CONNECTION: 503,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export class InfinityError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InfinityError';
    this.code = code;
    this.status = ErrorCodes[code];
    this.field = options.field;
  }

  toJSON(): { code: ErrorCode; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isInfinityError(value: unknown): value is InfinityError {
  return value instanceof InfinityError;
}

export const fail = {
  validation: (field: string, message: string) => new InfinityError('INF_ERR_VALIDATION', message, { field }),
  notFound: (kind: string, id: string) =>
    new InfinityError('INF_ERR_NOT_FOUND', `${kind} "${id}" does not exist (or you have no access to it).`),
  forbidden: (message: string) => new InfinityError('INF_ERR_FORBIDDEN', message),
  conflict: (message: string, field?: string) =>
    new InfinityError('INF_ERR_CONFLICT', message, field === undefined ? {} : { field }),
  nameTaken: (kind: string, name: string, field = 'name') =>
    new InfinityError('INF_ERR_NAME_TAKEN', `A ${kind} named "${name}" already exists; choose another name.`, { field }),
  notAvailableYet: (what: string, needs: string) =>
    new InfinityError('INF_ERR_NOT_AVAILABLE_YET', `${what} is not available yet in this Infinity build: it needs ${needs}.`),
};
