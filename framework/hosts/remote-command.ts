// The one string ssh sends to the remote shell: ssh joins its arguments with spaces and the
// remote login shell parses the result, so every word is quoted for a POSIX shell here.

/** Words that mean the same to every POSIX shell unquoted (no globs, expansions, ~ or = in front). */
const PLAIN_WORD = /^[A-Za-z0-9_.\/:,@+-][A-Za-z0-9_.\/:,@+=-]*$/;

/** One word for a POSIX shell: as it is when plain, else in single quotes (' written '\''). */
export function posixQuote(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The remote command line that makes the remote shell run exactly these words. */
export function remoteCommand(words: readonly string[]): string {
  return words.map(posixQuote).join(' ');
}
