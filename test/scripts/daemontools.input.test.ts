// Refused input changes nothing on disk; -n showOnly shows the plan and writes nothing.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, snapshot, type World } from '../support/daemontools-world.js';

let world: World;
beforeEach(async () => {
  world = makeWorld('input');
  // a service to hang variables on (no svscan: svcCreate only makes and links it)
  const made = await world.run('-i', 'svcCreate', 'keep', 'sleep', '3600');
  expect(made.status).toBe(0);
});
afterEach(() => world.teardown());

async function expectRefused(args: string[], message: RegExp) {
  const before = snapshot(world.root);
  const result = await world.run(...args);
  expect(result.status, result.stderr).toBe(1);
  expect(result.stderr).toMatch(message);
  expect(snapshot(world.root)).toEqual(before);
}

const badNames = ['../x', '.hidden', 'a/b', 'x;rm -rf /', 'line\nbreak', '..', '', 'x'.repeat(65)];

it('svcStatus names a missing service directory and the parameter to give', async () => {
  const result = await world.run('-p', `serviceDir=${world.root}/nowhere`, '-i', 'svcStatus');
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(`iim-daemontools: svcStatus: no service directory ${world.root}/nowhere: give one with -p serviceDir=DIR\n`);
});

describe('bad service names are refused with nothing written', () => {
  for (const name of badNames) {
    it(`svcCreate ${JSON.stringify(name)}`, async () => {
      await expectRefused(['-i', 'svcCreate', name, 'sleep', '1'], /svcCreate: bad service name/);
    });
  }
  it('in every command that takes a NAME', async () => {
    for (const command of ['svcUp', 'svcStatus', 'svcShow', 'svcVisit', 'envList', 'logShow', 'svcNormallyDown']) {
      await expectRefused(['-i', command, '../keep'], new RegExp(`${command}: bad service name "\\.\\./keep"`));
    }
    await expectRefused(['-f', '-i', 'svcRemove', '../keep'], /svcRemove: bad service name/);
    await expectRefused(['-i', 'svcDown', 'keep', '.hidden'], /svcDown: bad service name "\.hidden"/);
  });
});

describe('bad variables and values are refused with nothing written', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['A=B', 'x', /bad variable name "A=B": contains "="/],
    ['.dot', 'x', /bad variable name "\.dot"/],
    ['a/b', 'x', /bad variable name "a\/b"/],
    ['1ABC', 'x', /bad variable name "1ABC"/],
    ['', 'x', /bad variable name "": empty/],
    ['GOOD', 'two\nlines', /bad value "two\\nlines" for GOOD: contains a newline/],
    ['GOOD', 'trailing ', /bad value "trailing " for GOOD: ends with a space/],
  ];
  for (const [name, value, message] of cases) {
    it(`envSet ${JSON.stringify(name)} ${JSON.stringify(value)}`, async () => {
      await expectRefused(['-i', 'envSet', 'keep', name, value], message);
    });
  }
  it('envSet on a service that does not exist', async () => {
    await expectRefused(['-i', 'envSet', 'nosuch', 'A', 'b'], /envSet: no service "nosuch"/);
  });
});

describe('svcCreate checks its options before writing', () => {
  it('refuses an unknown user, a bad memory limit, an empty command', async () => {
    await expectRefused(['-p', 'user=nosuchuser', '-i', 'svcCreate', 'new', 'sleep', '1'], /bad user "nosuchuser": no such account/);
    await expectRefused(['-p', 'user=Bad User', '-i', 'svcCreate', 'new', 'sleep', '1'], /bad user "Bad User"/);
    await expectRefused(['-p', 'memoryLimit=lots', '-i', 'svcCreate', 'new', 'sleep', '1'], /bad memory limit "lots"/);
    await expectRefused(['-i', 'svcCreate', 'new', ''], /bad command ""/);
    await expectRefused(['-i', 'svcCreate', 'keep', 'sleep', '1'], /service "keep" exists .*specify -f/);
  });

  it('writes run with envdir, softlimit and setuidgid', async () => {
    const made = await world.run('-p', 'user=nobody', '-p', 'memoryLimit=64M', '-i', 'svcCreate', 'limited', 'sh', '-c', "echo 'it''s'");
    expect(made.status).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${world.svcBase}/limited/run`, 'utf8')).toBe(
      "#!/bin/sh\n# made by iim-daemontools svcCreate; edit freely (svc -t restarts with it)\nexec 2>&1\n" +
        "exec envdir ./env softlimit -m 67108864 setuidgid nobody sh -c 'echo '\\''it'\\'''\\''s'\\'''\n",
    );
    expect(readFileSync(`${world.svcBase}/limited/log/run`, 'utf8')).toMatch(/\nexec multilog t \.\/main\n$/);
  });
});

describe('-n showOnly', () => {
  it('svcCreate shows every step and writes nothing', async () => {
    const before = snapshot(world.root);
    const result = await world.run('-n', 'showOnly', '-i', 'svcCreate', 'planned', 'sleep', '3600');
    expect(result.status).toBe(0);
    expect(snapshot(world.root)).toEqual(before);
    const { svcBase, serviceDir } = world;
    const build = `${svcBase}/.planned.iim-new-`;
    expect(result.stderr).toContain(`mkdir -p ${build}`);
    expect(result.stderr).toMatch(new RegExp(`\nmv ${build}\\d+ ${svcBase}/planned\n`));
    expect(result.stderr.split('\n')).toContain(`ln -s ${svcBase}/planned ${serviceDir}/planned`);
    expect(result.stderr).toMatch(new RegExp(`cat > ${build}\\d+/run <<`));
  });

  it('svcRemove, envSet, svscanStart show and change nothing', async () => {
    const before = snapshot(world.root);
    for (const args of [
      ['-n', 'showOnly', '-f', '-p', 'purge=yes', '-i', 'svcRemove', 'keep'],
      ['-n', 'showOnly', '-i', 'envSet', 'keep', 'A', 'b'],
      ['-n', 'showOnly', '-i', 'svscanStart'],
    ]) {
      const result = await world.run(...args);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).not.toBe('');
    }
    expect(snapshot(world.root)).toEqual(before);
  });
});

describe('svcVisit opens a file of the service in the editor, and nothing outside it', () => {
  const noEmacs = { EDITOR: 'echo opened', VISUAL: '', EMACS_SOCKET_NAME: '/nonexistent/iim-no-server' };

  it('run by default, env (a directory), env/VAR and log/run on request', async () => {
    await world.run('-i', 'envSet', 'keep', 'GREETING', 'hi');
    const dir = `${world.svcBase}/keep`;
    for (const [file, path] of [[undefined, 'run'], ['env', 'env'], ['env/GREETING', 'env/GREETING'], ['log/run', 'log/run']] as const) {
      const opened = await world.runWithEnv(noEmacs, '-i', 'svcVisit', 'keep', ...(file ? [file] : []));
      expect(opened.status, opened.stderr).toBe(0);
      expect(opened.stdout).toBe(`opened ${dir}/${path}\n`);
    }
  });

  it('refuses paths that leave the service directory, odd characters and missing files, opening nothing', async () => {
    for (const [file, message] of [
      ['../../etc/passwd', /bad FILE "\.\.\/\.\.\/etc\/passwd"/],
      ['/etc/passwd', /bad FILE "\/etc\/passwd"/],
      ['env/../run', /bad FILE/],
      ['run;reboot', /bad FILE/],
      ['env/NOPE', /no .*\/keep\/env\/NOPE \(file variables are created with -i envSet/],
    ] as const) {
      const refused = await world.runWithEnv(noEmacs, '-i', 'svcVisit', 'keep', file);
      expect(refused.status, file).toBe(1);
      expect(refused.stderr).toMatch(message);
      expect(refused.stdout).toBe('');
    }
  });
});

describe('envSet on a dnscache directory applies iim-dnscache\'s rules', () => {
  /** A dnscache directory by its shape (root/ip, root/servers), answering the public prefix 1. */
  function dnscacheDir(): string {
    const dir = `${world.svcBase}/dc2`;
    for (const sub of ['env', 'root/ip', 'root/servers']) mkdirSync(`${dir}/${sub}`, { recursive: true });
    writeFileSync(`${dir}/run`, '#!/bin/sh\nexec envdir ./env sleep 3600\n', { mode: 0o755 });
    writeFileSync(`${dir}/env/IP`, '127.0.0.1\n');
    writeFileSync(`${dir}/root/ip/1`, '');
    return dir;
  }

  it('refuses a public IP that would answer a public client prefix (an open resolver), writing nothing; -f writes it', async () => {
    const dir = dnscacheDir();
    await expectRefused(['-i', 'envSet', 'dc2', 'IP', '198.51.100.7'],
      /^iim-daemontools: envSet: refusing IP 198\.51\.100\.7: an open resolver: dnscache would listen on the public address 198\.51\.100\.7 and answer the public client prefix 1 .*specify -f\n$/);
    expect(readFileSync(`${dir}/env/IP`, 'utf8')).toBe('127.0.0.1\n');
    const forced = await world.run('-f', '-i', 'envSet', 'dc2', 'IP', '198.51.100.7');
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(`${dir}/env/IP`, 'utf8')).toBe('198.51.100.7\n');
  });

  it('accepts a private IP, and a public one when root/ip holds private prefixes only', async () => {
    const dir = dnscacheDir();
    expect((await world.run('-i', 'envSet', 'dc2', 'IP', '10.1.2.3')).status).toBe(0);
    rmSync(`${dir}/root/ip/1`);
    writeFileSync(`${dir}/root/ip/192.168`, '');
    const publicIp = await world.run('-i', 'envSet', 'dc2', 'IP', '198.51.100.7');
    expect(publicIp.status, publicIp.stderr).toBe(0);
    expect(readFileSync(`${dir}/env/IP`, 'utf8')).toBe('198.51.100.7\n');
  });
});
