import { describe, expect, it } from 'vitest';
import { decide, describeAction } from '../../framework/operations.js';

describe('run modes', () => {
  it.each([
    ['runOnly', false, { show: false, run: true }],
    ['showOnly', false, { show: true, run: false }],
    ['showOnly', true, { show: true, run: false }],
    ['showRun', true, { show: true, run: true }],
    ['seeRun', false, { show: true, run: true }],
    ['runSafe', false, { show: true, run: true }],
    ['runSafe', true, { show: true, run: false }],
    ['showProtected', false, { show: false, run: true }],
    ['showProtected', true, { show: true, run: false }],
    ['showRunProtected', false, { show: false, run: true }],
    ['showRunProtected', true, { show: true, run: true }],
  ] as const)('%s (protected: %s) → %j', (mode, isProtected, expected) => {
    expect(decide(mode, isProtected)).toEqual(expected);
  });
});

describe('shown actions read like shell lines', () => {
  it.each([
    [{ action: 'run', program: 'svc', args: ['-u', '/srv/my service'] }, "svc -u '/srv/my service'"],
    [{ action: 'run', program: 'dnsip', args: ['a.test'], env: { DNSCACHEIP: '127.0.0.2' } }, 'DNSCACHEIP=127.0.0.2 dnsip a.test'],
    [{ action: 'run', program: 'tinydns-data', args: [], cwd: '/x/root' }, '(cd /x/root && tinydns-data)'],
    [{ action: 'symlink', target: '/a', path: '/b' }, 'ln -s /a /b'],
    [{ action: 'signal', pid: 42, signal: 'SIGTERM' }, 'kill -TERM 42'],
    [{ action: 'writeFile', path: '/e/X', bytes: 2, content: "a'\n" }, `printf '%s' 'a'\\''\n' > /e/X  # atomic: temporary file + rename`],
    [{ action: 'writeFile', path: '/d', bytes: 99999 }, '# write 99999 bytes to /d (atomic: temporary file + rename)'],
    [
      { action: 'writeFile', path: '/s/run', bytes: 24, content: '#!/bin/sh\nEOF\nexec true\n', mode: 0o755 },
      "cat > /s/run <<'EOF_'  # atomic: temporary file + rename\n#!/bin/sh\nEOF\nexec true\nEOF_\nchmod 755 /s/run",
    ],
  ] as const)('%j', (action, line) => {
    expect(describeAction(action as never)).toBe(line);
  });
});
