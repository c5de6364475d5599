// iim-tinydns dataCheck (every error with its line, GNU form) and its examples (each names
// a real command with an accepted arity, and the record lines run as printed).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInvocation } from '../../framework/argv.js';
import { arityOf } from '../../framework/declaration.js';
import { SEEDED_COMMANDS } from '../../framework/seeded-commands.js';
import { splitWords } from '../../framework/shell-words.js';
import script from '../../scripts/tinydns.js';
import { recordFromArgs } from '../../lib/tinydns/records.js';
import { available, isRoot } from '../support/programs.js';
import { runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';
import { makeWorld, tearDown, type TinydnsWorld } from '../support/tinydns-world.js';

const BAD_DATA = [
  '# a zone with known mistakes',
  '.example.test:127.53.0.1:a:259200',
  '=www.example.test:10.0.0.256:86400',
  '+web.example.test:10.0.0.2:abc',
  '@example.test:10.0.0.3:a:ten:86400',
  'Ca..b.example.test:www.example.test',
  ':big.example.test:70000:\\001:86400',
  '6v6.example.test:20010db8000000000000000000000001:86400',
  "'txt.example.test:ok:0",
  '=fine.example.test:10.0.0.9:86400',
  '^1.0.0.10.in-addr.arpa',
  '+toolong.example.test:10.0.0.1:1:2:3:4',
  'x junk line',
  '',
].join('\n');

const BAD_DATA_REPORT = `data:3: bad IP "10.0.0.256": octet 256 > 255
data:4: bad TTL "abc": expected a number 0-4294967295
data:5: bad MX distance "ten": expected a number 0-65535
data:6: bad name "a..b.example.test": empty label
data:7: bad record type "70000": 70000 > 65535
data:8: unrecognized leading character "6": Debian's tinydns-data has no IPv6 lines; write AAAA as :fqdn:28:rdata with 16 octal-escaped bytes
data:9: warning: TTL 0: resolvers will not cache this record
data:11: missing target name (^fqdn:p:ttl:timestamp:lo)
data:12: too many fields: 6 > 5 (+fqdn:ip:ttl:timestamp:lo)
data:12: bad timestamp "2": expected 16 lowercase hex digits (a TAI64 label)
data:12: warning: location "3" is not defined by any % line: this record is served to no one
data:13: unrecognized leading character "x": expected one of . & = + @ ' ^ C Z : % - #
`;

describe('iim-tinydns dataCheck', () => {
  let top = '';
  afterEach(() => removeDirectory(top));

  it('reports every error of a data file with its line on stdout, warnings labelled, exit 1', async () => {
    top = temporaryDirectory('tinydns-check');
    writeFileSync(join(top, 'data'), BAD_DATA);
    const result = await runBin('iim-tinydns', ['-i', 'dataCheck', 'data'], { cwd: top });
    expect(result).toEqual({ status: 1, stdout: BAD_DATA_REPORT, stderr: 'iim-tinydns: dataCheck: data: 10 errors, 2 warnings\n' });
  });

  it('says nothing on stdout and exits 0 for a clean file', async () => {
    top = temporaryDirectory('tinydns-check-clean');
    writeFileSync(join(top, 'data'), '.example.test:127.53.0.1:a:259200\n=www.example.test:10.0.0.1:86400\n');
    const result = await runBin('iim-tinydns', ['-i', 'dataCheck', join(top, 'data')]);
    expect(result).toEqual({ status: 0, stdout: '', stderr: `${join(top, 'data')}: 0 errors, 0 warnings\n` });
  });

  it('checks root/data of -p dir by default, and reports as JSON with -p format=json', async () => {
    top = temporaryDirectory('tinydns-check-json');
    const root = join(top, 'root');
    (await import('node:fs')).mkdirSync(root);
    writeFileSync(join(root, 'data'), '+a.example.test:1.2.3\n');
    const result = await runBin('iim-tinydns', ['-p', `dir=${top}`, '-p', 'format=json', '-i', 'dataCheck']);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      { file: join(root, 'data'), line: 1, severity: 'error', message: 'bad IP "1.2.3": expected 4 octets, got 3' },
    ]);
  });
});

/** The example lines of this script (after the script name), with the parameters given. */
async function exampleLines(params: string[]): Promise<string[][]> {
  const result = await runBin('iim-tinydns', [...params, '-i', 'examples']);
  expect(result.status).toBe(0);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('iim-tinydns '))
    .map((line) => splitWords(line.replace(/  # .*$/, '')).slice(1));
}

describe('iim-tinydns examples', () => {
  it('name a real command with an argument count it accepts, and a valid record for recordAdd', async () => {
    const lines = await exampleLines([]);
    expect(lines.length).toBeGreaterThan(25);
    for (const words of lines) {
      const invocation = parseInvocation(words);
      const name = invocation.command!;
      const command = script.commands[name] ?? SEEDED_COMMANDS[name];
      expect(command, words.join(' ')).toBeDefined();
      const { min, max } = arityOf(command.args);
      expect(invocation.args.length, words.join(' ')).toBeGreaterThanOrEqual(min);
      expect(invocation.args.length, words.join(' ')).toBeLessThanOrEqual(max);
      if (name === 'recordAdd') expect(() => recordFromArgs(invocation.args[0], invocation.args.slice(1))).not.toThrow();
    }
    const chapters = (await runBin('iim-tinydns', ['-i', 'examples'])).stdout.split('\n').filter((l) => /^#{17}  /.test(l));
    expect(chapters).toEqual([
      '#################  Setup  #################',
      '#################  Records by kind  #################',
      '#################  Zones in and out (BIND, NSD, Knot)  #################',
      '#################  Checking and compiling  #################',
      '#################  Queries  #################',
      '#################  Many hosts  #################',
      '#################  Secondaries over ssh  #################',
      '#################  AXFR secondaries (BIND, NSD, Knot)  #################',
      '#################  ACME DNS-01 certificates  #################',
      '#################  Dynamic DNS (dyndns2, ddclient)  #################',
      '#################  Seeded Commands  #################',
    ]);
  });

  const ready = available('tinydns-conf', 'tinydns-data', 'tinydns-get') && isRoot();
  let world: TinydnsWorld | undefined;
  afterEach(() => {
    const leaving = world;
    world = undefined;
    tearDown(leaving);
  });

  it.skipIf(!ready)('run as printed with the current parameters: setup, records, checks, queries', async () => {
    world = await makeWorld('tinydns-examples', { setup: false });
    const lines = await exampleLines(['-p', `dir=${world.dir}`, '-p', `serviceDir=${world.serviceDir}`]);
    const runnable = lines.filter((words) => {
      const name = parseInvocation(words).command!;
      // not dataEdit (an editor), nor the lines that read a file the sysadmin brings, nor those that
      // ask or feed other servers (tinydns.bind, tinydns.secondaries, tinydns.axfr, tinydns.acme and
      // tinydns.dyndns tests run them), nor the fleet's lines (daemontools.fleet runs those)
      const elsewhere = ['dataEdit', 'recordImport', 'zoneImport', 'zoneTransfer'];
      return name in script.commands && !elsewhere.includes(name) && !words.includes('/tmp/data.new') &&
        !/^(secondary|axfr|notify|acme|dyndns)/.test(name) && !words.some((word) => word.startsWith('hosts='));
    });
    expect(runnable.length).toBeGreaterThan(20);
    for (const words of runnable) {
      const result = await runBin('iim-tinydns', words, { timeoutMs: 20_000 });
      expect(result.status, `${words.join(' ')}\n${result.stderr}`).toBe(0);
    }
    expect(world.readData()).toContain("'example.test:v=spf1 ip4\\07210.0.2.0/24 -all:86400\n");
    expect(world.readData()).not.toContain('+web.example.test');
    expect(world.readData()).not.toContain('new.example.test'); // the -n showOnly line
  }, 240_000);
});
