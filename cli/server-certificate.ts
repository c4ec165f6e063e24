import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { formatFingerprint } from './fingerprint.js';

/**
 * Opens a TLS connection only to read the certificate the server presents, sending
 * nothing: the caller decides whether to trust it before any credentials travel.
 */
export function fetchCertificateFingerprint(server: string, timeoutMs = 10_000): Promise<string> {
  const url = new URL(server);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      // Verification is the pin's job; a self-signed certificate never passes a CA check.
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    socket.once('secureConnect', () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      if (fingerprint) resolve(formatFingerprint(fingerprint));
      else reject(new Error(`the server at ${server} presented no certificate`));
    });
    socket.once('timeout', () => socket.destroy(new Error(`timed out connecting to ${server}`)));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot reach the Infinity Server at ${server} over TLS: ${error.code ?? error.message}`)),
    );
  });
}
