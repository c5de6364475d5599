// Run a script declaration in-process with captured stdout and stderr.
import type { ScriptDeclaration } from '../../framework/declaration.js';
import { runScript } from '../../framework/run-script.js';

export async function runCaptured(script: ScriptDeclaration, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runScript(script, argv, {
    stdout: { write: (text: string) => ((stdout += text), true) } as never,
    stderr: { write: (text: string) => ((stderr += text), true) } as never,
  });
  return { status, stdout, stderr };
}
