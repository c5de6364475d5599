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

const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const RETURN = 13;
const SEMICOLON = 59;
const OPEN = 40;
const CLOSE = 41;
const QUOTE = 34;
const BACKSLASH = 92;

/** Splits TEXT into entries; a problem (unclosed quote or parenthesis) ends only its own entry. */
export function tokenize(text: string): { entries: Entry[]; problems: TokenProblem[] } {
  const entries: Entry[] = [];
  const problems = eachEntry(text, (entry) => entries.push(entry));
  return { entries, problems };
}

/**
 * Gives each entry of TEXT to ON_ENTRY as soon as it ends (so that entries die young: a
 * 100,000-record file is not held as tokens), and returns the problems. An entry spoilt by an
 * unclosed parenthesis or quote, or a ")" without "(", is not given at all.
 */
export function eachEntry(text: string, onEntry: (entry: Entry) => void): TokenProblem[] {
  // One charCode scan over the text; words are slices of it.
  const problems: TokenProblem[] = [];
  const spoilt = new Set<number>();
  const length = text.length;
  let line = 1;
  let entry: Entry | undefined;
  let depth = 0;
  let openedAt = 0;
  let i = 0;
  const finish = () => {
    if (entry && entry.tokens.length && !spoilt.has(entry.line)) onEntry(entry);
    entry = undefined;
  };
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
      i++;
      if (depth === 0) finish();
      continue;
    }
    if (depth === 0 && (i === 0 || text.charCodeAt(i - 1) === NEWLINE)) {
      finish();
      entry = { line, blankOwner: c === SPACE || c === TAB, tokens: [] };
    }
    entry ??= { line, blankOwner: false, tokens: [] };
    if (c === SPACE || c === TAB || c === RETURN) {
      i++;
    } else if (c === SEMICOLON) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? length : end;
    } else if (c === OPEN) {
      if (depth++ === 0) openedAt = line;
      i++;
    } else if (c === CLOSE) {
      if (depth === 0) {
        problems.push({ line, message: '")" without "("' });
        spoilt.add(line);
      }
      else depth--;
      i++;
    } else if (c === QUOTE) {
      const start = line;
      const from = ++i;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === QUOTE) break;
        if (d === BACKSLASH && i + 1 < length) i++;
        if (text.charCodeAt(i) === NEWLINE) line++;
        i++;
      }
      if (i >= length) {
        problems.push({ line: start, message: 'unclosed quoted string: add the closing "' });
        entry = undefined;
        depth = 0;
        continue;
      }
      entry.tokens.push({ text: text.slice(from, i), quoted: true });
      i++;
    } else {
      const from = i;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === SPACE || d === TAB || d === RETURN || d === NEWLINE || d === SEMICOLON || d === OPEN || d === CLOSE || d === QUOTE) break;
        if (d === BACKSLASH && i + 1 < length && text.charCodeAt(i + 1) !== NEWLINE) i++;
        i++;
      }
      entry.tokens.push({ text: text.slice(from, i), quoted: false });
    }
  }
  if (depth > 0) {
    problems.push({ line: openedAt, message: 'unclosed "(": add the ")" that ends this record' });
    entry = undefined;
  }
  finish();
  return problems;
}

/** The bytes a word stands for: \DDD is the byte DDD (0-255), \X is X. */
export function wordBytes(word: string): Buffer {
  if (word.indexOf('\\') < 0) return Buffer.from(word, 'utf8');
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
