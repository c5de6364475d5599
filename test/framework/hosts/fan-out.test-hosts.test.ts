// The fan-out against real sshd test hosts: words arrive exactly, output is prefixed or JSON,
// failures are named, destructive commands refuse on many hosts without -f.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineScript } from '../../../framework/declaration.js';
import { runCaptured } from '../../support/capture.js';
import { available, isRoot } from '../../support/programs.js';
import { startTestHosts, type TestFleet } from '../../support/test-hosts.js';

// On the hosts, iim-echo is a shell script that prints every word it was given, one a line.
const echo = defineScript({
  name: 'iim-echo',
  brief: 'prints its words',
  describe: 'A stand-in for a script: on the test hosts it prints the words it receives.',
  params: { greeting: { describe: 'a parameter passed on', default: '' } },
  examples: () => [],
  commands: {
    echo: { describe: 'Print the words.', args: ['[WORD...]'], run: () => undefined },
    wipe: { describe: 'Destroy.', destructive: true, run: () => undefined },
    table: { describe: 'A report.', args: ['[WORD...]'], report: true, run: () => undefined },
  },
});
const absent = defineScript({ ...echo, name: 'iim-absent' });

const linesOf = (stdout: string, host: string) =>
  stdout.split('\n').filter((line) => line.startsWith(`${host}: `)).map((line) => line.slice(host.length + 2));

describe.skipIf(!isRoot() || !available('sshd', 'ssh', 'unshare'))('fan-out over ssh', () => {
  let fleet: TestFleet;
  let base: string[];
  beforeAll(async () => {
    fleet = await startTestHosts(3, 'fan-out');
    fleet.addProgram('iim-echo', "#!/bin/sh\nprintf '%s\\n' \"$@\"\n[ \"$IIM_ECHO_FAIL\" = \"$(hostname)\" ] && exit 4\nexit 0\n");
    base = ['-p', `sshConfig=${fleet.sshConfig}`];
  });
  afterAll(async () => fleet?.stop());

  it('gives each host exactly the words: spaces, quotes, $, ;, newlines, $(...) arrive as typed', async () => {
    const pwned = join(fleet.directory, 'pwned');
    const hostile = ['two words', "it's", '"double"', '$HOME', `$(touch ${pwned})`, `\`touch ${pwned}\``, 'a;b', 'a && b',
      'line1\nline2', '*', '~', '', '-x', 'back\\slash', "'", '#hash', '=equals'];
    const result = await runCaptured(echo, [...base, '-p', 'hosts=ns1,ns2', '-p', 'greeting=hi $USER;', '-i', 'echo', ...hostile]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const words = ['-p', 'greeting=hi $USER;', '-i', 'echo', '--', ...hostile];
    for (const host of ['ns1', 'ns2']) expect(linesOf(result.stdout, host)).toEqual(words.join('\n').split('\n'));
    expect(existsSync(pwned)).toBe(false);
  });

  it('passes run modes and -f on, keeps hosts, forks, sshConfig and inventory here', async () => {
    const result = await runCaptured(echo, [...base, '-f', '-n', 'showOnly', '-p', 'forks=1', '-p', `inventory=${fleet.inventory}`, '-p', 'hosts=@dns', '-i', 'echo', 'x']);
    expect(result.status).toBe(0);
    for (const host of ['ns1', 'ns2', 'ns3']) expect(linesOf(result.stdout, host)).toEqual(['-f', '-n', 'showOnly', '-i', 'echo', '--', 'x']);
  });

  it('-p format=json: one object per host', async () => {
    const result = await runCaptured(echo, [...base, '-p', 'hosts=ns1,ns3', '-p', 'format=json', '-i', 'echo', 'a b']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      { host: 'ns1', status: 0, stdout: '-p\nformat=json\n-i\necho\n--\na b\n', stderr: '' },
      { host: 'ns3', status: 0, stdout: '-p\nformat=json\n-i\necho\n--\na b\n', stderr: '' },
    ]);
  });

  it('a report prints one "== HOST ==" block per host, in the hosts\' order; -p output=lines prefixes it', async () => {
    const report = await runCaptured(echo, [...base, '-p', 'hosts=ns2,ns1', '-i', 'table', 'a b', 'c']);
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    const body = '-i\ntable\n--\na b\nc\n';
    expect(report.stdout).toBe(`== ns2 ==\n${body}\n== ns1 ==\n${body}`);
    const lines = await runCaptured(echo, [...base, '-p', 'hosts=ns2,ns1', '-p', 'output=lines', '-i', 'table', 'x']);
    expect(linesOf(lines.stdout, 'ns1')).toEqual(['-i', 'table', '--', 'x']);
    expect(lines.stdout).not.toContain('==');
  });

  it('-p output=grouped groups a command that is no report', async () => {
    const grouped = await runCaptured(echo, [...base, '-p', 'hosts=ns1,ns2', '-p', 'output=grouped', '-i', 'echo', 'x']);
    expect(grouped.status).toBe(0);
    expect(grouped.stdout).toBe('== ns1 ==\n-i\necho\n--\nx\n\n== ns2 ==\n-i\necho\n--\nx\n');
  });

  it('a destructive command on many hosts refuses without -f, naming them, and runs nothing', async () => {
    const result = await runCaptured(echo, [...base, '-p', 'hosts=ns1,ns2', '-i', 'wipe']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('iim-echo: wipe: destructive on 2 hosts (ns1, ns2): if you really want to do it, specify -f\n');
    expect((await runCaptured(echo, [...base, '-f', '-p', 'hosts=ns1,ns2', '-i', 'wipe'])).status).toBe(0);
  });

  it('names a host where iim is missing (exit 127)', async () => {
    const result = await runCaptured(absent, [...base, '-p', 'hosts=ns1', '-i', 'echo']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toMatch(/^iim-absent: echo: failed on 1 of 1 hosts: ns1 iim missing \(exit 127: .*iim-absent.*not found\)$/);
  });

  it('one host down: the others succeed, exit 1, the last line names it unreachable', async () => {
    await fleet.stopHost('ns3');
    const result = await runCaptured(echo, [...base, '-p', 'hosts=ns1,ns2,ns3', '-i', 'echo', 'hello']);
    expect(result.status).toBe(1);
    expect(linesOf(result.stdout, 'ns1')).toEqual(['-i', 'echo', '--', 'hello']);
    expect(linesOf(result.stdout, 'ns2')).toEqual(['-i', 'echo', '--', 'hello']);
    expect(result.stderr.trim().split('\n').pop()).toMatch(/^iim-echo: echo: failed on 1 of 3 hosts: ns3 unreachable \(.*\)$/);
  });
});
