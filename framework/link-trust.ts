// Which panel lines run without a question. A line from an org file nobody vetted may name any
// program (`sh -c ...`), any file beside the panel (its content proves nothing), or one of our
// scripts with a command that changes the machine: so a line runs unasked only when it is one of
// our installed scripts, reaches no other host or privilege, and its dry run changes nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PLAN_REPORT_VARIABLE, planReportFile, type PlanReport } from './action-plan.js';
import { parseInvocation, type Invocation } from './argv.js';
import { confirmOfLine, isDestructiveLine, programFor, type ScriptCatalog } from './panel-launch.js';
import { isExecutable } from './requirements.js';
import { splitWords } from './shell-words.js';

/** Parameters that reach other hosts (ssh), another user (sudo) or another program (Emacs). */
export const REACHING_PARAMS = ['hosts', 'sshConfig', 'inventory', 'sudo', 'emacsSocket'] as const;

/** A dry run that takes longer is no answer: the line asks. */
const DRY_RUN_TIMEOUT_MS = 20_000;

export interface TrustOptions {
  /** The panel's directory: a program beside it is named in the reason. */
  panelDirectory?: string;
  /** Where the line will run (the dry run runs there too); else this process's directory. */
  cwd?: string;
}

/**
 * Why LINE must be confirmed before it runs (`would change things: 1 action, the first: ...`,
 * `reaches other hosts (-p hosts)`), or undefined when it may run unasked: its first word is an
 * installed iim script, it sets no run mode (-n), no -f and no -r, gives none of REACHING_PARAMS,
 * its command is neither destructive nor asks to be confirmed, and its dry run (the same line
 * under -n showOnly) plans no action at all.
 */
export async function whyConfirm(line: string, catalog: ScriptCatalog, options: TrustOptions = {}): Promise<string | undefined> {
  let words: string[];
  try {
    words = splitWords(line);
  } catch (error) {
    return `cannot be split into words (${(error as Error).message})`;
  }
  const [name, ...rest] = words;
  if (name === undefined) return 'is empty';
  if (!catalog.names().includes(name)) return notOurs(name, options.panelDirectory);
  let invocation: Invocation;
  try {
    invocation = parseInvocation(rest);
  } catch (error) {
    return `cannot be read as an iim command line (${(error as Error).message})`;
  }
  const why = optionsProblem(rest, invocation) ?? loadsScriptFiles(name, invocation);
  if (why) return why;
  if (await isDestructiveLine(line, catalog)) return 'is destructive';
  const confirm = await confirmOfLine(line, catalog);
  if (confirm) return confirm;
  // Inside a dry run a nested panel line is only shown (an action): no dry run of it, no recursion.
  if (planReportFile()) return undefined;
  return whyDryRunAsks(programFor(name, catalog), rest, options.cwd);
}

function notOurs(name: string, panelDirectory: string | undefined): string {
  if (panelDirectory !== undefined && !name.includes('/') && isExecutable(resolve(panelDirectory, name))) {
    return `runs ./${name}, a program beside the panel, not an installed iim script`;
  }
  return `runs ${JSON.stringify(name)}, which is not an installed iim script`;
}

function optionsProblem(words: readonly string[], invocation: Invocation): string | undefined {
  if (invocation.force) return 'is destructive'; // -f: whatever its command, it forces it
  // -n in the line is fine: its dry run only shows, whatever mode the line names (run-script.ts).
  if (invocation.record !== undefined) return `records to ${invocation.record} (-r)`;
  const given = invocation.givenParams.map(([key]) => key);
  const hosts = given.find((key) => key === 'hosts' || key === 'sshConfig' || key === 'inventory');
  if (hosts) return `reaches other hosts (-p ${hosts})`;
  if (given.includes('sudo')) return 'runs through sudo (-p sudo)';
  if (given.includes('emacsSocket')) return 'talks to another Emacs (-p emacsSocket)';
  return undefined;
}

/**
 * Why a line of iim's panel commands would run code named by the line: panelGenerate imports a
 * script file to read its examples, and panelsUpdate FILE... every script file FILE's blocks
 * name, even under -n showOnly, so the dry run itself would run it.
 */
function loadsScriptFiles(name: string, invocation: Invocation): string | undefined {
  const [first] = invocation.args;
  if (name !== 'iim' || first === undefined) return undefined;
  if (invocation.command === 'panelGenerate' && (first.includes('/') || /\.m?js$/.test(first))) {
    return `loads ${first}, a script file: its code runs`;
  }
  if (invocation.command === 'panelsUpdate') return `loads the script files ${first}'s blocks may name: their code runs`;
  return undefined;
}

/** Run WORDS under -n showOnly, with the plan reported on its own channel; why it asks, if it does. */
async function whyDryRunAsks(program: string, words: readonly string[], cwd?: string): Promise<string | undefined> {
  const scratch = mkdtempSync(join(tmpdir(), 'iim-link-trust-'));
  const reportFile = join(scratch, 'plan.json');
  try {
    const ended = await new Promise<{ status: number | null; error?: Error; stderr: string }>((done) => {
      const child = execFile(program, ['-n', 'showOnly', ...words], {
        cwd, timeout: DRY_RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, [PLAN_REPORT_VARIABLE]: reportFile },
      }, (error, _stdout, stderr) => done({ status: child.exitCode, error: error ?? undefined, stderr: String(stderr) }));
      child.stdin?.end();
    });
    let report: PlanReport;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as PlanReport;
    } catch {
      const said = ended.stderr.trim().split('\n').pop() || ended.error?.message || `exit status ${ended.status}`;
      return `could not be checked: its dry run (-n showOnly) told nothing (${said})`;
    }
    if (report.actions > 0) {
      return `would change things: ${report.actions} action${report.actions === 1 ? '' : 's'}, the first: ${report.first}`;
    }
    // No action planned, so none can run; a line that fails (a query that finds nothing) fails unasked.
    if (ended.status === 0 || ended.status === 1) return undefined;
    const said = ended.stderr.trim().split('\n')[0];
    return `could not be checked: its dry run (-n showOnly) ended with exit status ${ended.status ?? ended.error?.message}${said ? ` (${said})` : ''}`;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
