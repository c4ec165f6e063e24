import { describe, expect, it } from 'vitest';
import { isEmailAddress, isHostAddress, isHostname } from './net-names.js';

describe('isHostAddress', () => {
  it.each(['smtp.example.com', 'localhost', 'pool.ntp.org.', '0.debian.pool.ntp.org', 'mail-1.example.co.uk', '192.168.1.14', '::1', 'fe80::1', '2001:db8::25', 'a'.repeat(63)])(
    'accepts %s', (value) => expect(isHostAddress(value)).toBe(true),
  );
  it.each(['', 'bad host', 'host_name', '-lead.example.com', 'trail-.example.com', 'a..b', '10.0.0.256', '1.2.3', 'a'.repeat(64), `${'a.'.repeat(127)}ab`, 'smtp.example.com:25', 'http://x', '[::1]'])(
    'refuses %j', (value) => expect(isHostAddress(value)).toBe(false),
  );
  it('treats an all-digit last label as a broken address, not a name', () => {
    expect(isHostname('host.123')).toBe(false);
    expect(isHostname('123.example')).toBe(true);
  });
});

describe('isEmailAddress', () => {
  it.each(['ops@example.com', 'root@localhost', "o'brien+infinity@mail.example.org", 'a.b@example.com'])('accepts %s', (value) => expect(isEmailAddress(value)).toBe(true));
  it.each(['', 'ops', '@example.com', 'ops@', 'ops@@example.com', 'a..b@example.com', '.a@example.com', 'ops @example.com', 'ops@exa mple.com', 'Ops <ops@example.com>', `${'l'.repeat(65)}@example.com`, 'ops@10.0.0.1', 'ops@example.com\nBcc: x@y.z'])(
    'refuses %j', (value) => expect(isEmailAddress(value)).toBe(false),
  );
});
