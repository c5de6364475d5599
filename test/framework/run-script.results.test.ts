// One rule for results: every command that changes something says so on stdout, in every run
// mode truthfully ("(shown, not done)" when nothing ran), and -q silences only those lines.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld as makeDaemontoolsWorld, type World } from '../support/daemontools-world.js';
import { runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory, tearDownWorld } from '../support/sandbox.js';
import { makeWorld as makeTinydnsWorld, type TinydnsWorld } from '../support/tinydns-world.js';

let tinydns: TinydnsWorld;
let daemontools: World;
const logs = temporaryDirectory('results-logs');

beforeAll(async () => {
  tinydns = await makeTinydnsWorld('results');
  daemontools = makeDaemontoolsWorld('results');
  const scanning = await daemontools.run('-i', 'svscanStart');
  if (scanning.status !== 0) throw new Error(scanning.stderr);
  const made = await daemontools.run('-i', 'svcCreate', 'web', '/bin/sleep', '1000');
  if (made.status !== 0) throw new Error(made.stderr);
}, 60_000);

afterAll(() => {
  tearDownWorld(tinydns.top);
  daemontools.teardown();
  removeDirectory(logs);
});

describe('result lines', () => {
  it('recordAdd says what it added on stdout', async () => {
    const result = await tinydns.bin('-i', 'recordAdd', 'host', 'a.results.test', '192.0.2.15');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('added and compiled: =a.results.test:192.0.2.15:86400\n');
  });

  it('-n showProtected recordAdd shows the write and the compile and does not claim them done', async () => {
    const before = tinydns.readData();
    const result = await tinydns.bin('-n', 'showProtected', '-i', 'recordAdd', 'host', 'b.results.test', '192.0.2.17');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('added and compiled: =b.results.test:192.0.2.17:86400 (shown, not done)\n');
    expect(result.stderr).toContain('tinydns-data');
    expect(tinydns.readData()).toBe(before);
  });

  it('-n showOnly says "shown, not done" too, and -q silences the line', async () => {
    const shown = await tinydns.bin('-n', 'showOnly', '-i', 'recordAdd', 'host', 'c.results.test', '192.0.2.18');
    expect(shown.stdout).toBe('added and compiled: =c.results.test:192.0.2.18:86400 (shown, not done)\n');
    const quiet = await tinydns.bin('-q', '-i', 'recordAdd', 'host', 'c.results.test', '192.0.2.18');
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(tinydns.readData()).toContain('=c.results.test:192.0.2.18:86400');
  });

  it('envSet, svcDown and svcUp say what they did on stdout', async () => {
    const set = await daemontools.run('-i', 'envSet', 'web', 'GREETING', 'hello');
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^web: GREETING=hello \(.*\/env\/GREETING\)/);
    const down = await daemontools.run('-i', 'svcDown', 'web');
    expect(down.status, down.stderr).toBe(0);
    expect(down.stdout).toBe('web: down (svc -d)\n');
    const up = await daemontools.run('-i', 'svcUp', 'web');
    expect(up.status, up.stderr).toBe(0);
    expect(up.stdout).toBe('web: up (svc -u)\n');
  }, 30_000);

  it('svscanStop says what it stopped', async () => {
    const stopped = await daemontools.run('-f', '-i', 'svscanStop');
    expect(stopped.status, stopped.stderr).toBe(0);
    expect(stopped.stdout).toMatch(/^stopped (svscan|every service).*: \d+ supervised director(y|ies) down and exited\n$/);
  });
});

describe('protected sections', () => {
  it('--help and describe mark the commands that have them', async () => {
    const help = await runBin('iim-tinydns', ['--help']);
    expect(help.stdout).toMatch(/recordAdd +Add a record, then compile \(protected sections\)/);
    expect(help.stdout).not.toMatch(/^  recordList .*protected sections/m);
    const described = await runBin('iim-tinydns', ['-i', 'describe', 'dataCompile']);
    expect(described.stdout.split('\n')[0]).toContain('(protected sections)');
  });

  it('a protected mode on a command without any says so on stderr', async () => {
    const work = temporaryDirectory('results-cache');
    const cache = join(work, 'dnscache');
    const result = await runBin('iim-dnscache', ['-n', 'showProtected', '-p', `dir=${cache}`, '-i', 'clientList']);
    removeDirectory(work);
    expect(result.stderr).toContain('clientList has no protected sections: -n showProtected runs every action like runOnly');
  });
});

describe('the command line', () => {
  it('-help is an unknown option with a suggestion of --help; a bare command name suggests -i', async () => {
    const dash = await runBin('iim-tinydns', ['-help']);
    expect(dash.status).toBe(2);
    expect(dash.stderr).toContain('unknown option -help\ndid you mean --help?');
    const bare = await runBin('iim-tinydns', ['help']);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('did you mean: iim-tinydns -i help?');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    const result = await runBin('iim-dnscache', ['--version']);
    expect(result).toMatchObject({ status: 0, stdout: `iim-dnscache ${version}\n` });
  });

  it('counts arguments in good English', async () => {
    const result = await runBin('iim-daemontools', ['-i', 'svcUp']);
    expect(result.stderr).toContain('svcUp takes at least 1 argument, got 0');
  });

  it('-T 2 traces each action and -T 3 its outcome, as --help says', async () => {
    const result = await tinydns.bin('-T', '3', '-i', 'recordAdd', 'host', 'd.results.test', '192.0.2.19');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/TRACE\[1\] iim-tinydns: command recordAdd/);
    expect(result.stderr).toMatch(/TRACE\[2\] iim-tinydns: action \(to run\): .*tinydns-data/);
    expect(result.stderr).toMatch(/TRACE\[3\] iim-tinydns: run exit status 0/);
    const help = await runBin('iim-tinydns', ['--help']);
    expect(help.stdout).toContain('-T LEVEL              trace on stderr: 1 the command and its parameters, 2 each action,');
  });

  it('the declaration as JSON: commands with their flags, parameters with choices and current values', async () => {
    const result = await tinydns.bin('-i', 'help', '-p', 'format=json');
    expect(result.status, result.stderr).toBe(0);
    const declaration = JSON.parse(result.stdout);
    expect(declaration.name).toBe('iim-tinydns');
    expect(declaration.runModes).toContain('showProtected');
    const recordAdd = declaration.commands.find((c: { name: string }) => c.name === 'recordAdd');
    expect(recordAdd).toMatchObject({ args: ['KIND', 'ARGS...'], protectedSections: true, destructive: false, seeded: false });
    const dir = declaration.params.find((p: { name: string }) => p.name === 'dir');
    expect(dir).toMatchObject({ value: tinydns.dir, source: '-p' });
    expect(declaration.params.find((p: { name: string }) => p.name === 'format').choices).toEqual(['text', 'json']);
  });
});

describe('recording', () => {
  it('-r basic writes to $IIM_LOG_DIR, and the log holds the result lines', async () => {
    const dir = join(logs, 'mine');
    const result = await runBin('iim-tinydns', ['-p', `dir=${tinydns.dir}`, '-r', 'basic', '-i', 'recordAdd', 'host', 'e.results.test', '192.0.2.20'], {
      env: { IIM_LOG_DIR: dir },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^recording to ${dir}/root-iim-tinydns-`));
    const [file] = readdirSync(dir);
    const log = readFileSync(join(dir, file), 'utf8');
    expect(log).toContain('** Result\n#+begin_example\nadded and compiled: =e.results.test:192.0.2.20:86400\n#+end_example\n');
  });

  it('-r in a directory whose parent is missing is refused, creating nothing', async () => {
    const result = await runBin('iim-tinydns', ['-r', join(logs, 'no', 'such'), '-i', 'list']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`its parent ${join(logs, 'no')} is not a directory`);
    expect(existsSync(join(logs, 'no'))).toBe(false);
  });
});
