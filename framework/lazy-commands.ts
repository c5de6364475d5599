// Command bodies kept in a module that is evaluated on first use: a script lists its
// examples without evaluating any of them, and a command pays only for its own.
import type { CommandContext } from './declaration.js';

type Run = (context: CommandContext) => Promise<void> | void;
/** The exports of a module that are command bodies. */
type CommandNames<Module> = { [Key in keyof Module]: Module[Key] extends Run ? Key : never }[keyof Module] & string;

/** `const lib = commandsFrom(() => import('./x.js'))`, then `run: lib('name')`. */
export function commandsFrom<Module>(load: () => Promise<Module>) {
  return (name: CommandNames<Module>) =>
    async (context: CommandContext): Promise<void> => {
      const body = (await load())[name] as Run;
      await body(context);
    };
}
