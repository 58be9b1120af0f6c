import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type EmbeddedHandle, startEmbedded, THROWAWAY_SETTINGS } from '@/server/db/embedded';

// A PostgreSQL of a test's own, for tests that stop or restart the database: the run's shared
// cluster (tests/support/global-setup.ts) serves every other test file at the same time.

export type OwnPostgres = {
  url: string;
  /** Stops the server and starts it again on the same port and data (what a restart does to clients). */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
};

async function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

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
  return {
    url: handle.url,
    async restart(options = {}) {
      await handle.stop();
      await new Promise((r) => setTimeout(r, options.downMs ?? 300));
      handle = await start();
      if (handle.port !== port) throw new Error(`PostgreSQL came back on port ${handle.port}, not ${port}`);
    },
    async stop() {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
