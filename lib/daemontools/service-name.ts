// A daemontools service name: one file name under the service directory, safe in a path.

import { InvalidInput, quote } from '../invalid-input.js';

export const SERVICE_NAME_MAX_LENGTH = 64;
const allowed = /^[A-Za-z0-9._@+-]+$/;

/** Return `name` when it is a usable service name, else throw InvalidInput saying why. */
export function validateServiceName(name: string): string {
  const expected = `expected one file name of 1-${SERVICE_NAME_MAX_LENGTH} characters from [A-Za-z0-9._@+-], not starting with "."`;
  const bad = (why: string): never => {
    throw new InvalidInput(`bad service name ${quote(name)}: ${why}; ${expected}`);
  };
  if (name.length === 0) bad('empty');
  if (name.length > SERVICE_NAME_MAX_LENGTH) bad(`${name.length} characters is too long`);
  if (name.includes('/')) bad('contains "/"');
  if (name === '.' || name === '..') bad('is a directory reference');
  if (name.startsWith('.')) bad('starts with "." (svscan ignores such entries)');
  if (/[\x00-\x1f\x7f]/.test(name)) bad('contains a control character');
  if (!allowed.test(name)) bad('contains a character outside [A-Za-z0-9._@+-]');
  return name;
}

export function isValidServiceName(name: string): boolean {
  try {
    validateServiceName(name);
    return true;
  } catch {
    return false;
  }
}
