import { X509Certificate } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { TlsInfo } from '../../lib/protocol/tls.js';

/**
 * GET /api/v1/tls: the certificate this server serves with, so that the console can show
 * its fingerprint beside the browser's warning. Public, like the certificate itself
 * (every TLS client sees it in the handshake). It is a reference to compare with, not a
 * proof: the comparison that counts is with what the browser received and what the
 * server printed when it started.
 */
export default async function tlsRoutes(app: FastifyInstance, opts: { cert?: string | null }) {
  const x509 = opts.cert ? new X509Certificate(opts.cert) : null;
  const info = {
    https: x509 !== null,
    fingerprint: x509?.fingerprint256 ?? null,
    selfSigned: x509 ? x509.issuer === x509.subject && x509.verify(x509.publicKey) : false,
    subject: x509?.subject.replace(/\n/g, ', ') ?? null,
    validTo: x509 ? new Date(x509.validTo).toISOString() : null,
  };
  app.get('/tls', {
    schema: {
      tags: ['meta'], operationId: 'getTls', summary: 'TLS certificate',
      description: "The server's TLS certificate: its SHA-256 fingerprint and whether it is self-signed, to compare " +
        "with what the browser shows. Needs no login.",
      response: { 200: TlsInfo },
    },
    config: { access: 'public' },
  }, async () => info);
}
