// The installed iim scripts, by command name: iim itself (the running script, handed in, so
// nothing here imports it back) and the scripts it drives, each imported only when asked for.
import type { ScriptDeclaration } from '../../framework/index.js';

type Loader = () => Promise<{ default: ScriptDeclaration }>;

const DRIVEN: Record<string, Loader> = {
  'iim-daemontools': () => import('../daemontools.js'),
  'iim-tinydns': () => import('../tinydns.js'),
  'iim-dnscache': () => import('../dnscache.js'),
};

export interface InstalledScripts {
  names(): string[];
  load(name: string): Promise<ScriptDeclaration | undefined>;
}

/** The installed scripts as seen from IIM, the declaration of the iim script that runs. */
export function installedScripts(iim: ScriptDeclaration): InstalledScripts {
  const names = [iim.name, ...Object.keys(DRIVEN)];
  return {
    names: () => names,
    load: async (name) => (name === iim.name ? iim : Object.hasOwn(DRIVEN, name) ? (await DRIVEN[name]()).default : undefined),
  };
}
