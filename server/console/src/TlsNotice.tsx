import { Alert, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TlsInfo } from '../../../lib/protocol/tls';

/**
 * The server's certificate warning (issue 4): when the console arrives over HTTPS with
 * the server's own, self-signed certificate, the browser has already warned that no
 * authority it knows vouches for it. This says why, and shows the fingerprint to compare
 * with the one the server printed when it started and the one the browser received.
 */
export function TlsNotice() {
  const [info, setInfo] = useState<TlsInfo>();
  const [closed, setClosed] = useState(false);
  useEffect(() => {
    if (window.location.protocol !== 'https:') return;
    fetch('/api/v1/tls')
      .then((res) => (res.ok ? (res.json() as Promise<TlsInfo>) : undefined))
      .then(setInfo, () => undefined);
  }, []);
  if (!info?.selfSigned || !info.fingerprint || closed) return null;
  return (
    <Alert
      type="warning"
      showIcon
      closable
      onClose={() => setClosed(true)}
      role="region"
      aria-label="Server certificate"
      title="This server uses its own certificate"
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            The connection is encrypted, but the certificate was made by the Infinity server itself, not by an authority your
            browser knows; that is why the browser warned you before showing this page. It is safe to continue only if the
            certificate is the server's: compare this SHA-256 fingerprint with the one the server printed when it first started
            (and with the one your browser shows for this page under the padlock or "Not secure", then Certificate).
          </Typography.Paragraph>
          <Typography.Text code copyable aria-label="Certificate fingerprint" style={{ wordBreak: 'break-all' }}>
            {info.fingerprint}
          </Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0 }}>
            If they differ, someone may be between you and the server: do not log in. To stop the warning, install a certificate
            from your own authority with <code>infinity server --cert FILE --key FILE</code>.
          </Typography.Paragraph>
        </>
      }
      style={{ borderRadius: 0 }}
    />
  );
}
