// The text of a new iim script (iim -i scriptStart FILE): the course's startIimGeneric.sh,
// for this framework. A runnable ES module that imports this installation's framework, with
// a description, parameters, examples, two commands, input checked through problem() and
// every change made through op, so -n showOnly, -v and -r work on it from the first run.

/** Spelled in pieces: bin/bundle.mjs rewrites that expression wherever it appears in our sources. */
const MODULE_URL = ['import', 'meta', 'url'].join('.');

/** FILE's name must say "ES module" to Node; the script's name is that file name. */
export const STARTER_FILE_NAME = /^[A-Za-z][A-Za-z0-9_-]*\.mjs$/;

export function starterScript(name: string, frameworkUrl: string): string {
  const stem = name.replace(/\.mjs$/, '');
  return `#!/usr/bin/env node
// ${name}: an iim script. With no arguments it prints its examples; -i COMMAND runs one.
// Started by \`iim -i scriptStart\`. Make it yours, in this order (the course's steps):
// the examples, the description, the commands (the functionality), their problem() checks.
// Then: ${name} -i visit (this file in Emacs or $EDITOR), iim -i panelGenerate ./${name} Panel.org.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chapter, defineScript, problem, runIfMain, sourceFileOf } from '${frameworkUrl}';

/** A greeting's name becomes a file name: nothing that could climb out of dir. */
const checkedName = (name) => {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) problem('bad NAME "%s": letters, digits, _ and - only', name);
  return name;
};

/** The directory this script is in: its data lives beside it, not somewhere in /tmp. */
const here = dirname(fileURLToPath(${MODULE_URL}));

const script = defineScript({
  name: '${name}',
  brief: 'greetings kept as file variables (replace with what ${stem} is for)',
  describe: \`
An iim script started from the template. It keeps one greeting per file in a
directory, the way envdir keeps variables: replace this text, the examples and
the commands with your own.\`,
  sourceFile: sourceFileOf(${MODULE_URL}),
  params: {
    dir: { describe: 'where the greetings live', default: join(here, '${stem}-greetings') },
  },
  examples: ({ cmd }) => [
    chapter('Greetings'),
    cmd('-i greetingSet world hello there', 'keep a greeting for world'),
    cmd('-i greetingList', 'every greeting'),
    cmd('-n showOnly -i greetingSet world hi', 'what greetingSet would do, nothing done'),
  ],
  commands: {
    greetingSet: {
      describe: 'Keep TEXT as the greeting of NAME: one file in dir, written atomically.',
      args: ['NAME', 'TEXT...'],
      run: async ({ args: [name, ...text], params, op, out }) => {
        const file = join(params.dir, checkedName(name));
        await op.mkdir(params.dir);
        await op.writeFile(file, text.join(' ') + '\\n');
        out.done(\`\${name}: \${text.join(' ')}\`);
      },
    },
    greetingList: {
      describe: 'Print every greeting in dir, one NAME: TEXT line each.',
      run: async ({ params, out }) => {
        if (!existsSync(params.dir)) problem('no %s yet: keep a greeting first (-i greetingSet NAME TEXT)', params.dir);
        for (const name of readdirSync(params.dir).filter((entry) => !entry.startsWith('.')).sort()) {
          out.result(\`\${name}: \${readFileSync(join(params.dir, name), 'utf8').trimEnd()}\`);
        }
      },
    },
  },
});

export default script;
runIfMain(script, ${MODULE_URL});
`;
}
