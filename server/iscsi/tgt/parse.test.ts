import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAccounts, parseTargets } from './parse.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/tgt/${name}`, import.meta.url), 'utf8');

describe('parseTargets', () => {
  it('reads a real tgtadm listing: target, disk LUN, account and ACL', () => {
    expect(parseTargets(fixture('show-target.txt'))).toEqual([
      {
        tid: 1,
        iqn: 'iqn.2026-11.org.infinity:drive-abc',
        luns: [
          { lun: 0, type: 'controller', path: null, readOnly: false, flags: '' },
          { lun: 1, type: 'disk', path: '/tmp/tgtx/d.raw', readOnly: true, flags: 'sync' },
        ],
        accounts: ['inf-abc'],
        acls: ['iqn.2026-11.org.infinity:host-a'],
      },
    ]);
  });

  it('reads an empty listing as no targets', () => {
    expect(parseTargets(fixture('show-target-empty.txt'))).toEqual([]);
  });
});

describe('parseAccounts', () => {
  it('lists account names after the header', () => {
    expect(parseAccounts('Account list:\n    inf-abc\n    inf-def\n')).toEqual(['inf-abc', 'inf-def']);
    expect(parseAccounts('Account list:\n')).toEqual([]);
  });
});
