import { describe, expect, it } from 'vitest';
import { shellLine, splitWords } from '../../framework/shell-words.js';

describe('splitWords', () => {
  it.each([
    ["a 'b c' \"d e\" f\\ g", ['a', 'b c', 'd e', 'f g']],
    ["'it'\\''s'", ["it's"]],
    ["$'it\\'s: a\\012b' $'\\t\\x41\\\\'", ["it's: a\nb", '\tA\\']],
    ['x$y $(rm) ;', ['x$y', '$(rm)', ';']],
  ])('%s', (line, words) => {
    expect(splitWords(line)).toEqual(words);
  });

  it('reads back what shellLine writes', () => {
    const words = ['plain', 'two words', "it's", '', '$HOME', 'a;b'];
    expect(splitWords(shellLine(words))).toEqual(words);
  });

  it('refuses an unbalanced quote', () => {
    expect(() => splitWords("$'open")).toThrow(/unbalanced \$'/);
    expect(() => splitWords("'open")).toThrow(/unbalanced '/);
  });
});
