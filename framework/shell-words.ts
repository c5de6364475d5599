// Quote words for display as a copy-pasteable shell line. Only for showing:
// programs are always run with an argument vector, never through a shell.

const SAFE_WORD = /^[A-Za-z0-9_\-+=.,:/@%^]+$/;

export function quoteWord(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellLine(words: readonly string[]): string {
  return words.map(quoteWord).join(' ');
}

const C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };

/** bash's $'…' from just after its opening quote: the text, and where its closing quote is. */
function ansiCQuoted(line: string, start: number): [string, number] {
  let text = '';
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (c === "'") return [text, i];
    if (c !== '\\' || i + 1 >= line.length) {
      text += c;
      continue;
    }
    const next = line[++i];
    const octal = /^[0-7]{1,3}/.exec(line.slice(i, i + 3));
    const hex = next === 'x' ? /^[0-9A-Fa-f]{1,2}/.exec(line.slice(i + 1, i + 3)) : null;
    if (octal) {
      text += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
      i += octal[0].length - 1;
    } else if (hex) {
      text += String.fromCharCode(parseInt(hex[0], 16));
      i += hex[0].length;
    } else {
      text += C_ESCAPES[next] ?? next;
    }
  }
  throw new Error(`unbalanced $' in: ${line}`);
}

/** Split an example or panel command line into words: whitespace-separated, with '…', "…" and $'…' quoting. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unbalanced ' in: ${line}`);
      current += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '$' && line[i + 1] === "'") {
      const [text, end] = ansiCQuoted(line, i + 2);
      current += text;
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        current += line[j];
      }
      if (j >= line.length) throw new Error(`unbalanced " in: ${line}`);
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
