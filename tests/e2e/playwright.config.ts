import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

// End-to-end tests drive Debian's Chromium (never a downloaded browser) against the real
// production server started the way `npm start` does it, on its own port, with a brand-new
// embedded PostgreSQL in a temporary directory (migrated and seeded on start).

const port = Number(process.env.E2E_PORT ?? 3100);
// Set once by the runner and inherited by its workers, so tests can reach the same database.
process.env.MARQUEE_E2E_DATA_DIR ??= path.join(os.tmpdir(), `marquee-e2e-${Date.now()}`);
const dataDir = process.env.MARQUEE_E2E_DATA_DIR;
const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  outputDir: path.join(root, 'test-results/e2e-artifacts'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: path.join(root, 'test-results/e2e.json') }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: 'node --import tsx --import ./server/preload.mjs server/main.ts --demo',
    cwd: root,
    url: `http://localhost:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(port + 20000),
      LOG_LEVEL: 'warn',
      // Expired holds show up as free within a second (the e2e tests expire holds on purpose).
      EXPIRY_SWEEP_SECONDS: '1',
      NODE_ENV: 'production',
    },
  },
});
