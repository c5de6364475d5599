// The machine-readable declaration (-i help -p format=json) says where an editor finds the
// script's source and panel: what panels/iim.el's "visit the source" and M-x iim read.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, runBin } from '../support/run-bin.js';

describe('-i help -p format=json', () => {
  it('names the source file and the shipped panel of iim-tinydns', async () => {
    const result = await runBin('iim-tinydns', ['-i', 'help', '-p', 'format=json']);
    expect(result.status).toBe(0);
    const declaration = JSON.parse(result.stdout) as { sourceFile: string; panel: string | null };
    expect(declaration.sourceFile).toBe(join(projectRoot, 'scripts', 'tinydns.ts'));
    expect(existsSync(declaration.sourceFile)).toBe(true);
    expect(declaration.panel).toBe('tinydns');
    const params = (declaration as unknown as { params: Array<{ name: string; shared: boolean }> }).params;
    expect(params.find((p) => p.name === 'dir')?.shared).toBe(false);
    expect(params.find((p) => p.name === 'format')?.shared).toBe(true);
  });
});
