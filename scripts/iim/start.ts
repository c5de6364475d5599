// iim -i scriptStart FILE: a new iim script from the template, ready to run and to edit.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandContext } from '../../framework/declaration.js';
import { packageRoot } from '../../framework/paths.js';
import { problem } from '../../framework/problems.js';
import { shellLine } from '../../framework/shell-words.js';
import { STARTER_FILE_NAME, starterScript } from './starter-script.js';

export async function scriptStart({ args: [file], op, out, force }: CommandContext): Promise<void> {
  const path = resolve(file);
  const name = basename(path);
  if (!STARTER_FILE_NAME.test(name)) {
    problem('bad FILE "%s": expected a name like lastname-iim.mjs (a letter, then letters, digits, _ or -, and .mjs so Node runs it as an ES module)', file);
  }
  const directory = dirname(path);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) problem('no directory %s to start %s in', directory, name);
  if (existsSync(path) && !force) problem('%s exists: -f replaces it with the template', path);
  const framework = join(packageRoot(), 'dist', 'framework', 'index.js');
  if (!existsSync(framework)) problem('no %s: build iim-ts first (npm run build)', framework);
  await op.writeFile(path, starterScript(name, pathToFileURL(framework).href), { mode: 0o755, keepExisting: false });
  if (!op.performs) return;
  const shown = file.includes('/') ? file : `./${file}`;
  out.result(`started ${path}: an iim script on the framework in ${packageRoot()}`);
  out.result('Try:');
  for (const [words, what] of [
    [[shown], 'its examples'],
    [[shown, '-i', 'greetingSet', 'world', 'hello'], 'run a command'],
    [[shown, '-i', 'visit'], 'edit it (emacsclient, else $VISUAL or $EDITOR)'],
    [['iim', '-i', 'panelGenerate', shown, 'Panel.org'], 'a panel of its examples'],
  ] as const) {
    out.result(`  ${shellLine([...words]).padEnd(48)} # ${what}`);
  }
  out.result(`Its examples print ${shown} while ${directory} is not on PATH, so they run as printed; its panel's links run the script beside the panel.`);
}
