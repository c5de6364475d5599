// The framework's public face for scripts. A script is scripts/NAME.ts (its declaration: the
// manual) with its bodies in scripts/NAME/, loaded lazily through commandsFrom; djb knowledge
// lives in lib/. Inside the framework imports go one way (test/layout.test.ts): run-modes at the
// bottom, then operations, output and examples, then declaration.ts (the types a script is
// written against), then argv, params and help, and run-script at the top.
export { defineScript, type CommandContext, type CommandDeclaration, type ScriptDeclaration, type ParamDeclaration } from './declaration.js';
export { chapter, section, subsection, type ExampleItem, type ExampleContext } from './examples.js';
export { problem, assert, usage, Problem, UsageError, ProgramFailed } from './problems.js';
export { runScript } from './run-script.js';
export { runIfMain, isMainModule } from './run-if-main.js';
export { commandsFrom } from './lazy-commands.js';
export { sourceFileOf, packageBin, packageRoot, panelsDirectory } from './paths.js';
export type { Operations, RunResult } from './operations.js';
export { commandLineFor, type CommandLine } from './command-line.js';
