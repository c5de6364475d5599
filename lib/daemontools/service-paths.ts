// Where a named service lives: its link in the scanned directory and its directory under svcBase.
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInput, quote } from '../invalid-input.js';
import { serviceTarget } from './control.js';
import { validateServiceName } from './service-name.js';

/** The script's parameters; serviceDir and svcBase are used. */
export type ServicePlaces = Readonly<Record<string, string>>;

export const linkPathOf = (places: ServicePlaces, name: string): string => join(places.serviceDir, validateServiceName(name));
export const ownDirOf = (places: ServicePlaces, name: string): string => join(places.svcBase, validateServiceName(name));

/** lstat that says "nothing there" instead of throwing. */
export function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The service directory of NAME: what its link in serviceDir points to, else svcBase/NAME. */
export function serviceDirOf(places: ServicePlaces, name: string): string {
  const link = linkPathOf(places, name);
  if (entryExists(link)) return requireRunFile(serviceTarget(link));
  const own = ownDirOf(places, name);
  if (existsSync(own)) return requireRunFile(own);
  throw new InvalidInput(`no service ${quote(name)}: neither ${link} nor ${own} exists`);
}

/** A service directory is one with a run file (supervise runs ./run; without it the service never starts). */
function requireRunFile(dir: string): string {
  if (existsSync(dir) && !existsSync(join(dir, 'run'))) throw new InvalidInput(`${dir} is not a service directory: it has no run file`);
  return dir;
}

/** The path of NAME in serviceDir (what svc and supervise see); it must exist. */
export function linkedServiceOf(places: ServicePlaces, name: string): string {
  const link = linkPathOf(places, name);
  if (!entryExists(link)) throw new InvalidInput(`no service ${quote(name)} in ${places.serviceDir}`);
  requireRunFile(link);
  return link;
}
