import { describe, expect, it } from 'vitest';
import { describeCharacter } from './characters.js';

describe('describeCharacter', () => {
  it.each([
    ['\u200d', 'U+200D ZERO WIDTH JOINER'],
    ['\u{e0001}', 'U+E0001 LANGUAGE TAG'],
    ['\n', 'U+000A LINE FEED'],
    ['\u0000', 'U+0000 NULL'],
    ['\u0090', 'U+0090, a control character'],
    ['\u{e0041}', 'U+E0041, an invisible tag character'],
    ['\u2001', 'U+2001 EM QUAD'],
    ['\u2002', 'U+2002 EN SPACE'],
  ])('names %j as %s', (char, words) => expect(describeCharacter(char)).toBe(words));
});
