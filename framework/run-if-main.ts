// A script file that is both a program and a module: run it, and it runs; import it (iim
// -i panelGenerate reads its examples that way), and it only declares.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScriptDeclaration } from './declaration.js';
import { runScript } from './run-script.js';

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Whether the module at moduleUrl is the file node was started with (links followed). */
export function isMainModule(moduleUrl: string, entry = process.argv[1]): boolean {
  if (!entry) return false;
  const module = realPath(fileURLToPath(moduleUrl));
  return module !== undefined && module === realPath(entry);
}

/** `runIfMain(script, import.meta.url)` at the end of a script file: run it when it is the program. */
export function runIfMain(script: ScriptDeclaration, moduleUrl: string): void {
  if (!isMainModule(moduleUrl)) return;
  void runScript(script).then((status) => {
    process.exitCode = status;
  });
}
