import { isUtf8 } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

// bash itself is the oracle: each generated line is split by bash (printf "%s\0" words, in an
// empty directory, UTF-8 locale) and by splitWords({ bash: true }), and they must agree word for word.
describe('splitWords reads a line as bash does', () => {
  const pieces = [
    'plain', 'a-b.c', '*.example.test', 'x=1', "'single quoted'", "'it'\\''s'", "''", '""',
    '"double \\n stays"', '"a\\\\b"', '"q\\"q"', '"d\\$x"', '"tab\there"', "$'\\u00e9t\\u00e9'", "$'\\U0001F600'",
    "$'\\303\\251'", "$'\\351'", "$'\\x41\\x7e'", "$'\\q\\z'", "$'\\cA'", "$'it\\'s'", "$'\\a\\b\\e\\f\\v\\t\\r\\n'",
    "$'\\x'", "$'\\u'", "$'\\\\'", '$"locale"', 'back\\ slash', 'end\\', 'a\\"b', '\\#notcomment', 'a#b',
    "mid'dle'word", 'x"y"z', 'é', '\t',
  ];
  let seed = 12;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const lines = Array.from({ length: 300 }, () => {
    const words = Array.from({ length: 1 + random(5) }, () => pieces[random(pieces.length)]);
    const glue = words.map((w, i) => (i === 0 ? w : (random(4) === 0 ? '' : ' ') + w)).join('');
    return random(6) === 0 ? `${glue} # a comment 'unbalanced` : glue;
  });
  const directory = mkdtempSync(join(tmpdir(), 'iim-test-shell-words-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it.each(lines)('%s', (line) => {
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', `printf '%s\\0' __ ${line}`], { cwd: directory, env: { PATH: process.env.PATH, HOME: directory, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
    if (result.status !== 0) {
      expect(() => splitWords(line, { bash: true }), result.stderr.toString()).toThrow(/unbalanced|bash would read/);
      return;
    }
    const bashWords = result.stdout.subarray(0, -1).toString('latin1').split('\0').slice(1).map((w) => Buffer.from(w, 'latin1'));
    const valid = bashWords.every((bytes) => !bytes.includes(0) && isUtf8(bytes));
    if (!valid) {
      expect(() => splitWords(line, { bash: true })).toThrow(/not UTF-8/);
      return;
    }
    expect(splitWords(line, { bash: true })).toEqual(bashWords.map((bytes) => bytes.toString('utf8')));
  });

  it('refuses what bash would expand or run, instead of reading it differently', () => {
    for (const line of ['x$y', '"$HOME"', '`id`', 'a;b', 'a|b', '~/x', 'a{b,c}', '$(rm)', '"`id`"']) {
      expect(() => splitWords(line, { bash: true }), line).toThrow(/bash would read/);
    }
    expect(splitWords('x$y $(rm) ;')).toEqual(['x$y', '$(rm)', ';']);
  });
});
