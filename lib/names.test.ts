import { describe, expect, it } from 'vitest';
import { nameFault, normalName } from './names.js';

describe('names', () => {
  it('are compared in NFC', () => {
    expect(normalName('Cafe\u0301')).toBe('Caf\u00e9');
    expect(normalName('A\u030angstr\u00f6m')).toBe(normalName('\u00c5ngstro\u0308m'));
  });

  it.each([
    ['a\u200bb', 'U+200B ZERO WIDTH SPACE'],
    ['a\u202eb', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    ['a\u2066b', 'U+2066 LEFT-TO-RIGHT ISOLATE'],
    ['a\u00a0b', 'U+00A0 NO-BREAK SPACE'],
    ['a\u3000b', 'U+3000 IDEOGRAPHIC SPACE'],
    ['a\u115fb', 'U+115F HANGUL CHOSEONG FILLER'],
    ['a\u034fb', 'U+034F COMBINING GRAPHEME JOINER'],
    ['a\u0000b', 'U+0000 NULL'],
    ['a\ud800b', 'U+D800, half of a surrogate pair'],
    ['a\udfffb', 'U+DFFF, half of a surrogate pair'],
    ['a\u0378b', 'U+0378, a code point Unicode does not assign'],
    ['a\u{e0067}b', 'U+E0067, an invisible tag character'],
    ['a\u{1bca0}b', 'U+1BCA0, an invisible format character'],
    ['\ufe0fa', 'U+FE0F VARIATION SELECTOR-16'],
    ['A\ufe0e\ufe0eB', 'U+FE0E'],
    ['A\ufe0fB', 'U+FE0F'],
    ['\u2764\ufe0f\ufe0f', 'U+FE0F'],
    ['a\ue000b', 'U+E000, a private-use character'],
  ])('refuse %j, naming %s', (name, words) => {
    expect(nameFault(name)).toContain(words);
  });

  const visible = [
    'VM 1', 'Ünïcödé', '\u6559\u5ba4', '\u2764\ufe0f', '\u2764\ufe0e', '\u{1f600} lab', 'a\u0301', '\u05e9\u05dc\u05d5\u05dd',
  ];
  it.each(visible)('keep %j', (name) => expect(nameFault(name)).toBeNull());
});
