// The installed iim scripts, by command name; each module is imported only when asked for.
import type { ScriptDeclaration } from '../../framework/index.js';

type Loader = () => Promise<{ default: ScriptDeclaration }>;

export const SCRIPTS: Record<string, Loader> = {
  iim: () => import('../iim.js'),
  'iim-daemontools': () => import('../daemontools.js'),
  'iim-tinydns': () => import('../tinydns.js'),
  'iim-dnscache': () => import('../dnscache.js'),
};

export const scriptNames = (): string[] => Object.keys(SCRIPTS);
export const isScriptName = (name: string): boolean => Object.hasOwn(SCRIPTS, name);

export async function loadScript(name: string): Promise<ScriptDeclaration | undefined> {
  return isScriptName(name) ? (await SCRIPTS[name]()).default : undefined;
}
