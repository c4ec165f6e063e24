import { isIPv4, isIPv6 } from 'node:net';

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** An RFC 1123 host name; an all-digit last label is refused so "10.0.0.256" is not taken for a name. */
export function isHostname(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every((l) => LABEL.test(l)) && !/^[0-9]+$/.test(labels.at(-1)!);
}

/** A host name, IPv4 or IPv6 address: what a mail or time server setting may name. */
export function isHostAddress(value: string): boolean {
  return isIPv4(value) || isIPv6(value) || isHostname(value);
}

/** A plain address (local@domain) as mail servers accept it in MAIL FROM / RCPT TO. */
export function isEmailAddress(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at < 1) return false;
  const local = value.slice(0, at);
  return local.length <= 64 && LOCAL_PART.test(local) && isHostname(value.slice(at + 1));
}
