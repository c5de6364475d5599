// Which panel lines run without a question: a line from an org file nobody vetted may name
// any program (`sh -c ...`, `env rm -rf ...`), so only our own scripts run unasked.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { confirmOfLine, isDestructiveLine, type ScriptCatalog } from './panel-launch.js';
import { isExecutable } from './requirements.js';
import { splitWords } from './shell-words.js';

const HEAD_BYTES = 8192;

/**
 * An iim script file (as iim -i scriptStart writes one): its first 8 KB import defineScript
 * and runIfMain from a framework. Read, never run.
 */
export function isIimScriptFile(path: string): boolean {
  if (!isExecutable(path)) return false;
  let head = '';
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      head = buffer.toString('utf8', 0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  const imports = /^import\s*\{([^}]*)\}\s*from\s*['"][^'"]*framework[^'"]*['"]/m.exec(head);
  return imports !== null && /\bdefineScript\b/.test(imports[1]) && /\brunIfMain\b/.test(imports[1]);
}

/**
 * Why LINE must be confirmed before it runs (`runs sh, which is not an iim script`,
 * `is destructive`), or undefined when it may run unasked: its program is one of our
 * scripts, or an iim script file beside the panel, and it is not destructive.
 */
export async function whyConfirm(line: string, catalog: ScriptCatalog, panelDirectory?: string): Promise<string | undefined> {
  let words: string[];
  try {
    words = splitWords(line);
  } catch (error) {
    return `cannot be split into words (${(error as Error).message})`;
  }
  const [name] = words;
  if (name === undefined) return 'is empty';
  const ours = catalog.names().includes(name)
    || (panelDirectory !== undefined && !name.includes('/') && isIimScriptFile(join(panelDirectory, name)));
  if (!ours) return `runs ${JSON.stringify(name)}, which is not an iim script`;
  if (await isDestructiveLine(line, catalog)) return 'is destructive';
  const confirm = await confirmOfLine(line, catalog);
  if (confirm) return confirm;
  return undefined;
}
