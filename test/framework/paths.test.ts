// packageBin: another bin of this package, found beside the running one or in the package's dist/bin.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageBin, packageRoot } from '../../framework/paths.js';

describe('packageBin', () => {
  it("finds a built bin of this package in its dist/bin (under vitest, argv[1] is not one of ours)", () => {
    expect(existsSync(join(packageRoot(), 'dist', 'bin', 'iim-tinydns.js')), 'run npm run build first').toBe(true);
    expect(packageBin('iim-tinydns')).toBe(join(packageRoot(), 'dist', 'bin', 'iim-tinydns.js'));
  });

  it('names the bin it did not find, where it looked last, and says to build the package', () => {
    expect(() => packageBin('iim-nothing')).toThrow(`iim-nothing not found at ${join(packageRoot(), 'dist', 'bin', 'iim-nothing.js')}: build the package first (npm run build)`);
  });
});
