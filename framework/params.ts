// Parameters (-p NAME=VALUE): declared defaults, a user's own defaults in
// $XDG_CONFIG_HOME/iim/SCRIPT/NAME (one file per parameter, envdir's way: its first line is
// the value), then the command line; checked before anything runs.
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ParamDeclaration } from './declaration.js';
import { HOST_PARAMS } from './hosts/params.js';
import { UsageError } from './problems.js';
import { closestNames } from './suggest.js';

/** Parameters every script has. */
export const FRAMEWORK_PARAMS: Record<string, ParamDeclaration> = {
  format: { describe: 'Output format of reports and of -n showOnly plans', default: 'text', choices: ['text', 'json'] },
  sudo: { describe: 'Re-run through sudo when a command needs root', default: 'no', choices: ['yes', 'no'] },
  emacsSocket: {
    describe: 'Emacs server to open files in (emacs --daemon=NAME): its name or socket path; unset: $EMACS_SOCKET_NAME, else the default server',
    validate: (value) => (value.includes('\0') || value === '' ? 'expected a server name or a socket path' : undefined),
  },
  ...HOST_PARAMS,
};

export type ParamSource = 'default' | 'config' | '-p' | 'unset';

export interface ResolvedParams {
  values: Record<string, string>;
  sources: Record<string, ParamSource>;
  /** Mandatory parameters not given: a usage error for any command but the seeded ones. */
  missingMandatory: string[];
}

/** The directory of SCRIPT's own defaults: $XDG_CONFIG_HOME/iim/SCRIPT (~/.config/iim/SCRIPT). */
export function configDirectory(scriptName: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'iim', scriptName);
}

/**
 * A user's defaults for SCRIPT: each file NAME in its config directory, first line the value
 * (envdir's rule). Only the script's own parameters: the host fan-out and sudo are chosen per
 * invocation. A file naming no parameter is a usage error, as a -p would be.
 */
export function configuredParams(scriptName: string, declared: Record<string, ParamDeclaration>, env: NodeJS.ProcessEnv = process.env): Array<[string, string, string]> {
  const directory = configDirectory(scriptName, env);
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const file = join(directory, name);
    if (!Object.hasOwn(declared, name)) {
      const close = closestNames(name, Object.keys(declared));
      throw new UsageError(`${file}: unknown parameter "${name}" of ${scriptName}`, close.length ? `did you mean: ${close.join(', ')}?` : `parameters: ${Object.keys(declared).join(', ')}`);
    }
    return [name, readFileSync(file, 'utf8').split('\n')[0], file];
  });
}

export function resolveParams(
  declared: Record<string, ParamDeclaration>,
  given: ReadonlyArray<[string, string]>,
  configured: ReadonlyArray<[string, string, string]> = [],
): ResolvedParams {
  const all = { ...FRAMEWORK_PARAMS, ...declared };
  const values: Record<string, string> = {};
  const sources: Record<string, ParamSource> = {};
  const missingMandatory: string[] = [];

  const givenNames = new Set(given.map(([name]) => name));
  for (const [name, value, file] of configured) {
    if (givenNames.has(name)) continue;
    const declaration = all[name];
    if (declaration.choices && !declaration.choices.includes(value)) {
      throw new UsageError(`bad value "${value}" for parameter ${name} in ${file}`, `expected one of: ${declaration.choices.join(', ')}`);
    }
    const complaint = declaration.validate?.(value);
    if (complaint) throw new UsageError(`bad value "${value}" for parameter ${name} in ${file}: ${complaint}`);
    values[name] = value;
    sources[name] = 'config';
  }

  for (const [name, value] of given) {
    const declaration = Object.hasOwn(all, name) ? all[name] : undefined;
    if (!declaration) {
      const close = closestNames(name, Object.keys(all));
      throw new UsageError(`unknown parameter "${name}"`, close.length ? `did you mean: ${close.join(', ')}?` : `parameters: ${Object.keys(all).join(', ')}`);
    }
    if (declaration.choices && !declaration.choices.includes(value)) {
      throw new UsageError(`bad value "${value}" for parameter ${name}`, `expected one of: ${declaration.choices.join(', ')}`);
    }
    const complaint = declaration.validate?.(value);
    if (complaint) throw new UsageError(`bad value "${value}" for parameter ${name}: ${complaint}`);
    values[name] = value;
    sources[name] = '-p';
  }

  // Static defaults first, then computed ones (which may use the others).
  for (const pass of ['static', 'computed'] as const) {
    for (const [name, declaration] of Object.entries(all)) {
      if (Object.hasOwn(values, name)) continue;
      const isComputed = typeof declaration.default === 'function';
      if ((pass === 'computed') !== isComputed) continue;
      if (declaration.mandatory) missingMandatory.push(name);
      if (declaration.mandatory || declaration.default === undefined) {
        values[name] = '';
        sources[name] = 'unset';
        continue;
      }
      values[name] = typeof declaration.default === 'function' ? declaration.default(values) : declaration.default;
      sources[name] = 'default';
    }
  }
  return { values, sources, missingMandatory };
}
