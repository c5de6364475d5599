// Example lines with parameters given: a line that sets a parameter itself shows it once, with
// its own value (issue 13, item 24).
import { describe, expect, it } from 'vitest';
import { exampleContext } from '../../framework/examples.js';
import { runBin } from '../support/run-bin.js';

describe('example lines and the parameters given', () => {
  it('a line setting -p lab and -p net itself does not repeat the given ones', async () => {
    const result = await runBin('iim', ['-p', 'lab=/tmp/lab-given', '-p', 'net=127.9.0']);
    expect(result.status).toBe(0);
    const secondLab = result.stdout.split('\n').filter((line) => line.includes('a second lab beside the first'));
    expect(secondLab).toEqual(['iim -h -v -n showRun -p lab=/tmp/lab2 -p net=127.54.0 -i labUp  # a second lab beside the first']);
    expect(result.stdout).toContain('iim -h -v -n showRun -p lab=/tmp/lab-given -p net=127.9.0 -f -i labDown');
  });

  it('only the parameters a line sets itself are left out of the given ones', () => {
    const { cmd } = exampleContext('iim', {}, ['-v'], [['lab', '/tmp/a'], ['editor', 'no']]);
    expect(cmd('-p editor=yes -i panel tinydns')).toMatchObject({ line: 'iim -v -p lab=/tmp/a -p editor=yes -i panel tinydns' });
  });
});
