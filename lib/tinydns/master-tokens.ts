// RFC 1035 §5.1 master-file tokens: entries (one per logical line, parentheses joining
// lines), words kept with their escapes, quoted strings, ";" comments dropped.

export interface Token {
  /** The word as written, escapes (\X, \DDD) kept, quotes removed. */
  text: string;
  quoted: boolean;
}

export interface Entry {
  /** The line the entry starts on (1-based). */
  line: number;
  /** The line starts with a blank: the owner is the previous one. */
  blankOwner: boolean;
  tokens: Token[];
}

export interface TokenProblem {
  line: number;
  message: string;
}

/** Splits TEXT into entries; a problem (unclosed quote or parenthesis) ends only its own entry. */
export function tokenize(text: string): { entries: Entry[]; problems: TokenProblem[] } {
  const entries: Entry[] = [];
  const problems: TokenProblem[] = [];
  let line = 1;
  let entry: Entry | undefined;
  let depth = 0;
  let openedAt = 0;
  let i = 0;
  const atLineStart = () => i === 0 || text[i - 1] === '\n';
  const finish = () => {
    if (entry && entry.tokens.length) entries.push(entry);
    entry = undefined;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      if (depth === 0) finish();
      continue;
    }
    if (atLineStart() && depth === 0) {
      finish();
      entry = { line, blankOwner: c === ' ' || c === '\t', tokens: [] };
    }
    entry ??= { line, blankOwner: false, tokens: [] };
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '(') {
      if (depth++ === 0) openedAt = line;
      i++;
    } else if (c === ')') {
      if (depth === 0) problems.push({ line, message: '")" without "("' });
      else depth--;
      i++;
    } else if (c === '"') {
      const start = line;
      let word = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) word += text[i++];
        if (text[i] === '\n') line++;
        word += text[i++];
      }
      if (i >= text.length) {
        problems.push({ line: start, message: 'unclosed quoted string: add the closing "' });
        entry = undefined;
        depth = 0;
        continue;
      }
      i++;
      entry.tokens.push({ text: word, quoted: true });
    } else {
      let word = '';
      while (i < text.length && !' \t\r\n;()"'.includes(text[i])) {
        if (text[i] === '\\' && i + 1 < text.length && text[i + 1] !== '\n') word += text[i++];
        word += text[i++];
      }
      entry.tokens.push({ text: word, quoted: false });
    }
  }
  if (depth > 0) {
    problems.push({ line: openedAt, message: 'unclosed "(": add the ")" that ends this record' });
    entry = undefined;
  }
  finish();
  // An entry spoilt by an unclosed parenthesis or quote is not read at all.
  const spoilt = new Set(problems.map((p) => p.line));
  return { entries: entries.filter((e) => !spoilt.has(e.line)), problems };
}

/** The bytes a word stands for: \DDD is the byte DDD (0-255), \X is X. */
export function wordBytes(word: string): Buffer {
  const raw = Buffer.from(word, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 92) {
      out.push(raw[i]);
      continue;
    }
    if (i + 1 >= raw.length) throw new Error(`bad escape in "${word}": "\\" at the end`);
    const digits = raw.subarray(i + 1, i + 4).toString('latin1');
    if (/^[0-9]/.test(digits)) {
      if (!/^[0-9]{3}$/.test(digits)) throw new Error(`bad escape in "${word}": \\DDD takes three decimal digits`);
      const value = Number(digits);
      if (value > 255) throw new Error(`bad escape in "${word}": \\${digits} > 255`);
      out.push(value);
      i += 3;
    } else {
      out.push(raw[++i]);
    }
  }
  return Buffer.from(out);
}
