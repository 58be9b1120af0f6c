import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type EmbeddedHandle, ephemeralPort, startEmbedded, THROWAWAY_SETTINGS } from '@/server/db/embedded';

// A PostgreSQL of a test's own, for tests that stop or restart the database: the run's shared
// cluster (tests/support/global-setup.ts) serves every other test file at the same time.

export type OwnPostgres = {
  url: string;
  /** Stops the server and starts it again on the same port and data (what a restart does to clients). */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server (waits for it to exit); up() starts it again on the same port and data. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Sends a signal to the postmaster (SIGTERM: a smart shutdown, which waits for open sessions). */
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
};

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-own-pg-'));
  // The postgres user (we may run as root) must reach the data directory.
  await chmod(dir, 0o755);
  const port = await ephemeralPort();
  const start = () =>
    startEmbedded({
      dataDir: path.join(dir, 'postgres'),
      port,
      database: 'marquee',
      settings: THROWAWAY_SETTINGS,
    });
  let handle: EmbeddedHandle = await start();
  const down = () => handle.stop();
  const up = async () => {
    handle = await start();
    if (handle.port !== port) throw new Error(`PostgreSQL came back on port ${handle.port}, not ${port}`);
  };
  return {
    url: handle.url,
    async restart(options = {}) {
      await down();
      await new Promise((r) => setTimeout(r, options.downMs ?? 300));
      await up();
    },
    down,
    up,
    signal(signal) {
      const pid = Number(readFileSync(path.join(handle.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, signal);
    },
    async stop() {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
