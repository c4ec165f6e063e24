import { createHash, randomBytes } from 'node:crypto';

/** Bearer tokens are random; only their SHA-256 is stored, so a database copy logs no one in. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
