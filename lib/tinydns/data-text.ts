// A data file as text: whole lines, found and appended without disturbing the others.
/** Is LINE (without newline) one of the lines of TEXT? */
export function hasLine(text: string, line: string): boolean {
  return text === line || text.startsWith(line + '\n') || text.includes('\n' + line + '\n') || text.endsWith('\n' + line);
}

export function appendLine(text: string, line: string): string {
  return text === '' || text.endsWith('\n') ? `${text}${line}\n` : `${text}\n${line}\n`;
}
