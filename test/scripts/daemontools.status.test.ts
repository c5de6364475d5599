// svcStatus reads supervise/status itself; over many services it must say what svstat says.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { eventually, makeWorld, processesUnder, type World } from '../support/daemontools-world.js';

const COUNT = 50;
const names = Array.from({ length: COUNT }, (_, i) => `svc${String(i).padStart(2, '0')}`);

function svstatSummary(dirs: string[]) {
  const lines = spawnSync('svstat', dirs, { encoding: 'utf8' }).stdout.trim().split('\n');
  return lines.map((line) => {
    const match = /^(.*?): (up|down)(?: \(pid (\d+)\))? (\d+) seconds/.exec(line);
    if (!match) throw new Error(`unexpected svstat line: ${line}`);
    return { dir: match[1], state: match[2], pid: match[3] ? Number(match[3]) : null, seconds: Number(match[4]) };
  });
}

describe.skipIf(!available('svscan', 'supervise', 'svc', 'svstat', 'multilog'))(`svcStatus over ${COUNT} services`, () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('status');
  });
  afterEach(() => {
    world.teardown();
    expect(processesUnder(world.root, 'supervise')).toEqual([]);
  });

  it('agrees with svstat: same up/down counts, pids and (within a second) seconds, text and JSON', async () => {
    const { run, serviceDir } = world;
    // made before svscan starts, so one scan picks them all up
    for (let i = 0; i < COUNT; i += 10) {
      const made = await Promise.all(names.slice(i, i + 10).map((name) => run('-i', 'svcCreate', name, 'sleep', '3600')));
      for (const result of made) expect(result.status, result.stderr).toBe(0);
    }
    expect((await run('-i', 'svscanStart')).status).toBe(0);
    const down = names.filter((_, i) => i % 3 === 0);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // supervise ignores svc for ~1 s after a start
    expect((await run('-i', 'svcDown', ...down)).status).toBe(0);
    const dirs = names.map((name) => join(serviceDir, name));
    expect(await eventually(() => svstatSummary(dirs).filter((s) => s.state === 'down').length === down.length)).toBe(true);

    const expected = svstatSummary(dirs);
    const json = JSON.parse((await run('-p', 'format=json', '-i', 'svcStatus')).stdout);
    expect(json.map((s: { name: string }) => s.name)).toEqual(names);
    expect(json.filter((s: { state: string }) => s.state === 'up')).toHaveLength(COUNT - down.length);
    expect(json.map((s: { pid: number | null }) => s.pid)).toEqual(expected.map((s) => s.pid));
    json.forEach((s: { seconds: number }, i: number) => expect(Math.abs(s.seconds - expected[i].seconds)).toBeLessThanOrEqual(1));

    const logs = svstatSummary(dirs.map((dir) => join(dir, 'log')));
    expect(json.map((s: { log: { pid: number } }) => s.log.pid)).toEqual(logs.map((s) => s.pid));

    const text = (await run('-i', 'svcStatus')).stdout.trim().split('\n');
    expect(text).toHaveLength(COUNT);
    const svstatText = spawnSync('svstat', dirs, { encoding: 'utf8' }).stdout.trim().split('\n');
    text.forEach((line, i) => {
      const strip = (s: string) => s.replace(/ \d+ seconds/, ' N seconds');
      expect(strip(line.split('; log: ')[0])).toBe(strip(svstatText[i]).replace(`${serviceDir}/`, ''));
    });
  });
});
