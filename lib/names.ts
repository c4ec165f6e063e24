import { describeCharacter } from './characters.js';

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
 * default-ignorable characters (fillers that draw nothing), private-use characters, and
 * variation selectors except one right after an emoji, where it chooses how the emoji is
 * drawn (the emoji form of "❤"): after a letter it draws nothing, so "A\ufe0eB" would look
 * like "AB".
 */
const REFUSED = /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Co}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}]/u;
const VARIATION_SELECTOR = /\p{Variation_Selector}/u;
const EMOJI = /\p{Extended_Pictographic}/u;

/**
 * Why a name cannot be used, naming the first character that may not be in it, or null
 * when every character is visible (or a plain space, or a variation selector right after
 * an emoji).
 */
export function nameFault(name: string): string | null {
  let before = '';
  for (const char of name) {
    const plainSpace = char === ' ';
    const selector = VARIATION_SELECTOR.test(char);
    if ((!plainSpace && !selector && REFUSED.test(char)) || (selector && !EMOJI.test(before))) {
      return `contains ${describeCharacter(char)}; names hold only visible characters and plain spaces`;
    }
    before = char;
  }
  return null;
}
