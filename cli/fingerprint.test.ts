import { describe, expect, it } from 'vitest';
import { formatFingerprint, parseFingerprint } from './fingerprint.js';

const HEX = 'ab'.repeat(16) + '0123456789abcdef'.repeat(2);
const CANONICAL = formatFingerprint(HEX);

describe('formatFingerprint', () => {
  it('groups upper-case pairs with colons', () => {
    expect(formatFingerprint('0a1b2c')).toBe('0A:1B:2C');
    expect(CANONICAL).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});

describe('parseFingerprint', () => {
  it.each([
    ['bare lower-case hex', HEX],
    ['upper-case with colons', CANONICAL],
    ['lower-case with colons', CANONICAL.toLowerCase()],
    ['with a SHA256 prefix', `SHA256 ${CANONICAL}`],
    ['with a sha256: prefix', `sha256:${HEX}`],
    ['with surrounding spaces', `  ${CANONICAL}\n`],
  ])('accepts %s', (_label, input) => {
    expect(parseFingerprint(input)).toBe(CANONICAL);
  });

  it.each([
    ['too short', HEX.slice(2)],
    ['too long', `${HEX}00`],
    ['not hex', HEX.replace('a', 'g')],
    ['empty', ''],
  ])('rejects %s', (_label, input) => {
    expect(() => parseFingerprint(input)).toThrow(/not a SHA-256 fingerprint/);
  });
});
