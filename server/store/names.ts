import type { Db } from './db.js';
import type { GrantType } from './grants.js';

const TABLE: Record<GrantType, string> = { vm: 'vms', drive: 'drives', host_group: 'host_groups', vm_group: 'vm_groups' };

/** The display name of a granted object (grants are polymorphic, so no join does this). */
export function objectName(db: Db, type: GrantType, id: string): string {
  const row = db.prepare(`SELECT name FROM ${TABLE[type]} WHERE id = ?`).get(id) as { name: string } | undefined;
  return row?.name ?? id;
}

/**
 * Names are kept in Unicode NFC: "é" typed as one character or as "e" and a combining
 * accent is one name, stored once, found by either spelling.
 */
export function normalName(name: string): string {
  return name.normalize('NFC');
}

/**
 * Characters a name may not hold: controls, format characters (zero-width, bidirectional
 * overrides, tags: category Cf), lone surrogates, code points Unicode does not assign,
 * line and paragraph separators, every space but the plain one, and the rest of Unicode's
 * default-ignorable characters (fillers that draw nothing), apart from variation selectors,
 * which choose how the character before them is drawn (the emoji form of "❤").
 */
const REFUSED = /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}]/u;
const VARIATION_SELECTOR = /\p{Variation_Selector}/u;

/** Names of the refused characters people meet; the others are described by their kind. */
const NAMES: Record<number, string> = {
  0x00: 'NULL', 0x07: 'BELL', 0x08: 'BACKSPACE', 0x09: 'CHARACTER TABULATION', 0x0a: 'LINE FEED',
  0x0b: 'LINE TABULATION', 0x0c: 'FORM FEED', 0x0d: 'CARRIAGE RETURN', 0x1b: 'ESCAPE', 0x7f: 'DELETE',
  0x85: 'NEXT LINE', 0xa0: 'NO-BREAK SPACE', 0xad: 'SOFT HYPHEN', 0x34f: 'COMBINING GRAPHEME JOINER',
  0x61c: 'ARABIC LETTER MARK', 0x115f: 'HANGUL CHOSEONG FILLER', 0x1160: 'HANGUL JUNGSEONG FILLER',
  0x1680: 'OGHAM SPACE MARK', 0x180e: 'MONGOLIAN VOWEL SEPARATOR', 0x2000: 'EN QUAD', 0x2001: 'EM QUAD',
  0x2002: 'EN SPACE', 0x2003: 'EM SPACE', 0x2004: 'THREE-PER-EM SPACE', 0x2005: 'FOUR-PER-EM SPACE',
  0x2006: 'SIX-PER-EM SPACE', 0x2007: 'FIGURE SPACE', 0x2008: 'PUNCTUATION SPACE', 0x2009: 'THIN SPACE',
  0x200a: 'HAIR SPACE', 0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER', 0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x2028: 'LINE SEPARATOR', 0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x202f: 'NARROW NO-BREAK SPACE',
  0x205f: 'MEDIUM MATHEMATICAL SPACE', 0x2060: 'WORD JOINER', 0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES', 0x2063: 'INVISIBLE SEPARATOR', 0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE', 0x3000: 'IDEOGRAPHIC SPACE', 0x3164: 'HANGUL FILLER',
  0xfe0e: 'VARIATION SELECTOR-15', 0xfe0f: 'VARIATION SELECTOR-16', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER', 0xe0001: 'LANGUAGE TAG',
};

/** "U+200B ZERO WIDTH SPACE"; characters without a listed name get their kind in words. */
export function describeCharacter(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[cp];
  if (name) return `${code} ${name}`;
  if (/\p{Cs}/u.test(char)) return `${code}, half of a surrogate pair without its other half (not valid Unicode text)`;
  if (/\p{Cc}/u.test(char)) return `${code}, a control character`;
  if (/\p{Cn}/u.test(char)) return `${code}, a code point Unicode does not assign`;
  if (/\p{Zs}/u.test(char)) return `${code}, a space other than the plain one`;
  if (cp >= 0xe0020 && cp <= 0xe007f) return `${code}, an invisible tag character`;
  return `${code}, an invisible format character`;
}

/**
 * Why a name cannot be used, naming the first character that may not be in it, or null
 * when every character is visible (or a plain space, or a variation selector after a
 * character it applies to).
 */
export function nameFault(name: string): string | null {
  let index = 0;
  for (const char of name) {
    const plainSpace = char === ' ';
    const selector = VARIATION_SELECTOR.test(char);
    if ((!plainSpace && !selector && REFUSED.test(char)) || (selector && index === 0)) {
      return `contains ${describeCharacter(char)}; names hold only visible characters and plain spaces`;
    }
    index += 1;
  }
  return null;
}
