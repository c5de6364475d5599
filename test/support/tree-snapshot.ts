// The whole of a directory tree as data, to show that a refused command changed nothing.
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Every file, directory and link under DIR with its type, mode and content: to show nothing changed. */
export function snapshotTree(dir: string, skip: (relative: string) => boolean = () => false): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      const path = relative ? `${relative}/${name}` : name;
      if (skip(path)) continue;
      const full = join(dir, path);
      const stats = lstatSync(full);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) entries[path] = `link ${mode} -> ${readlinkSync(full)}`;
      else if (stats.isDirectory()) {
        entries[path] = `dir ${mode}`;
        walk(path);
      } else if (stats.isFIFO()) entries[path] = `fifo ${mode}`;
      else entries[path] = `file ${mode} ${readFileSync(full).toString('base64')}`;
    }
  };
  walk('');
  return entries;
}
