// iim-daemontools: supervise services with the real daemontools (svscan, supervise, svc, svstat, multilog, envdir).
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chapter, defineScript, problem, section, sourceFileOf } from '../framework/index.js';
import type { CommandContext, CommandDeclaration } from '../framework/index.js';
import {
  isSupervised, linkService, processRuns, serviceTarget, stopAndUnlink, stopSupervised, svc, svscanPids, waitSupervised, withLog,
} from './lib/daemontools/control.js';
import { envFileContent, readEnvDir, validateEnvName, validateEnvValue } from './lib/daemontools/envdir.js';
import { lastLines, toLocalTimes } from './lib/daemontools/log-view.js';
import { logRunFileContent, parseMemoryLimit, runFileContent, validateCommand, validateUser } from './lib/daemontools/service-files.js';
import { validateServiceName } from './lib/daemontools/service-name.js';
import { entryExists, linkedServiceOf, linkPathOf, ownDirOf, serviceDirOf } from './lib/daemontools/service-paths.js';
import { statusLine, statusObject } from './lib/daemontools/status-report.js';
import { readServiceDirStatuses, readServiceStatus } from './lib/daemontools/supervise-status.js';

const yesNo = ['yes', 'no'] as const;
const timeoutMs = (params: Record<string, string>) => Number(params.timeout) * 1000;

/** A control command: validate every NAME, check supervise runs for each (svc would exit 0 anyway), then svc FLAGS. */
function control(flags: string, what: string): CommandDeclaration {
  return {
    describe: `${what} (svc ${flags}) for each NAME in serviceDir.`,
    args: ['NAME...'],
    needs: ['svc'],
    run: async ({ args, params, op }) => {
      const dirs = args.map((name) => linkedServiceOf(params, name));
      for (const dir of dirs) if (!isSupervised(dir)) notSupervised(params, dir);
      await svc(op, flags, dirs);
    },
  };
}

function notSupervised(params: Record<string, string>, dir: string): never {
  const hint = svscanPids(params.serviceDir).length ? 'svscan notices a new link within 5 s' : `no svscan runs on ${params.serviceDir} (start one: svscanStart)`;
  return problem('supervise is not running for %s: %s', dir, hint);
}

/** `-p restart=yes`: restart NAME after a change to its file variables, when it runs. */
async function restartIfAsked({ params, op, out }: CommandContext, name: string): Promise<void> {
  if (params.restart !== 'yes') return;
  const link = linkPathOf(params, name);
  if (entryExists(link) && isSupervised(link)) await svc(op, '-t', [link]);
  else out.note(`${name} is not supervised: nothing to restart`);
}

function envDirOf(params: Record<string, string>, name: string): string {
  const dir = join(serviceDirOf(params, name), 'env');
  if (!existsSync(dir)) problem('no env directory %s: the run file of %s does not use envdir ./env', dir, name);
  return dir;
}

function validateLineCount(text: string): number {
  if (!/^[1-9][0-9]{0,6}$/.test(text)) problem('bad line count "%s": expected a whole number from 1 to 9999999', text);
  return Number(text);
}

function logFileOf(params: Record<string, string>, name: string): string {
  return join(serviceDirOf(params, name), 'log', 'main', 'current');
}

export default defineScript({
  name: 'iim-daemontools',
  brief: 'daemontools: scanner, services, control, status, file variables, logs',
  describe: `
Drives the real daemontools programs: a private svscan over a service directory,
service directories with run, log/run (multilog) and env/ (envdir file variables),
control through svc, status read straight from supervise/status.

A service made by svcCreate lives in svcBase/NAME and is linked into serviceDir,
the daemontools way; svscan starts a supervise for it (and one for its log) within 5 s.

File variables are the simplest control method: one file per variable in env/,
the file's name is the variable, its first line the value (envdir).`,
  sourceFile: sourceFileOf(import.meta.url),
  panel: 'daemontools',
  params: {
    serviceDir: { describe: 'the directory svscan scans', default: '/etc/service' },
    svcBase: { describe: 'where service directories made by this script live', default: '/var/lib/iim/services' },
    user: { describe: 'svcCreate: run the command as this account (setuidgid)', default: '' },
    memoryLimit: { describe: 'svcCreate: softlimit -m for the command, like 64M', default: '' },
    purge: { describe: 'svcRemove: also delete svcBase/NAME', default: 'no', choices: yesNo },
    restart: { describe: 'env commands: restart the service after a change', default: 'no', choices: yesNo },
    timeout: {
      describe: 'seconds to wait for supervise to start or stop', default: '20',
      validate: (v) => (/^[1-9][0-9]{0,3}$/.test(v) ? undefined : 'expected whole seconds from 1 to 9999'),
    },
  },
  packages: {
    svscan: 'daemontools', supervise: 'daemontools', svc: 'daemontools', svok: 'daemontools', svstat: 'daemontools',
    multilog: 'daemontools', envdir: 'daemontools', setuidgid: 'daemontools', softlimit: 'daemontools', tai64nlocal: 'daemontools',
  },
  examples: ({ cmd, line, params }) => {
    const hello = join(params.serviceDir, 'hello');
    return [
      chapter('Scanner'),
      cmd('-i svscanStart', 'a private svscan on serviceDir (for sandboxes and tests)'),
      cmd('-i svscanStatus', 'does an svscan run on serviceDir, how many services are up'),
      cmd('-f -i svscanStop', 'stop svscan and every service under it'),
      chapter('Create and Remove'),
      section('Create'),
      cmd(['-i', 'svcCreate', 'hello', 'sh', '-c', 'echo hello from $GREETING; exec sleep 3600'], 'run, log/run, env/; linked into serviceDir'),
      cmd(['-p', 'user=nobody', '-p', 'memoryLimit=64M', '-i', 'svcCreate', 'limited', 'sleep', '3600'], 'as nobody, at most 64 MB'),
      cmd(['-f', '-i', 'svcCreate', 'hello', 'sleep', '7200'], 'rewrite the run file of an existing service and restart it'),
      cmd('-i svcShow hello', 'its run and log/run files and variables'),
      section('Remove'),
      cmd('-f -i svcRemove limited', 'unlink, svc -dx service and log, wait until supervise exits'),
      cmd('-f -p purge=yes -i svcRemove limited', 'the same, and delete its directory'),
      chapter('Control'),
      cmd('-i svcUp hello', 'svc -u'),
      cmd('-i svcDown hello', 'svc -d'),
      cmd('-i svcRestart hello', 'svc -t: TERM, supervise starts it again'),
      cmd('-i svcHup hello', 'svc -h: reload'),
      cmd('-i svcOnce hello', 'svc -o: run once, do not restart'),
      cmd('-i svcPause hello', 'svc -p: STOP'),
      cmd('-i svcContinue hello', 'svc -c: CONT'),
      cmd('-i svcAlarm hello', 'svc -a: ALRM'),
      cmd('-i svcInterrupt hello', 'svc -i: INT'),
      cmd('-i svcKill hello', 'svc -k: KILL'),
      cmd('-i svcNormallyDown hello', 'a down file: supervise does not start it by itself'),
      cmd('-i svcNormallyUp hello', 'remove the down file'),
      chapter('Status'),
      cmd('-i svcList', 'services in serviceDir and unlinked ones in svcBase'),
      cmd('-i svcStatus', 'every service: up/down, pid, seconds, normally, paused, wanted, log'),
      cmd('-i svcStatus hello', 'one or more services'),
      cmd('-p format=json -i svcStatus', 'as a JSON array'),
      line(['svstat', hello, join(hello, 'log')], 'the same through daemontools'),
      chapter('File Variables'),
      cmd('-i envList hello', 'every variable envdir sets from env/'),
      cmd('-i envSet hello GREETING world'),
      cmd('-p restart=yes -i envSet hello GREETING there', 'and restart the service so it sees it'),
      cmd('-i envGet hello GREETING'),
      cmd('-p restart=yes -i envUnset hello GREETING'),
      chapter('Logs'),
      cmd('-i logShow hello', 'the last 20 lines, in local time'),
      cmd('-i logShow hello 100'),
      cmd('-i logFollow hello', 'follow until interrupted (Ctrl-C)'),
      line(['tail', '-n', '5', join(hello, 'log', 'main', 'current')], 'the raw log, TAI64N stamps (tai64nlocal converts them)'),
    ];
  },
  commands: {
    svscanStart: {
      describe: 'Start a private svscan on serviceDir in the background; refuse when one already runs there.',
      needs: ['svscan', 'supervise'],
      run: async ({ params, op, out }) => {
        const running = svscanPids(params.serviceDir);
        if (running.length) problem('svscan already runs on %s (pid %s)', params.serviceDir, running.join(' '));
        await op.mkdir(params.serviceDir);
        const pid = await op.spawnDetached('svscan', [params.serviceDir], { logFile: join(params.serviceDir, '.svscan.log') });
        if (pid === undefined) return;
        if (!(await op.waitFor(`svscan (pid ${pid}) runs`, () => svscanPids(params.serviceDir).includes(pid), 5000))) {
          problem('svscan (pid %s) did not start on %s: see %s', pid, params.serviceDir, join(params.serviceDir, '.svscan.log'));
        }
        const dirs = serviceEntries(params.serviceDir).flatMap((name) => withLog(join(params.serviceDir, name)));
        await op.waitFor(`supervise runs for the ${dirs.length} directories in ${params.serviceDir}`, () => dirs.every(isSupervised), timeoutMs(params));
        out.result(`svscan runs on ${params.serviceDir} (pid ${pid})`);
      },
    },
    svscanStatus: {
      describe: 'Say whether an svscan runs on serviceDir (its pids) and how many of its services are up.',
      run: ({ params, out }) => {
        const pids = svscanPids(params.serviceDir);
        const statuses = existsSync(params.serviceDir) ? readServiceDirStatuses(params.serviceDir) : [];
        const up = statuses.filter((s) => s.state === 'up').length;
        if (params.format === 'json') return out.json({ serviceDir: params.serviceDir, running: pids.length > 0, pids, services: statuses.length, up });
        out.result(pids.length ? `svscan runs on ${params.serviceDir} (pid ${pids.join(' ')})` : `no svscan runs on ${params.serviceDir}`);
        out.result(`${statuses.length} services, ${up} up`);
      },
    },
    svscanStop: {
      describe: 'Stop the svscan on serviceDir, then every service and logger under it (svc -dx), waiting until their supervise processes exit. Links stay.',
      destructive: true,
      needs: ['svc'],
      run: async ({ params, op, out }) => {
        const pids = svscanPids(params.serviceDir);
        // svscan first, so it cannot start supervise again once they exit (DJB-LAB).
        for (const pid of pids) await op.signal(pid, 'SIGTERM');
        if (pids.length && !(await op.waitFor(`svscan ${pids.join(' ')} exits`, () => !pids.some(processRuns), 5000))) {
          for (const pid of pids.filter(processRuns)) await op.signal(pid, 'SIGKILL');
        }
        const dirs = serviceEntries(params.serviceDir).flatMap((name) => withLog(join(params.serviceDir, name)));
        await stopSupervised(op, op.performs ? dirs.filter(isSupervised) : dirs, timeoutMs(params));
        if (pids.length === 0) out.note(`no svscan ran on ${params.serviceDir}`);
      },
    },

    svcCreate: {
      describe: `Make svcBase/NAME (run: exec envdir ./env [softlimit] [setuidgid] COMMAND ARGS; log/run: multilog t ./main; env/),
link it into serviceDir and wait until supervise runs it. An existing NAME needs -f (its run files are rewritten, env/ kept, the service restarted).`,
      args: ['NAME', 'COMMAND', '[ARGS...]'],
      needs: ['supervise', 'multilog', 'envdir'],
      run: async ({ args: [name, ...command], params, op, out, force }) => {
        validateServiceName(name);
        const spec = {
          command: validateCommand(command),
          user: params.user ? validateUser(params.user) : undefined,
          memoryLimitBytes: params.memoryLimit ? parseMemoryLimit(params.memoryLimit) : undefined,
        };
        const dir = ownDirOf(params, name);
        const link = linkPathOf(params, name);
        const linked = entryExists(link);
        if ((linked || entryExists(dir)) && !force) problem('service "%s" exists (%s): to rewrite its run files, specify -f', name, linked ? link : dir);
        if (linked && serviceTarget(link) !== serviceTarget(dir)) problem('%s is not a link to %s: remove it first (svcRemove)', link, dir);
        await op.mkdir(join(dir, 'env'));
        await op.mkdir(join(dir, 'log', 'main'));
        await op.writeFile(join(dir, 'log', 'run'), logRunFileContent(), 0o755);
        await op.writeFile(join(dir, 'run'), runFileContent(spec), 0o755);
        if (linked) {
          if (isSupervised(link)) await svc(op, '-t', [link]);
          return;
        }
        await op.mkdir(params.serviceDir);
        await linkService(op, dir, params.serviceDir, name);
        if (svscanPids(params.serviceDir).length === 0) {
          out.note(`no svscan runs on ${params.serviceDir}: ${name} starts when one does (svscanStart)`);
        } else if (!(await waitSupervised(op, dir, timeoutMs(params)))) {
          problem('supervise did not start for %s within %s s', link, params.timeout);
        }
      },
    },
    svcShow: {
      describe: "Print a service's run and log/run files and its file variables.",
      args: ['NAME'],
      run: ({ args: [name], params, out }) => {
        const dir = serviceDirOf(params, name);
        for (const file of ['run', 'log/run']) {
          const path = join(dir, file);
          if (existsSync(path)) out.write(`==> ${path} <==\n${readFileSync(path, 'utf8')}`);
        }
        if (existsSync(join(dir, 'env'))) {
          out.write(`==> ${join(dir, 'env')} <==\n`);
          for (const [variable, value] of readEnvDir(join(dir, 'env'))) out.result(value === null ? `${variable} (unset)` : `${variable}=${value}`);
        }
      },
    },
    svcRemove: {
      describe: 'Stop NAME for good: unlink it from serviceDir, svc -dx it and its log, wait until supervise exits. Its directory stays unless -p purge=yes.',
      args: ['NAME'],
      destructive: true,
      needs: ['svc'],
      run: async ({ args: [name], params, op, out }) => {
        const link = linkPathOf(params, name);
        const own = ownDirOf(params, name);
        let dir = own;
        if (entryExists(link)) {
          if (!isLink(link)) {
            problem('%s is a directory, not a link: rename it to %s first so svscan forgets it', link, join(params.serviceDir, `.${name}`));
          }
          dir = await stopAndUnlink(op, link, timeoutMs(params));
        } else if (!existsSync(own)) {
          problem('no service "%s": neither %s nor %s exists', name, link, own);
        }
        if (params.purge !== 'yes') return;
        if (existsSync(own) && serviceTarget(dir) === serviceTarget(own)) await op.remove(own);
        else out.warn(`not purged: ${dir} is not ${own}`);
      },
    },
    svcNormallyDown: {
      describe: 'Create the down file of each NAME: supervise will not start it by itself (svcUp still does).',
      args: ['NAME...'],
      run: async ({ args, params, op }) => {
        const dirs = args.map((name) => serviceDirOf(params, name));
        for (const dir of dirs) await op.writeFile(join(dir, 'down'), '');
      },
    },
    svcNormallyUp: {
      describe: 'Remove the down file of each NAME: supervise starts it when it starts.',
      args: ['NAME...'],
      run: async ({ args, params, op }) => {
        const dirs = args.map((name) => serviceDirOf(params, name));
        for (const dir of dirs) await op.unlink(join(dir, 'down'));
      },
    },

    svcUp: control('-u', 'Start the service and restart it whenever it stops'),
    svcDown: control('-d', 'Stop the service (TERM then CONT) and leave it down'),
    svcRestart: control('-t', 'Send TERM: supervise starts the service again'),
    svcHup: control('-h', 'Send HUP (reload)'),
    svcOnce: control('-o', 'Start the service once; do not restart it when it stops'),
    svcKill: control('-k', 'Send KILL'),
    svcPause: control('-p', 'Send STOP (pause)'),
    svcContinue: control('-c', 'Send CONT (continue)'),
    svcAlarm: control('-a', 'Send ALRM'),
    svcInterrupt: control('-i', 'Send INT'),

    svcList: {
      describe: 'List the services in serviceDir (with the directory each points to), then those in svcBase not linked.',
      run: ({ params, out }) => {
        const linked = serviceEntries(params.serviceDir).map((name) => ({ name, dir: serviceTarget(join(params.serviceDir, name)), linked: true }));
        const targets = new Set(linked.map((s) => s.dir));
        const unlinked = serviceEntries(params.svcBase)
          .map((name) => ({ name, dir: serviceTarget(join(params.svcBase, name)), linked: false }))
          .filter((s) => !targets.has(s.dir));
        const all = [...linked, ...unlinked];
        if (params.format === 'json') return out.json(all);
        for (const s of all) out.result(s.linked ? `${s.name}\t${s.dir}` : `${s.name}\t${s.dir}\t(not linked)`);
      },
    },
    svcStatus: {
      describe: 'Status of each NAME (all in serviceDir when none), read from supervise/status like svstat: up/down, pid, seconds, normally up/down, paused, wanted state, and the log service.',
      args: ['[NAME...]'],
      run: ({ args, params, out }) => {
        const now = Math.floor(Date.now() / 1000);
        const statuses = args.length
          ? args.map((name) => readServiceStatus(linkedServiceOf(params, name), name, now))
          : readServiceDirStatuses(params.serviceDir);
        if (params.format === 'json') return out.write(JSON.stringify(statuses.map(statusObject)) + '\n');
        out.write(statuses.map((s) => statusLine(s) + '\n').join(''));
      },
    },

    envList: {
      describe: 'List the file variables of NAME (env/, as envdir reads them; "(unset)": an empty file removes the variable).',
      args: ['NAME'],
      run: ({ args: [name], params, out }) => {
        const entries = readEnvDir(envDirOf(params, name));
        if (params.format === 'json') return out.json(Object.fromEntries(entries));
        for (const [variable, value] of entries) out.result(value === null ? `${variable} (unset)` : `${variable}=${value}`);
      },
    },
    envGet: {
      describe: 'Print the value envdir gives VAR for NAME.',
      args: ['NAME', 'VAR'],
      run: ({ args: [name, variable], params, out }) => {
        validateEnvName(variable);
        const value = readEnvDir(envDirOf(params, name)).get(variable);
        if (value === undefined) problem('%s has no variable %s', name, variable);
        if (value === null) problem('%s: %s is unset (an empty file)', name, variable);
        out.result(value);
      },
    },
    envSet: {
      describe: 'Set VAR to VALUE for NAME (one file in env/, written atomically); -p restart=yes restarts the service.',
      args: ['NAME', 'VAR', 'VALUE'],
      run: async (context) => {
        const [name, variable, value] = context.args;
        validateEnvValue(validateEnvName(variable), value);
        const dir = envDirOf(context.params, name);
        await context.op.writeFile(join(dir, variable), envFileContent(value));
        await restartIfAsked(context, name);
      },
    },
    envUnset: {
      describe: 'Remove VAR from the env/ of NAME (the service then inherits it, if at all); -p restart=yes restarts the service.',
      args: ['NAME', 'VAR'],
      run: async (context) => {
        const [name, variable] = context.args;
        validateEnvName(variable);
        const file = join(envDirOf(context.params, name), variable);
        if (!existsSync(file)) return context.out.note(`${name} has no variable ${variable}`);
        await context.op.unlink(file);
        await restartIfAsked(context, name);
      },
    },

    logShow: {
      describe: 'Print the last LINES (default 20) of log/main/current of NAME, TAI64N stamps as local time.',
      args: ['NAME', '[LINES]'],
      run: ({ args: [name, count = '20'], params, out }) => {
        const lines = validateLineCount(count);
        const file = logFileOf(params, name);
        if (!existsSync(file)) problem('no log yet: %s does not exist', file);
        const shown = toLocalTimes(lastLines(file, lines));
        if (shown.length) out.write(shown.join('\n') + '\n');
      },
    },
    logFollow: {
      describe: 'Print the last lines of log/main/current of NAME, then follow it (across rotations) until interrupted.',
      args: ['NAME'],
      run: async ({ args: [name], params, out }) => {
        const file = logFileOf(params, name);
        const { followLog } = await import('./lib/daemontools/log-view.js');
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          await followLog(file, 10, out.write, stop.signal);
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    },
  },
});

/** Entries svscan would consider in DIR (dot files skipped), sorted. */
function serviceEntries(dir: string): string[] {
  return readdirSafe(dir).filter((name) => !name.startsWith('.')).sort();
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
