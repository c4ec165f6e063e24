import { MAX_NICS, MAX_VIRTUAL_NETWORK, NIC_ATTACHMENTS, NIC_TYPES } from '../lib/catalog.js';

/**
 * Option values as people type them, turned into what the API takes. Vocabularies come
 * from lib/catalog.ts, the same lists the server validates against.
 */

export interface NicSpec {
  type: (typeof NIC_TYPES)[number];
  attachment: (typeof NIC_ATTACHMENTS)[number];
  network?: number;
}

/** `TYPE:ATTACHMENT[:NETWORK]`, e.g. `virtio:nat`, `82540EM:virtual:12`; names are case-insensitive. */
export function parseNic(text: string): NicSpec {
  const parts = text.split(':');
  const [typeText = '', attachmentText = '', networkText] = parts;
  const usage = `"${text}" is not a network card; use TYPE:ATTACHMENT[:NETWORK], e.g. virtio:nat or 82540EM:virtual:3`;
  if (parts.length < 2 || parts.length > 3) throw new Error(usage);
  const type = NIC_TYPES.find((t) => t.toLowerCase() === typeText.toLowerCase());
  if (!type) throw new Error(`unknown network card type "${typeText}"; use one of ${NIC_TYPES.join(', ')}`);
  const attachment = NIC_ATTACHMENTS.find((a) => a === attachmentText.toLowerCase());
  if (!attachment) throw new Error(`unknown attachment "${attachmentText}"; use one of ${NIC_ATTACHMENTS.join(', ')}`);
  if (networkText === undefined) return { type, attachment };
  if (attachment !== 'virtual') throw new Error(`"${text}": only virtual attachments take a network number`);
  const network = parseInteger(networkText, 1, MAX_VIRTUAL_NETWORK);
  return { type, attachment, network };
}

/** For a repeatable `--nic`: each occurrence adds a card; `none` alone means no cards. */
export function collectNics(text: string, previous: NicSpec[] | undefined): NicSpec[] {
  if (text.toLowerCase() === 'none') {
    if (previous?.length) throw new Error('"none" cannot be combined with other --nic values');
    return [];
  }
  const nics = [...(previous ?? []), parseNic(text)];
  if (nics.length > MAX_NICS) throw new Error(`a VM has at most ${MAX_NICS} network cards`);
  return nics;
}

export function parseInteger(text: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^-?\d+$/.test(text.trim())) throw new Error(`"${text}" is not a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new Error(`${value} is out of range (${min}-${max})`);
  return value;
}

const UNITS: Record<string, number> = { '': 1, m: 1, mb: 1, mib: 1, g: 1024, gb: 1024, gib: 1024, t: 1024 * 1024, tb: 1024 * 1024, tib: 1024 * 1024 };

/** Megabytes: `2048`, `512M`, `2G`, `1.5G`. The API takes whole megabytes. */
export function parseMegabytes(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) throw new Error(`"${text}" is not a size; use megabytes (2048) or a unit (512M, 2G)`);
  const mb = Number(match[1]) * factor;
  if (!Number.isInteger(mb)) throw new Error(`"${text}" is not a whole number of megabytes`);
  return mb;
}

/** on/off switches: on, off, yes, no, true, false. */
export function parseSwitch(text: string): boolean {
  const value = text.trim().toLowerCase();
  if (['on', 'yes', 'true'].includes(value)) return true;
  if (['off', 'no', 'false'].includes(value)) return false;
  throw new Error(`"${text}" is not on or off`);
}

/**
 * For a repeatable `--advanced KEY=VALUE` (the manual's VM Advanced Properties): numbers
 * and on/off become numbers and booleans, anything else stays text for the API to judge.
 */
export function collectAdvanced(text: string, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  const match = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not KEY=VALUE, e.g. cpuCount=2 or ioapic=on`);
  const [, key, raw] = match as unknown as [string, string, string];
  let value: unknown = raw;
  if (/^\d+$/.test(raw)) value = Number(raw);
  else if (/^(on|off|yes|no|true|false)$/i.test(raw)) value = parseSwitch(raw);
  return { ...previous, [key]: value };
}

/** For a repeatable option that lists names: each occurrence adds one. */
export function collectValues(text: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), text];
}
