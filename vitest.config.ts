import { defineConfig } from 'vitest/config';

// Integration tests start real daemons: run files one at a time per worker,
// with generous timeouts (the speed of anything is measured in bench/, not here).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
