// Quote words for display as a copy-pasteable shell line, and split such lines into words
// the way bash does. Only for showing and reading: programs are always run with an argument
// vector, never through a shell.

const SAFE_WORD = /^[A-Za-z0-9_\-+=.,:/@%^]+$/;

export function quoteWord(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellLine(words: readonly string[]): string {
  return words.map(quoteWord).join(' ');
}

/** bash's one-letter escapes of $'…' (\E as \e); any other letter keeps its backslash. */
const C_ESCAPES: Record<string, number> = { a: 7, b: 8, e: 27, E: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

/** A word's bytes as they build up: quoted escapes give bytes, the line's text gives UTF-8. */
class WordBytes {
  private readonly parts: number[] = [];
  text(s: string): void {
    for (const byte of Buffer.from(s, 'utf8')) this.parts.push(byte);
  }
  byte(b: number): void {
    this.parts.push(b);
  }
  take(line: string): string {
    const bytes = Buffer.from(this.parts);
    this.parts.length = 0;
    if (bytes.includes(0)) throw new Error(`a NUL byte cannot be part of a word, in: ${line}`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new Error(`a word is not UTF-8 text (an escape gives a byte of its own), in: ${line}`);
    }
  }
}

/** bash's $'…' from just after its opening quote, into WORD; returns where its closing quote is. */
function ansiCQuoted(line: string, start: number, word: WordBytes): number {
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (c === "'") return i;
    if (c !== '\\' || i + 1 >= line.length) {
      word.text(c);
      continue;
    }
    const next = line[i + 1];
    const digits = (pattern: RegExp, from: number) => pattern.exec(line.slice(from))?.[0] ?? '';
    const octal = digits(/^[0-7]{1,3}/, i + 1);
    if (octal) {
      word.byte(parseInt(octal, 8) & 0xff);
      i += octal.length;
    } else if (next === 'x' && digits(/^[0-9A-Fa-f]{1,2}/, i + 2)) {
      const hex = digits(/^[0-9A-Fa-f]{1,2}/, i + 2);
      word.byte(parseInt(hex, 16));
      i += 1 + hex.length;
    } else if ((next === 'u' || next === 'U') && digits(/^[0-9A-Fa-f]/, i + 2)) {
      const hex = digits(next === 'u' ? /^[0-9A-Fa-f]{1,4}/ : /^[0-9A-Fa-f]{1,8}/, i + 2);
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new Error(`\\${next}${hex} is not a character, in: ${line}`);
      word.text(String.fromCodePoint(code));
      i += 1 + hex.length;
    } else if (next === 'c' && i + 2 < line.length && line[i + 2] !== "'") {
      word.byte(line.charCodeAt(i + 2) & 0x1f);
      i += 2;
    } else if (next in C_ESCAPES) {
      word.byte(C_ESCAPES[next]);
      i += 1;
    } else {
      word.text('\\'); // bash keeps an unknown escape as it is written
    }
  }
  throw new Error(`unbalanced $' in: ${line}`);
}

export interface SplitOptions {
  /**
   * Refuse what bash would expand or treat as an operator, instead of keeping it literally:
   * $ and ` outside single quotes, ; & | < > ( ) {, and ~ starting a word. Globs (* ? [) stay
   * literal, as bash leaves a pattern that matches no file.
   */
  bash?: boolean;
}

/**
 * Split a command line into words as bash does: blanks separate words; '…' is literal; "…"
 * keeps a backslash except before $ ` " \; $'…' decodes C escapes (\n, \NNN, \xHH, \uHHHH…);
 * an unquoted backslash quotes the next character; an unquoted # starting a word begins a comment.
 */
export function splitWords(line: string, options: SplitOptions = {}): string[] {
  const words: string[] = [];
  const word = new WordBytes();
  let inWord = false;
  const refuse = (what: string) => {
    throw new Error(`bash would read ${what} here (expansion or operator): quote it with '…', in: ${line}`);
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unbalanced ' in: ${line}`);
      word.text(line.slice(i + 1, end));
      i = end;
      inWord = true;
    } else if (c === '$' && line[i + 1] === "'") {
      i = ansiCQuoted(line, i + 2, word);
      inWord = true;
    } else if (c === '"' || (c === '$' && line[i + 1] === '"')) {
      let j = c === '$' ? i + 2 : i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '$`"\\'.includes(line[j + 1])) j++;
        else if (options.bash && (line[j] === '$' || line[j] === '`')) refuse(`"${line[j]}" inside double quotes`);
        word.text(line[j]);
      }
      if (j >= line.length) throw new Error(`unbalanced " in: ${line}`);
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word.text(line[++i]);
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word.take(line));
      inWord = false;
    } else if (c === '#' && !inWord) {
      break;
    } else {
      if (options.bash && ('$`;&|<>(){'.includes(c) || (c === '~' && !inWord))) refuse(`"${c}"`);
      word.text(c);
      inWord = true;
    }
  }
  if (inWord) words.push(word.take(line));
  return words;
}
