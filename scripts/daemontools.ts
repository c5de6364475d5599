// iim-daemontools: supervise services with the real daemontools (svscan, supervise, svc, svstat, multilog, envdir).
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { chapter, commandsFrom, defineScript, problem, section, sourceFileOf } from '../framework/index.js';
import type { CommandDeclaration } from '../framework/index.js';
import { validateServiceName } from '../lib/daemontools/service-name.js';
import { statusLine, statusObject } from '../lib/daemontools/status-report.js';
import { readServiceDirStatuses, readServiceStatus } from '../lib/daemontools/supervise-status.js';

// Command bodies load on demand: a status report over hundreds of services pays only for itself.
const scanner = commandsFrom(() => import('./daemontools/scanner.js'));
const services = commandsFrom(() => import('./daemontools/services.js'));
const env = commandsFrom(() => import('./daemontools/env.js'));
const logs = commandsFrom(() => import('./daemontools/logs.js'));

const yesNo = ['yes', 'no'] as const;

/** A control command: svc FLAGS on each NAME in serviceDir. */
function control(flags: string, what: string): CommandDeclaration {
  return {
    describe: `${what} (svc ${flags}) for each NAME in serviceDir.`,
    args: ['NAME...'],
    needs: ['svc'],
    run: async (context) => (await import('./daemontools/control.js')).control(flags, context),
  };
}

/** NAME in serviceDir, checked before anything is read. */
function statusPath(serviceDir: string, name: string): string {
  const path = join(serviceDir, validateServiceName(name));
  try {
    lstatSync(path);
  } catch {
    problem('no service "%s" in %s', name, serviceDir);
  }
  return path;
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
    env: { describe: 'svcCreate: file variables written into env/ before the service first starts, VAR=VALUE,VAR=VALUE', default: '' },
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
      cmd('-i svcVisit hello', 'its run file in the editor: start from run'),
      cmd('-i svcVisit hello env', 'its file variables: env/ (dired in Emacs)'),
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
      chapter('Many Hosts'),
      cmd('-p hosts=ns1,ns2 -i svcStatus', 'the same command on each host over ssh, each line prefixed with its host'),
      cmd('-p hosts=@dns -p forks=20 -i svcStatus', 'every host of group dns in the inventory, 20 at a time'),
      cmd('-p hosts=@dns -p restart=yes -i envSet hello GREETING fleet', 'one change on every host; exit 1 names the hosts that failed'),
      cmd('-n showOnly -p hosts=@dns -i svcCreate hello sleep 3600', "each host's plan, nothing changed anywhere"),
      cmd('-p hosts=ns1,ns2 -p format=json -i svcStatus', 'one JSON object per host: host, status, stdout, stderr'),
      cmd('-p hosts=@dns -i envList hello', 'a report: one "== HOST ==" block per host'),
      cmd('-p hosts=@dns -p output=grouped -i svcStatus', 'any command grouped per host (output=lines: prefixed)'),
      cmd('-p hosts=ns1,ns2 -f -i svcRemove hello', 'destructive on many hosts: without -f it asks once at a terminal'),
    ];
  },
  commands: {
    svscanStart: {
      describe: 'Start a private svscan on serviceDir in the background; refuse when one already runs there.',
      needs: ['svscan', 'supervise'],
      run: scanner('svscanStart'),
    },
    svscanStatus: {
      describe: 'Say whether an svscan runs on serviceDir (its pids) and how many of its services are up.',
      run: scanner('svscanStatus'),
    },
    svscanStop: {
      describe: 'Stop the svscan on serviceDir, then every service and logger under it (svc -dx), waiting until their supervise processes exit. Links stay.',
      destructive: true,
      needs: ['svc'],
      run: scanner('svscanStop'),
    },

    svcCreate: {
      brief: 'Make service NAME running COMMAND ARGS, with env/ and a multilog logger; link it into serviceDir and wait until it runs',
      describe: `Make svcBase/NAME (run: exec envdir ./env [softlimit] [setuidgid] COMMAND ARGS; log/run: multilog t ./main; env/),
link it into serviceDir and wait until supervise runs it; -p env=VAR=VALUE,... fills env/ first. An existing NAME needs -f (its run files are rewritten, env/ kept, the service restarted).`,
      args: ['NAME', 'COMMAND', '[ARGS...]'],
      needs: ['supervise', 'multilog', 'envdir'],
      run: services('svcCreate'),
    },
    svcShow: {
      describe: "Print a service's run and log/run files and its file variables.",
      args: ['NAME'],
      report: true,
      run: services('svcShow'),
    },
    svcVisit: {
      brief: "Open a file of NAME's service directory (run, or FILE) in the editor",
      describe: "Open a file of NAME's service directory in the editor (emacsclient when an Emacs server runs, else $VISUAL or $EDITOR): run by default, or FILE inside it: env (a directory: dired), env/VAR, log/run, down.",
      args: ['NAME', '[FILE]'],
      run: services('svcVisit'),
    },
    svcRemove: {
      describe: 'Stop NAME for good: unlink it from serviceDir, svc -dx it and its log, wait until supervise exits. Its directory stays unless -p purge=yes.',
      args: ['NAME'],
      destructive: true,
      needs: ['svc'],
      run: services('svcRemove'),
    },
    svcNormallyDown: {
      describe: 'Create the down file of each NAME: supervise will not start it by itself (svcUp still does).',
      args: ['NAME...'],
      run: services('svcNormallyDown'),
    },
    svcNormallyUp: {
      describe: 'Remove the down file of each NAME: supervise starts it when it starts.',
      args: ['NAME...'],
      run: services('svcNormallyUp'),
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
      run: services('svcList'),
    },
    svcStatus: {
      brief: 'Status of each NAME (all in serviceDir when none), read from supervise/status like svstat',
      describe: 'Status of each NAME (all in serviceDir when none), read from supervise/status like svstat: up/down, pid, seconds, normally up/down, paused, wanted state, and the log service.',
      args: ['[NAME...]'],
      run: async ({ args, params, out }) => {
        const now = Math.floor(Date.now() / 1000);
        if (!args.length && !existsSync(params.serviceDir)) problem('no service directory %s: give one with -p serviceDir=DIR', params.serviceDir);
        const dirs = args.map((name) => statusPath(params.serviceDir, name));
        const statuses = args.length ? args.map((name, i) => readServiceStatus(dirs[i], name, now)) : readServiceDirStatuses(params.serviceDir);
        // A service up (or wanted up) for under 2 s may be a crash loop: only those are watched, for a few seconds.
        let restarting: Array<{ dir: string; status: (typeof statuses)[number] }> = [];
        if (statuses.some((s) => s.supervised && s.seconds < 2 && (s.pid !== 0 || s.wanted === 'up'))) {
          const { markRestarting } = await import('../lib/daemontools/restart-loop.js');
          restarting = await markRestarting(statuses.map((status, i) => ({ dir: dirs[i] ?? join(params.serviceDir, status.name), status })));
        }
        if (params.format === 'json') out.write(JSON.stringify(statuses.map(statusObject)) + '\n');
        else out.write(statuses.map((s) => statusLine(s) + '\n').join(''));
        if (restarting.length) problem('%s', (await import('../lib/daemontools/restart-loop.js')).restartingComplaint(restarting));
      },
    },

    envList: {
      describe: 'List the file variables of NAME (env/, as envdir reads them; "(unset)": an empty file removes the variable).',
      args: ['NAME'],
      report: true,
      run: env('envList'),
    },
    envGet: {
      describe: 'Print the value envdir gives VAR for NAME.',
      args: ['NAME', 'VAR'],
      run: env('envGet'),
    },
    envSet: {
      describe: 'Set VAR to VALUE for NAME (one file in env/, written atomically); -p restart=yes restarts the service.',
      args: ['NAME', 'VAR', 'VALUE'],
      run: env('envSet'),
    },
    envUnset: {
      describe: 'Remove VAR from the env/ of NAME (the service then inherits it, if at all); -p restart=yes restarts the service.',
      args: ['NAME', 'VAR'],
      run: env('envUnset'),
    },

    logShow: {
      describe: 'Print the last LINES (default 20) of log/main/current of NAME, TAI64N stamps as local time.',
      args: ['NAME', '[LINES]'],
      report: true,
      run: logs('logShow'),
    },
    logFollow: {
      describe: 'Print the last lines of log/main/current of NAME, then follow it (across rotations) until interrupted.',
      args: ['NAME'],
      run: logs('logFollow'),
    },
  },
});
