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
 * default-ignorable characters (fillers that draw nothing), apart from variation selectors,
 * which choose how the character before them is drawn (the emoji form of "❤").
 */
const REFUSED = /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}]/u;
const VARIATION_SELECTOR = /\p{Variation_Selector}/u;

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
