import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientErrorHandler } from './errors.js';

/** A socket that records what the handler writes, and whether it was closed. */
function fakeSocket(state: { destroyed?: boolean; writable?: boolean } = {}) {
  const socket = { destroyed: state.destroyed ?? false, writable: state.writable ?? true, written: '', closed: false };
  const methods = {
    write: (text: string) => ((socket.written += text), true),
    destroy: () => ((socket.closed = true), undefined),
  };
  return { socket, asSocket: Object.assign(socket, methods) as unknown as Socket };
}

const answer = (written: string) => {
  const [head = '', body = ''] = written.split('\r\n\r\n');
  const length = /Content-Length: (\d+)/.exec(head)?.[1];
  return { statusLine: head.split('\r\n')[0], json: JSON.parse(body) as unknown, length };
};

describe('clientErrorHandler: what the HTTP parser refuses gets the one error shape', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 'HTTP/1.1 431 Request Header Fields Too Large', 'INF_ERR_HEADERS_TOO_LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 'HTTP/1.1 408 Request Timeout', 'INF_ERR_REQUEST_TIMEOUT'],
    ['HPE_INVALID_METHOD', 'HTTP/1.1 400 Bad Request', 'INF_ERR_VALIDATION'],
  ])('%s -> %s', (code, statusLine, errorCode) => {
    const { socket, asSocket } = fakeSocket();
    clientErrorHandler(Object.assign(new Error('parse error'), { code }), asSocket);
    const got = answer(socket.written);
    expect(got.statusLine).toBe(statusLine);
    expect(got.json).toEqual({ error: { code: errorCode, message: expect.any(String) } });
    expect(Number(got.length)).toBe(Buffer.byteLength(socket.written.split('\r\n\r\n')[1] ?? ''));
    expect(socket.closed).toBe(true);
  });

  it('writes nothing to a socket the client already reset or closed', () => {
    const reset = fakeSocket();
    clientErrorHandler(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), reset.asSocket);
    const gone = fakeSocket({ writable: false });
    clientErrorHandler(Object.assign(new Error('overflow'), { code: 'HPE_HEADER_OVERFLOW' }), gone.asSocket);
    expect([reset.socket.written, gone.socket.written]).toEqual(['', '']);
    expect(gone.socket.closed).toBe(true);
  });
});
