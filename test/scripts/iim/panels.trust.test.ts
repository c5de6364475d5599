// iim -i panelRun and panelTrust: a panel line runs unasked only when it is an installed iim
// script's line that reaches no other host and whose dry run (-n showOnly) changes nothing;
// sh, env, a program beside the panel, or a line that would change things need -f (issue 12, item 6).
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../../support/sandbox.js';

let top: string;
let panel: string;
const marker = (name = 'pwned') => join(top, name);
const victim = () => join(top, 'victim');
const at = (path: string) => join(top, path);

/** The reviewer's panels: a root service, a look-alike beside the panel, a fleet behind ssh. */
const svcCreateLine = () => `iim-daemontools -p serviceDir=${at('dsvc')} -p svcBase=${at('dbase')} -i svcCreate evil sh -c 'touch ${marker('PWNED1')}; exec sleep 3600'`;
const fleetLine = () => `iim-tinydns -p hosts=h1 -p sshConfig=${at('ssh.cfg')} -i status`;

beforeAll(async () => {
  top = temporaryDirectory('panel-trust');
  mkdirSync(victim());
  mkdirSync(at('dsvc'));
  mkdirSync(at('dbase'));
  mkdirSync(join(at('svc'), 'web', 'env'), { recursive: true });
  writeFileSync(join(at('svc'), 'web', 'run'), '#!/bin/sh\nexec sleep 100\n', { mode: 0o755 });
  mkdirSync(join(at('tinydns'), 'root'), { recursive: true });
  writeFileSync(join(at('tinydns'), 'root', 'data'), '+www.example.test:127.0.0.1:300\n');
  const started = await runBin('iim', ['-i', 'scriptStart', join(top, 'mine.mjs')]);
  if (started.status !== 0) throw new Error(started.stderr);
  writeFileSync(at('helper'), [
    '#!/bin/sh',
    "cat >/dev/null <<'EOF'",
    "import { defineScript, runIfMain } from '../framework/index.js'",
    'EOF',
    `touch ${marker('PWNED3')}`,
    '',
  ].join('\n'));
  chmodSync(at('helper'), 0o755);
  writeFileSync(at('ssh.cfg'), `Host h1\n  ProxyCommand sh -c "touch ${marker('PWNED2')}"\n`);
  panel = join(top, 'Panel.org');
  writeFileSync(panel, [
    '* Status',
    `- [[iim:sh -c "touch ${marker()}"][Show the cache status]]`,
    `- [[iim:env rm -rf ${victim()}]]`,
    '- [[iim:iim-daemontools -i list][daemontools commands]]',
    '- [[iim:mine.mjs -i describe][my script]]',
    `- [[iim:${svcCreateLine()}][Show status]]`,
    '- [[iim:helper -i status][helper]]',
    `- [[iim:${fleetLine()}][fleet status]]`,
    `- [[iim:iim-daemontools -p serviceDir=${at('svc')} -i svcList][services]]`,
    `- [[iim:iim-tinydns -p dir=${at('tinydns')} -i recordList][records]]`,
    '',
  ].join('\n'));
});
afterAll(() => removeDirectory(top));

describe('iim -i panelRun without a terminal', () => {
  it('refuses a line whose program is not an iim script, and runs nothing', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', panel, '1']);
    expect(result.stderr).toContain(`iim: panelRun: entry 1 (sh -c "touch ${marker()}") runs "sh", which is not an installed iim script: if you really want to run it, specify -f`);
    expect(result.status).toBe(1);
    expect(existsSync(marker())).toBe(false);
  });

  it('refuses env rm -rf, leaving the victim in place', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', panel, '2']);
    expect(result.stderr).toContain('runs "env", which is not an installed iim script');
    expect(result.status).toBe(1);
    expect(existsSync(victim())).toBe(true);
  });

  it('refuses svcCreate of a service running any program: no service made, nothing run', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', panel, '5']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^iim: panelRun: entry 5 \\(.*\\) would change things: \\d+ actions, the first: mkdir -p ${at('dbase')}/\\.evil\\.iim-new-\\d+/env: if you really want to run it, specify -f\\n$`));
    expect(readdirSync(at('dsvc'))).toEqual([]);
    expect(readdirSync(at('dbase'))).toEqual([]);
    expect(existsSync(marker('PWNED1'))).toBe(false);
  });

  it('refuses a program beside the panel, even one whose text looks like an iim script', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', panel, '6']);
    expect(result.stderr).toBe('iim: panelRun: entry 6 (helper -i status) runs ./helper, a program beside the panel, not an installed iim script: if you really want to run it, specify -f\n');
    expect(result.status).toBe(1);
    expect(existsSync(marker('PWNED3'))).toBe(false);
  });

  it('refuses a line that reaches other hosts through an ssh config beside the panel', async () => {
    const result = await runBin('iim', ['-i', 'panelRun', panel, '7']);
    expect(result.stderr).toBe(`iim: panelRun: entry 7 (${fleetLine()}) reaches other hosts (-p hosts): if you really want to run it, specify -f\n`);
    expect(result.status).toBe(1);
    expect(existsSync(marker('PWNED2'))).toBe(false);
  });

  it('runs read-only lines of installed scripts unasked: svcList, recordList, list', async () => {
    const services = await runBin('iim', ['-i', 'panelRun', panel, '8']);
    expect(services.status, services.stderr).toBe(0);
    const records = await runBin('iim', ['-i', 'panelRun', panel, '9']);
    expect(records.status, records.stderr).toBe(0);
    expect(records.stdout).toBe('alias www.example.test 127.0.0.1 300\n');
    const installed = await runBin('iim', ['-i', 'panelRun', panel, '3']);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('svcStatus');
  });

  it('runs a script beside the panel and sh only with -f', async () => {
    const mine = await runBin('iim', ['-i', 'panelRun', panel, '4']);
    expect(mine.stderr).toContain('runs ./mine.mjs, a program beside the panel, not an installed iim script');
    expect(mine.status).toBe(1);
    const mineForced = await runBin('iim', ['-f', '-i', 'panelRun', panel, '4']);
    expect(mineForced.status, mineForced.stderr).toBe(0);
    expect(existsSync(marker())).toBe(false);
    const forced = await runBin('iim', ['-f', '-i', 'panelRun', panel, '1']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(existsSync(marker())).toBe(true);
  });
});

describe('iim -i panelTrust', () => {
  it.each([
    ['iim-dnscache -i list', 'trusted'],
    ['sh -c date', 'confirm: runs "sh", which is not an installed iim script'],
    ['mine.mjs -i list', 'confirm: runs ./mine.mjs, a program beside the panel, not an installed iim script'],
    ['helper -i status', 'confirm: runs ./helper, a program beside the panel, not an installed iim script'],
    ['/bin/sh -c date', 'confirm: runs "/bin/sh", which is not an installed iim script'],
    ['iim-tinydns -f -i setup 127.0.0.1', 'confirm: is destructive'],
    ['iim-daemontools -n showRun -i svcList', 'trusted'], // its dry run only shows, whatever -n it names
    ['iim-daemontools -p sudo=yes -i svcList', 'confirm: runs through sudo (-p sudo)'],
    ['iim-tinydns -p inventory=/tmp/hosts -i recordList', 'confirm: reaches other hosts (-p inventory)'],
    ['iim -i emacsOutput sh -c "touch PWNED4"', 'confirm: would change things: 2 actions, the first: emacsclient --eval t'],
  ])('%s → %s', async (line, answer) => {
    const result = await runBin('iim', ['-i', 'panelTrust', '--', line, top]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${answer}\n`);
    expect(existsSync(at('PWNED4'))).toBe(false); // its dry run runs in the panel's directory: sh is only shown
  });

  it('says what a writing line would do, and writes nothing: panelGenerate, envSet, scriptStart', async () => {
    const cases: Array<[string, string]> = [
      [`iim -i panelGenerate iim-tinydns ${at('bashrc')}`, `write ${at('bashrc')}`],
      [`iim-daemontools -p serviceDir=${at('svc')} -i envSet web PATH /tmp/evil`, `write ${join(at('svc'), 'web', 'env', 'PATH')}`],
      [`iim -i scriptStart ${at('new-iim.mjs')}`, `write ${at('new-iim.mjs')}`],
    ];
    for (const [line, first] of cases) {
      const result = await runBin('iim', ['-i', 'panelTrust', '--', line, top]);
      expect(result.stdout).toBe(`confirm: would change things: 1 action, the first: ${first}\n`);
    }
    expect(existsSync(at('bashrc'))).toBe(false);
    expect(readdirSync(join(at('svc'), 'web', 'env'))).toEqual([]);
    expect(existsSync(at('new-iim.mjs'))).toBe(false);
  });

  it('trusts read-only lines: svcList, recordList', async () => {
    for (const line of [`iim-daemontools -p serviceDir=${at('svc')} -i svcList`, `iim-tinydns -p dir=${at('tinydns')} -i recordList`]) {
      expect((await runBin('iim', ['-i', 'panelTrust', '--', line, top])).stdout).toBe('trusted\n');
    }
  });
});
