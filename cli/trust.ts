/**
 * Trust on first use for an https server (the manual's "Trust the presented certificate"):
 * what `infinity login` does with the certificate a server presents, given what was
 * pinned before and what the person or script asked for. Pure, so every case is tested.
 */
export interface TrustInput {
  server: string;
  /** Fingerprint of the certificate the server presents now. */
  presented: string;
  /** Fingerprint pinned for this server by an earlier login. */
  pinned?: string | undefined;
  /** `--trust-fingerprint`: the fingerprint the caller checked out of band. */
  expected?: string | undefined;
  /** `--trust`: accept whatever a server presents on first use. */
  trustOnFirstUse: boolean;
  /** stdin is a terminal, so a person can be asked. */
  interactive: boolean;
}

export type TrustDecision =
  | { kind: 'trusted' }
  | { kind: 'pin' }
  | { kind: 'ask' }
  | { kind: 'refuse'; message: string };

export function decideTrust(input: TrustInput): TrustDecision {
  const { server, presented, pinned, expected } = input;
  if (expected !== undefined) {
    if (expected !== presented) {
      return {
        kind: 'refuse',
        message: `the server at ${server} presented a certificate with SHA-256 fingerprint ${presented}, not the ${expected} given with --trust-fingerprint`,
      };
    }
    return pinned === presented ? { kind: 'trusted' } : { kind: 'pin' };
  }
  if (pinned === presented) return { kind: 'trusted' };
  // A changed certificate needs the new fingerprint named explicitly: --trust alone would
  // let a script accept an attacker's certificate without anyone looking.
  if (pinned !== undefined) return { kind: 'refuse', message: certificateChangedMessage(server, pinned, presented) };
  if (input.trustOnFirstUse) return { kind: 'pin' };
  if (input.interactive) return { kind: 'ask' };
  return {
    kind: 'refuse',
    message:
      `the certificate of ${server} is not trusted yet; its SHA-256 fingerprint is ${presented}. ` +
      `Compare it with the fingerprint the server printed when it started, then log in again with --trust-fingerprint ${presented} (or --trust)`,
  };
}

export function certificateChangedMessage(server: string, pinned: string, presented: string): string {
  return (
    `the certificate of ${server} has changed, refusing to connect.\n` +
    `  trusted:   SHA256 ${pinned}\n` +
    `  presented: SHA256 ${presented}\n` +
    `Someone may be intercepting the connection, or the server was given a new certificate. ` +
    `If the presented fingerprint is the one the server printed when it started, trust it with:\n` +
    `  infinity login --server ${server} --user USER --password PASSWORD --trust-fingerprint ${presented}`
  );
}
