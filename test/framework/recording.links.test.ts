// A -r log shows recorded values as text: a hostile TXT value never becomes a live org link
// (parsed by org-element in a real Emacs; issue 12, item 6).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { available } from '../support/programs.js';
import { projectRoot, runBin } from '../support/run-bin.js';
import { removeDirectory, temporaryDirectory } from '../support/sandbox.js';

let top: string;
beforeEach(() => {
  top = temporaryDirectory('recording-links');
});
afterEach(() => removeDirectory(top));

/** Every link org-element finds in FILE, as TYPE|PATH lines (panels/iim.el loaded, so iim: is a link type). */
function orgLinks(file: string): string[] {
  const forms = `(with-current-buffer (find-file-noselect ${JSON.stringify(file)})
    (org-mode)
    (dolist (link (org-element-map (org-element-parse-buffer) 'link #'identity))
      (princ (format "%s|%s\\n" (org-element-property :type link) (org-element-property :path link)))))`;
  const result = spawnSync('emacs', ['--batch', '-Q', '-l', join(projectRoot, 'panels', 'iim.el'), '--eval', `(progn ${forms})`], {
    encoding: 'utf8', timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`emacs failed: ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}

describe.skipIf(!available('emacs') || !available('tinydns-data'))('a recorded hostile TXT value', () => {
  it('is no link in the log, as argument, as written data or as a problem', async () => {
    const dir = join(top, 'tinydns');
    mkdirSync(join(dir, 'root'), { recursive: true });
    writeFileSync(join(dir, 'root', 'data'), '');
    const marker = join(top, 'pwned');
    const hostile = `[[iim:sh -c "touch ${marker}"][details]] <iim:sh -c "touch ${marker}"> iim:sh [[shell:touch ${marker}]]`;
    const logs = join(top, 'logs');
    const added = await runBin('iim-tinydns', ['-p', `dir=${dir}`, '-r', logs, '-i', 'recordAdd', 'txt', 'note.example.test', hostile]);
    expect(added.status, added.stderr).toBe(0);
    const failed = await runBin('iim-tinydns', ['-p', `dir=${dir}`, '-r', logs, '-i', 'recordAdd', 'mx', 'example.test', '10.0.0.1', hostile]);
    expect(failed.status).toBe(1);
    const files = readdirSync(logs);
    expect(files).toHaveLength(2);
    for (const file of files) {
      const log = readFileSync(join(logs, file), 'utf8');
      expect(log).toContain('details');
      const links = orgLinks(join(logs, file));
      expect(links.length).toBeGreaterThan(0);
      expect(links.filter((link) => !link.startsWith('file|'))).toEqual([]);
      expect(links.filter((link) => link.includes(marker))).toEqual([]);
    }
  });
});

describe.skipIf(!available('emacs') || !available('tinydns-data'))('a hostile working directory and arguments', () => {
  it('are no link in the log: the newline is escaped as \\n and the list item stays one line', async () => {
    const dir = join(top, 'tinydns');
    mkdirSync(join(dir, 'root'), { recursive: true });
    writeFileSync(join(dir, 'root', 'data'), '');
    const hostile = 'w\niim:iim-daemontools -i svscanStop x]] <iim:rm -rf x> [[iim:rm -rf y]';
    const cwd = join(top, hostile);
    mkdirSync(cwd, { recursive: true });
    const logs = join(top, 'logs');
    const listed = await runBin('iim-tinydns', ['-r', logs, '-p', `dir=${dir}`, '-i', 'recordList', hostile], { cwd });
    expect(listed.status, listed.stderr).toBe(1); // a bad ZONE, recorded as a problem too
    const [file] = readdirSync(logs);
    const log = readFileSync(join(logs, file), 'utf8');
    const directory = log.split('\n').find((line) => line.startsWith('- Directory: '))!;
    expect(directory).toContain('/w\\niim\u200b:iim-daemontools -i svscanStop x]] <\u200biim\u200b:rm -rf x> [\u200b[iim\u200b:rm -rf y]');
    const heading = log.split('\n').find((line) => line.startsWith('* iim-tinydns'))!;
    expect(heading).toContain("recordList 'w\\niim\u200b:iim-daemontools");
    const links = orgLinks(join(logs, file));
    expect(links.filter((link) => !link.startsWith('file|'))).toEqual([]);
    expect(links.filter((link) => link.includes('rm -rf'))).toEqual([]);
  });
});
