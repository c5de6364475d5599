// Parameters (-p NAME=VALUE): declared defaults, then the command line; checked before anything runs.
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

export type ParamSource = 'default' | '-p' | 'unset';

export interface ResolvedParams {
  values: Record<string, string>;
  sources: Record<string, ParamSource>;
  /** Mandatory parameters not given: a usage error for any command but the seeded ones. */
  missingMandatory: string[];
}

export function resolveParams(
  declared: Record<string, ParamDeclaration>,
  given: ReadonlyArray<[string, string]>,
): ResolvedParams {
  const all = { ...FRAMEWORK_PARAMS, ...declared };
  const values: Record<string, string> = {};
  const sources: Record<string, ParamSource> = {};
  const missingMandatory: string[] = [];

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
