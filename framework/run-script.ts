// One lifecycle for every script: parse → resolve parameters → check → run → report.
// Its single catch is the only place that turns a failure into a message and an exit status.
import { relative } from 'node:path';
import type { CommandContext, CommandDeclaration, ScriptDeclaration } from './declaration.js';
import { arityOf } from './declaration.js';
import { ActionPlan, planReportFile } from './action-plan.js';
import { parseInvocation, type Invocation } from './argv.js';
import { signalExitStatus, stopSignal } from './child-processes.js';
import { decide, Operations, type OperationsObserver } from './operations.js';
import { createOutput, doneLine, type Output, type Streams } from './output.js';
import { configuredParams, resolveParams } from './params.js';
import { Problem, UsageError } from './problems.js';
import type { SessionRecord } from './recording.js';
import { checkPrograms, isRoot } from './requirements.js';
import { commandNamed, SEEDED_COMMANDS } from './seeded-commands.js';

async function findCommand(script: ScriptDeclaration, name: string): Promise<CommandDeclaration> {
  const command = commandNamed(script, name);
  if (command) return command;
  const { closestNames } = await import('./suggest.js');
  const close = closestNames(name, [...Object.keys(script.commands), ...Object.keys(SEEDED_COMMANDS)]);
  throw new UsageError(
    `unknown command "${name}"`,
    close.length ? `did you mean: ${close.join(', ')}?` : `list the commands with: ${script.name} -i list`,
  );
}

async function checkArity(script: ScriptDeclaration, name: string, command: CommandDeclaration, args: string[]): Promise<void> {
  const { min, max } = arityOf(command.args);
  if (args.length >= min && args.length <= max) return;
  const { usageLine } = await import('./help.js');
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  const plural = (max === Infinity ? min : max) === 1 ? '' : 's';
  throw new UsageError(
    `${name} takes ${expected} argument${plural}, got ${args.length}`,
    `usage: ${usageLine(script, name, command)}`,
  );
}

type Trace = (level: number, message: string) => void;

function observerFor(script: ScriptDeclaration, commandName: string, invocation: Invocation, out: Output, json: boolean, trace: Trace, record?: SessionRecord): OperationsObserver {
  let lastOrigin: string | undefined;
  return {
    before(action, line, origin, decision) {
      trace(2, `action (${decision.run ? 'to run' : 'shown only'}): ${line.split('\n')[0]}`);
      if (invocation.verbose && origin !== lastOrigin) {
        out.diagnostic(out.errorColors.heading(`** [${script.name} ${commandName}] ${origin ? relative(process.cwd(), origin) : ''}`) + '\n');
        lastOrigin = origin;
      }
      if (decision.show && json && invocation.mode === 'showOnly') {
        out.write(JSON.stringify({ ...action, run: decision.run }) + '\n');
      } else if (decision.show || invocation.verbose) {
        out.diagnostic(out.errorColors.shown(line) + '\n');
      }
      record?.action(action, line, origin, decision.run);
    },
    after(action, outcome) {
      const said = !outcome.ran ? 'not run' : outcome.error ? `failed: ${outcome.error}` : `exit status ${outcome.status ?? 'none'}`;
      trace(3, `${action.action} ${said}${outcome.output ? `, ${outcome.output.length} bytes of output` : ''}`);
      record?.outcome(outcome);
    },
  };
}

const PROTECTED_MODES = new Set(['runSafe', 'showProtected', 'showRunProtected']);

/**
 * The output a command writes to: its result text also recorded (-r), and its change lines
 * (out.done) saying when the actions behind them were only shown or skipped; -q silences those.
 * Under -n showOnly -p format=json stdout holds the plan, so a change line goes to stderr.
 */
function resultsOf(out: Output, op: Operations, { quiet, json, record }: { quiet: boolean; json: boolean; record?: SessionRecord }): Output {
  const result = (text: string) => {
    record?.result(text + '\n');
    out.result(text);
  };
  return {
    ...out,
    result,
    write: (text) => {
      record?.result(text);
      out.write(text);
    },
    json: (value) => {
      record?.result(JSON.stringify(value, null, 2) + '\n');
      out.json(value);
    },
    done: (text) => {
      if (quiet) return;
      const line = doneLine(text, op.tally);
      if (json) out.note(line);
      else result(line);
    },
  };
}

async function reRunThroughSudo(argv: readonly string[]): Promise<number> {
  const { spawnSync } = await import('node:child_process');
  const script = process.argv[1];
  const result = spawnSync('sudo', ['--', process.execPath, script, ...argv], { stdio: 'inherit' });
  if (result.error) throw new Problem(`could not re-run through sudo: ${result.error.message}`);
  return result.status ?? 1;
}

function report(script: ScriptDeclaration, commandName: string | undefined, error: unknown, out: Output, traceLevel: number): number {
  const colors = out.errorColors;
  const where = commandName ? `${script.name}: ${commandName}` : script.name;
  if (error instanceof UsageError) {
    out.diagnostic(colors.problem(`${where}: usage: ${error.message}`) + '\n');
    if (error.hint) out.diagnostic(`${error.hint}\n`);
    out.diagnostic(`see: ${script.name} --help\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  out.diagnostic(colors.problem(`${where}: ${message}`) + '\n');
  if (!(error instanceof Problem) && traceLevel >= 5 && error instanceof Error && error.stack) {
    out.diagnostic(error.stack + '\n');
  }
  return 1;
}

/**
 * A reader that stops early (`| head`, `| true`) closes the pipe under us: stop quietly, as
 * a filter would, instead of dying on EPIPE with a stack trace. Any other write error
 * (ENOSPC on /dev/full, EIO) is one line on stderr and exit status 1.
 */
function stopWhenOutputFails(stream: NodeJS.WriteStream, scriptName: string): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    const which = stream === process.stdout ? 'standard output' : 'standard error';
    try {
      if (stream !== process.stderr) process.stderr.write(`${scriptName}: cannot write ${which}: ${error.message}\n`);
    } finally {
      process.exit(1);
    }
  });
}

/** Run a script with a command line; returns the exit status (0, 1 problem, 2 usage). */
export async function runScript(
  script: ScriptDeclaration,
  argv: readonly string[] = process.argv.slice(2),
  streams?: Streams,
): Promise<number> {
  if (!streams) {
    stopWhenOutputFails(process.stdout, script.name);
    stopWhenOutputFails(process.stderr, script.name);
  }
  const out = await createOutput(streams);
  let commandName: string | undefined;
  let traceLevel = 0;
  let record: SessionRecord | undefined;
  let plan: ActionPlan | undefined;
  try {
    const parsed = parseInvocation(argv);
    const planFile = planReportFile();
    // A dry run for the panel-link check only shows, whatever -n its line gives.
    const invocation = planFile ? { ...parsed, mode: 'showOnly' as const } : parsed;
    traceLevel = invocation.trace;
    if (planFile) plan = new ActionPlan(planFile, invocation.mode);
    const resolved = resolveParams(script.params ?? {}, invocation.givenParams, configuredParams(script.name, script.params ?? {}));
    const trace = (level: number, message: string) => {
      if (invocation.trace >= level) out.diagnostic(`TRACE[${level}] ${script.name}: ${message}\n`);
    };
    trace(9, `invocation ${JSON.stringify(invocation)}`);

    if (invocation.version) {
      const { packageVersion } = await import('./paths.js');
      out.write(`${script.name} ${packageVersion()}\n`);
      return 0;
    }
    if (invocation.help) {
      const { renderHelp } = await import('./help.js');
      out.write(renderHelp(script, SEEDED_COMMANDS));
      return 0;
    }
    if (invocation.command === undefined && invocation.args.length > 0) {
      const first = invocation.args[0];
      const hint = commandNamed(script, first)
        ? `did you mean: ${script.name} -i ${invocation.args.join(' ')}?`
        : `list the commands with: ${script.name} -i list`;
      throw new UsageError(`No action taken: arguments "${invocation.args.join(' ')}" without -i COMMAND`, hint);
    }
    commandName = invocation.command ?? 'examples';
    const command = await findCommand(script, commandName);
    await checkArity(script, commandName, command, invocation.args);
    const isSeeded = !Object.hasOwn(script.commands, commandName);
    if (!isSeeded && resolved.missingMandatory.length > 0) {
      const name = resolved.missingMandatory[0];
      throw new UsageError(`parameter ${name} is mandatory`, `give it with -p ${name}=VALUE (${(script.params ?? {})[name]?.describe})`);
    }

    // Of the seeded commands only a report (params: the values and sources there) goes to the hosts.
    const fansOut = isSeeded ? command.report === true : !command.runsHere;
    if (fansOut && resolved.values.hosts) {
      if (plan) {
        plan.count(`ssh to the hosts ${resolved.values.hosts}`); // a dry run reaches no host
        return 0;
      }
      const { runOnHosts } = await import('./hosts/fan-out.js');
      await runOnHosts({ script, commandName, command, invocation, params: resolved.values, out });
      return 0;
    }

    const performs = decide(invocation.mode, false).run;
    if (command.destructive && !invocation.force && performs) {
      throw new Problem('destructive: if you really want to do it, specify -f');
    }
    if (command.root && !isRoot() && performs) {
      if (resolved.values.sudo === 'yes') return await reRunThroughSudo(argv);
      throw new Problem('needs root: run it as root, or add -p sudo=yes to re-run it through sudo');
    }
    if (command.needs && performs) checkPrograms(command.needs, script.packages);

    if (invocation.record && plan) throw new Problem('a dry run for a panel link records nothing (-r)');
    if (invocation.record) {
      const { SessionRecord } = await import('./recording.js');
      record = new SessionRecord(invocation.record, script.name, argv, script.sourceFile, invocation.mode);
      out.note(`recording to ${record.path}`);
    }
    trace(1, `command ${commandName} ${JSON.stringify(invocation.args)}, run mode ${invocation.mode}, parameters ${JSON.stringify(resolved.values)}`);
    if (PROTECTED_MODES.has(invocation.mode) && !isSeeded && !command.protectedSections) {
      out.note(`${commandName} has no protected sections: -n ${invocation.mode} ${decide(invocation.mode, false).show ? 'shows and ' : ''}runs every action like ${decide(invocation.mode, false).show ? 'showRun' : 'runOnly'}`);
    }
    if (resolved.values.emacsSocket) process.env.EMACS_SOCKET_NAME = resolved.values.emacsSocket; // emacsclient's own variable: every editor call reads it
    const json = resolved.values.format === 'json';
    const askBeforeRunning = invocation.mode === 'seeRun' ? (await import('./step-prompt.js')).terminalStepPrompt() : undefined;
    const observer = observerFor(script, commandName, invocation, out, json, trace, record);
    const op = new Operations(invocation.mode, plan ? plan.observing(observer) : observer, invocation.verbose || record !== undefined, askBeforeRunning);

    const context: CommandContext = {
      script, command: commandName, args: invocation.args, params: resolved.values, paramSources: resolved.sources,
      op, out: resultsOf(out, op, { quiet: Boolean(invocation.quiet), json: json && invocation.mode === 'showOnly', record }),
      force: invocation.force, verbose: invocation.verbose, trace, invocation,
    };
    await command.run(context);
    const stoppedBy = stopSignal();
    record?.finish(stoppedBy ? signalExitStatus(stoppedBy) : 0);
    return stoppedBy ? signalExitStatus(stoppedBy) : 0;
  } catch (error) {
    const reported = report(script, commandName, error, out, traceLevel);
    // A signal stopped us (its programs were stopped too, and waited for): exit as a shell expects, 128+n.
    const stoppedBy = stopSignal();
    const status = stoppedBy ? signalExitStatus(stoppedBy) : reported;
    if (record) {
      record.note('Problem', error instanceof Error ? error.message : String(error));
      record.finish(status);
    }
    return status;
  } finally {
    plan?.write();
  }
}
