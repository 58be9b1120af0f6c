import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

// Unit tests (*.test.ts) and integration tests against a real PostgreSQL (*.int.test.ts) run
// together under `npm test`. tests/support/global-setup.ts gives every run a fresh database.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // `server-only` throws outside Next's react-server bundle; in tests it is a no-op.
      { find: /^server-only$/, replacement: path.join(root, 'node_modules/server-only/empty.js') },
    ],
  },
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/setup.ts'],
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.int.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // On a loaded CI box a test may lose a race with the clock once; it gets one more try, and
    // .ci/summary.mjs names every test that needed it (with its first failure), so a flaky test
    // is seen rather than hidden. Locally a failure is a failure.
    retry: process.env.CI ? 1 : 0,
    reporters: process.env.CI
      ? // .ci/run names another file for its second run of the suite (on Node 24).
        ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT ?? 'test-results/vitest.json' }]]
      : ['default'],
  },
});
