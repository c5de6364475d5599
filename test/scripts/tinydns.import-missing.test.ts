// recordImport of a file that is not there (issue 13, item 19): what is missing and how to make it, not ENOENT.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

const top = temporaryDirectory('tinydns-import-missing');
afterAll(() => removeDirectory(top));

describe('iim-tinydns -i recordImport FILE', () => {
  it('a missing FILE: names it and the recordList line that makes one', async () => {
    const file = join(top, 'example.test.records');
    const result = await runBin('iim-tinydns', ['-p', `dir=${join(top, 'tinydns')}`, '-i', 'recordImport', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`iim-tinydns: recordImport: no file ${file}: recordImport reads lines as recordList prints them; make one with: iim-tinydns -i recordList ZONE > ${file}\n`);
  });

  it('its example says how to make the file it reads, and the dataCheck example how to make a copy', async () => {
    const examples = (await runBin('iim-tinydns', ['-p', `dir=${join(top, 'tinydns')}`])).stdout;
    expect(examples).toContain('recordImport /tmp/example.test.records  # recordList\'s lines (made by: iim-tinydns -i recordList example.test > /tmp/example.test.records)');
    expect(examples).toContain(`dataCheck /tmp/data.new  # check another file before it goes live (a copy to edit: cp ${join(top, 'tinydns', 'root', 'data')} /tmp/data.new)`);
  });
});
