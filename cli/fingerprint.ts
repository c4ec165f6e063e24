/**
 * Certificate fingerprints as people compare them: SHA-256, upper-case hex pairs joined
 * by colons (the form Node's `fingerprint256` and `openssl x509 -fingerprint` print).
 */
export function formatFingerprint(hex: string): string {
  const digits = hex.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return digits.match(/.{1,2}/g)?.join(':') ?? '';
}

/**
 * Accepts what someone may paste: with or without colons or spaces, any case, with an
 * optional "SHA256" prefix. Returns the canonical form, or throws naming the problem.
 */
export function parseFingerprint(text: string): string {
  const digits = text.trim().replace(/^sha-?256\s*[:=]?\s*/i, '').replace(/[:\s]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(digits)) {
    throw new Error(`"${text}" is not a SHA-256 fingerprint (64 hex digits, colons optional)`);
  }
  return formatFingerprint(digits);
}
