// summariseLogFile against awk as the oracle: the bench's generated logs (its awk program
// counts the same fields), in two shapes: a few thousand names, and enough names for the
// name table to grow several times. Every table is compared whole, not only its top.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summariseLogFile } from '../../../lib/dnscache/log-stats.js';
import { queryTypeName } from '../../../lib/dnscache/query-types.js';
import { available } from '../../support/programs.js';
import { projectRoot } from '../../support/run-bin.js';

const hasAwk = available('awk');
const dir = mkdtempSync(join(tmpdir(), 'iim-log-awk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hexToDotted = (hex: string) => (/^[0-9a-f]{8}$/.test(hex) ? hex.match(/../g)!.map((octet) => parseInt(octet, 16)).join('.') : '?');

function awkTables(file: string) {
  const run = spawnSync('awk', ['-f', join(projectRoot, 'bench', 'dnscache-log-stats.awk'), file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  expect(run.status, run.stderr).toBe(0);
  const [totals, ...rows] = run.stdout.trimEnd().split('\n');
  const table = (kind: string, key: (word: string) => string = (word) => word) => {
    const map = new Map<string, number>();
    for (const row of rows) {
      const [what, word, count] = row.split(' ');
      if (what === kind) map.set(key(word), (map.get(key(word)) ?? 0) + Number(count));
    }
    return map;
  };
  return {
    totals,
    clients: table('client', hexToDotted),
    types: table('type', (word) => queryTypeName(Number(word))),
    names: table('name'),
    kinds: table('kind'),
  };
}

const sorted = (map: Map<string, number>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe.skipIf(!hasAwk)('logStats counts what awk counts', () => {
  it.each([
    ['a few thousand names', 30_000, 8000],
    ['names enough to grow the table several times', 120_000, 400_000],
  ])('%s', (_shape, lines, names) => {
    const file = join(dir, `current-${lines}-${names}`);
    const made = spawnSync(process.execPath, [join(projectRoot, 'bench', 'gen-dnscache-log.mjs'), String(lines), file, String(names)]);
    expect(made.status, String(made.stderr)).toBe(0);
    const awk = awkTables(file);
    const ours = summariseLogFile(file);
    const st = ours.stats!;
    expect(`lines ${ours.lines} queries ${ours.queries} clients ${ours.perClient.size} names ${ours.distinctNames} types ${ours.types.size} stats ${st.queries} ${st.cacheMotion} ${st.udpActive} ${st.tcpActive}`)
      .toBe(awk.totals);
    expect(sorted(ours.perClient)).toEqual(sorted(awk.clients));
    expect(sorted(ours.types)).toEqual(sorted(awk.types));
    expect(sorted(ours.nameCounts())).toEqual(sorted(awk.names));
    expect(sorted(ours.kinds)).toEqual(sorted(awk.kinds));
    if (names > 16_384) expect(ours.distinctNames).toBeGreaterThan(16_384);
  }, 60_000);
});
