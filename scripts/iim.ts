// iim: the launcher: installed scripts, panels (terminal menu and org files), the lab.
import { chapter, defineScript, sourceFileOf } from '../framework/index.js';

export default defineScript({
  name: 'iim',
  brief: 'iim launcher: scripts, panels, and a whole local DNS lab',
  describe: `
The entry point: lists the installed iim scripts, lists and runs panel
entries (org files with iim: links) from a terminal menu, generates panels
from a script's examples, and brings up a local daemontools + djbdns lab.`,
  sourceFile: sourceFileOf(import.meta.url),
  panel: 'index',
  examples: () => [chapter('Panels')],
  commands: {},
});
