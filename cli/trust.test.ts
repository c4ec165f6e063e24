import { describe, expect, it } from 'vitest';
import { decideTrust, type TrustInput } from './trust.js';

const A = 'AA:'.repeat(31) + 'AA';
const B = 'BB:'.repeat(31) + 'BB';
const base: TrustInput = { server: 'https://infinity:8443', presented: A, trustOnFirstUse: false, interactive: false };

describe('decideTrust', () => {
  it.each<[string, Partial<TrustInput>, string]>([
    ['the pinned certificate', { pinned: A }, 'trusted'],
    ['the pinned certificate, also named', { pinned: A, expected: A }, 'trusted'],
    ['a first use with the right fingerprint named', { expected: A }, 'pin'],
    ['a first use with --trust', { trustOnFirstUse: true }, 'pin'],
    ['a first use on a terminal', { interactive: true }, 'ask'],
    ['a first use in a script without a flag', {}, 'refuse'],
    ['a first use with the wrong fingerprint named', { expected: B, trustOnFirstUse: true, interactive: true }, 'refuse'],
    ['a changed certificate, even with --trust on a terminal', { pinned: B, trustOnFirstUse: true, interactive: true }, 'refuse'],
    ['a changed certificate whose new fingerprint is named', { pinned: B, expected: A }, 'pin'],
  ])('%s', (_label, input, kind) => {
    expect(decideTrust({ ...base, ...input }).kind).toBe(kind);
  });

  it('names both fingerprints and the way to re-trust when the certificate changed', () => {
    const decision = decideTrust({ ...base, pinned: B });
    expect(decision.kind).toBe('refuse');
    const message = (decision as { message: string }).message;
    expect(message).toContain(`trusted:   SHA256 ${B}`);
    expect(message).toContain(`presented: SHA256 ${A}`);
    expect(message).toContain(`--trust-fingerprint ${A}`);
  });

  it('tells a script how to trust on first use', () => {
    const decision = decideTrust(base);
    expect((decision as { message: string }).message).toMatch(new RegExp(`--trust-fingerprint ${A} \\(or --trust\\)`));
  });
});
