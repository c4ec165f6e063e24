import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * What the Admin Console and the server page may load: only this server's own scripts,
 * styles, images, fonts and API (fetch and the event stream). antd writes its styles at
 * run time (CSS-in-JS) and React sets `style` attributes, so styles alone may be inline;
 * no page may be framed (clickjacking), posted elsewhere or rebased.
 */
export const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Everything else (JSON, scripts, images) is never a document to run or frame. */
export const RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers on every answer: no content sniffing, no referrer leaving the server, no framing,
 * and a Content-Security-Policy (pages get PAGE_POLICY; /docs brings its own, which is kept).
 */
export default fp(
  async function securityHeadersPlugin(app: FastifyInstance) {
    app.addHook('onSend', async (_request, reply, payload) => {
      void reply.header('x-content-type-options', 'nosniff');
      void reply.header('referrer-policy', 'no-referrer');
      void reply.header('x-frame-options', 'DENY');
      if (!reply.hasHeader('content-security-policy')) {
        const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
        void reply.header('content-security-policy', html ? PAGE_POLICY : RESOURCE_POLICY);
      }
      return payload;
    });
  },
  { name: 'security-headers' },
);
