import { isUtf8 } from 'node:buffer';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCodes, InfinityError, type ErrorCode } from '../../lib/errors.js';
import { CommandError } from '../../lib/exec/run.js';
import { formatSize, MIB } from '../../lib/sizes.js';
import { ErrorBody, PATTERN_WORDS } from '../../lib/protocol/common.js';

/**
 * The one error handler: every failure leaves as `{"error":{"code","message","field?"}}`.
 * Input problems (schema, JSON, size, media type) are 4xx naming the field; anything
 * unrecognised is logged with the request and answered as a bare 500.
 */
export function toInfinityError(error: FastifyError | Error): InfinityError {
  if (error instanceof InfinityError) return error;
  if (error instanceof CommandError) {
    return new InfinityError('INF_ERR_COMMAND', `A system command failed, and what it had done was undone: ${error.message}`, { cause: error });
  }
  const fe = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (fe.validation && fe.validation.length > 0) return fromValidation(fe.validation, fe.validationContext ?? 'body');
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new InfinityError('INF_ERR_MALFORMED_JSON', `The request body is not valid JSON: ${fe.message}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new InfinityError('INF_ERR_PAYLOAD_TOO_LARGE', 'The request body is too large.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new InfinityError('INF_ERR_VALIDATION', 'A path parameter is too long: ids and names have at most 128 characters.');
    case 'FST_ERR_BAD_URL':
      return new InfinityError('INF_ERR_VALIDATION', 'The URL is not valid (bad percent-encoding).');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new InfinityError('INF_ERR_UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
    default:
      break;
  }
  if (error instanceof SyntaxError && fe.statusCode === 400) {
    return new InfinityError('INF_ERR_MALFORMED_JSON', `The request body is not valid JSON: ${error.message}`);
  }
  if (fe.statusCode === 429) return new InfinityError('INF_ERR_RATE_LIMITED', fe.message);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (Object.keys(ErrorCodes) as ErrorCode[]).find((c) => ErrorCodes[c] === fe.statusCode) ?? 'INF_ERR_VALIDATION';
    return new InfinityError(code, fe.message);
  }
  return new InfinityError('INF_ERR_INTERNAL', 'The server failed while handling this request; the server log has the details.', { cause: error });
}

/**
 * What Node's HTTP parser refuses before fastify sees a request (headers over its 16 KiB,
 * headers that never finished arriving, bytes that are not HTTP) gets the one error shape
 * too: fastify's own `clientErrorHandler` would answer another.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new InfinityError('INF_ERR_HEADERS_TOO_LARGE', 'The request headers are too large: the server accepts 16 KiB.')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new InfinityError('INF_ERR_REQUEST_TIMEOUT', 'The request headers did not arrive in time.')
        : new InfinityError('INF_ERR_VALIDATION', 'The request is not valid HTTP.');
  const body = JSON.stringify({ error: known.toJSON() });
  if (socket.writable) {
    const head = `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Length: ${Buffer.byteLength(body)}`;
    socket.write(`${head}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fromValidation(issues: ValidationIssue[], context: string): InfinityError {
  const issue = issues[0] as ValidationIssue;
  const path = issue.instancePath.replace(/^\//, '');
  let field = path;
  let message = issue.message ?? 'is invalid';
  if (issue.keyword === 'required') {
    field = [path, String(issue.params.missingProperty)].filter(Boolean).join('/');
    message = 'is required';
  } else if (issue.keyword === 'additionalProperties') {
    field = [path, String(issue.params.additionalProperty)].filter(Boolean).join('/');
    message = 'is not a known field';
  } else if (issue.keyword === 'enum') {
    message = `must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`;
  } else if (issue.keyword === 'const') {
    const choices = constantChoices(issues, issue.instancePath);
    if (choices) message = `must be one of: ${choices.join(', ')}`;
  } else if (issue.keyword === 'pattern') {
    message = PATTERN_WORDS[String(issue.params.pattern)] ?? message;
  } else if (/Bytes$/.test(path) && ['minimum', 'maximum', 'multipleOf'].includes(issue.keyword)) {
    return new InfinityError('INF_ERR_VALIDATION', sizeWords(path, issue), { field: path });
  }
  const where = field || context;
  return new InfinityError('INF_ERR_VALIDATION', `${context === 'body' ? '' : `${context} `}${where === context ? '' : `"${where}" `}${message}`.trim(), {
    field: where,
  });
}

/**
 * Sizes are said as people write them (512M, 10G), and the field in words: "disk/sizeBytes"
 * is "the disk size", never a path and a count of bytes.
 */
function sizeWords(path: string, issue: ValidationIssue): string {
  const words = path.replace(/Bytes$/, '').split('/').filter((part) => !/^\d+$/.test(part)).join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const limit = Number(issue.params.limit ?? issue.params.multipleOf);
  if (issue.keyword === 'minimum') return `The ${words} must be at least ${formatSize(limit)}.`;
  if (issue.keyword === 'maximum') return `The ${words} can be at most ${formatSize(limit)}.`;
  const unit = limit === MIB ? 'a whole number of MiB' : `a multiple of ${formatSize(limit)}`;
  return `The ${words} must be ${unit}: write it like 512M, 10G or 2T.`;
}

/**
 * A union of literals (TypeBox's enum) fails as one `const` issue per branch followed by the
 * `anyOf` issue, all at the same path: the allowed values are those constants. Null when the
 * union also has other kinds of branch, whose issues the constants alone would misdescribe.
 */
function constantChoices(issues: ValidationIssue[], path: string): unknown[] | null {
  const end = issues.findIndex((i) => i.keyword === 'anyOf' && i.instancePath === path);
  const branches = issues.slice(0, end);
  if (end <= 0 || !branches.every((i) => i.keyword === 'const' && i.instancePath === path)) return null;
  return branches.map((i) => i.params.allowedValue);
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.addSchema(ErrorBody);
    // Clients send `content-type: application/json` on every call, also with no body (a DELETE,
    // a POST that takes none): that is not malformed JSON on a route without a body schema.
    // Where a route takes a body, an empty one stays the 400 it was, as does malformed JSON.
    // The body is read as bytes: decoding it as a string would quietly turn bytes that are not
    // UTF-8 into U+FFFD, and a name would be stored with a character nobody typed.
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      const bytes = body as Buffer;
      if (bytes.length === 0 && request.routeOptions.schema?.body === undefined) {
        done(null, undefined);
      } else if (!isUtf8(bytes)) {
        const message = 'The request body is not valid UTF-8: send JSON text encoded as UTF-8.';
        done(new InfinityError('INF_ERR_MALFORMED_JSON', message), undefined);
      } else {
        parseJson(request, bytes.toString('utf8'), done);
      }
    });
    app.setErrorHandler((error, request, reply) => {
      const known = toInfinityError(error as FastifyError);
      if (known.status >= 500) {
        request.log.error({ err: error }, 'request failed');
      } else {
        request.log.info({ code: known.code, field: known.field }, known.message);
      }
      const headers = (error as FastifyError & { headers?: Record<string, string> }).headers;
      if (known.code === 'INF_ERR_RATE_LIMITED' && headers) void reply.headers(headers);
      return reply.status(known.status).send({ error: known.toJSON() });
    });
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        error: { code: 'INF_ERR_NOT_FOUND', message: `There is no ${request.method} ${request.url.split('?')[0]}; /docs lists the API.` },
      }),
    );
  },
  { name: 'errors' },
);
