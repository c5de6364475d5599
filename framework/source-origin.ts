// Where an action came from, for -v: the first stack frame outside the framework, named by its
// TypeScript line. The bins are bundles, so each frame goes through the bundle's source map.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = undefined; // not a bundle (sources under test), or no map shipped
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** The source file and line behind a position in a (possibly bundled) file. */
function originalPosition(file: string, line: number, column: number): { file: string; line: number } {
  const entry = sourceMapOf(file)?.findEntry(line - 1, column - 1);
  if (!entry || !('originalSource' in entry)) return { file, line };
  const source = entry.originalSource.startsWith('file:')
    ? fileURLToPath(entry.originalSource)
    : resolve(dirname(file), entry.originalSource); // a map names sources relative to itself
  return { file: source, line: entry.originalLine + 1 };
}

/** `/absolute/path/file.ts:LINE` of the first frame outside the framework. */
export function callerOrigin(): string | undefined {
  const frames = new Error().stack?.split('\n').slice(2) ?? [];
  for (const frame of frames) {
    const match = /\(?([^()\s]+):(\d+):(\d+)\)?$/.exec(frame);
    if (!match || match[1].startsWith('node:')) continue;
    const path = match[1].startsWith('file:') ? fileURLToPath(match[1]) : match[1];
    const origin = originalPosition(path, Number(match[2]), Number(match[3]));
    if (origin.file.includes('/framework/') || origin.file.includes('/node_modules/')) continue;
    return `${origin.file}:${origin.line}`;
  }
  return undefined;
}
