import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_NEEDED, olderThan } from './node-version.js';

describe('the Node version the CLI needs', () => {
  it('is the one package.json declares', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.engines.node).toBe(`>=${NODE_NEEDED}`);
  });

  it('compares versions by number, part by part', () => {
    expect(olderThan('20.20.2', '24.21.0')).toBe(true);
    expect(olderThan('18.19.0', '24.21.0')).toBe(true);
    expect(olderThan('24.9.0', '24.21.0')).toBe(true);
    expect(olderThan('24.21.0', '24.21.0')).toBe(false);
    expect(olderThan('24.21.1', '24.21.0')).toBe(false);
    expect(olderThan('26.10.0', '24.21.0')).toBe(false);
  });
});
