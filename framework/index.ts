// The framework's public face for scripts.
export { defineScript, type CommandContext, type CommandDeclaration, type ScriptDeclaration, type ParamDeclaration } from './declaration.js';
export { chapter, section, subsection, type ExampleItem, type ExampleContext } from './examples.js';
export { problem, assert, usage, Problem, UsageError, ProgramFailed } from './problems.js';
export { runScript } from './run-script.js';
export { runIfMain, isMainModule } from './run-if-main.js';
export { commandsFrom } from './lazy-commands.js';
export { sourceFileOf, packageRoot, panelsDirectory } from './paths.js';
export type { Operations, RunResult } from './operations.js';
