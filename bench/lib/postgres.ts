import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Cleanup } from '@/bench/lib/cleanup';
import { type EmbeddedHandle, startEmbedded } from '@/server/db/embedded';

// The benchmarks' own PostgreSQL: the embedded cluster with its normal durability settings
// (fsync and synchronous commit on), because the targets are about a real deployment. Each run
// gets a fresh database in it, dropped afterwards unless asked to keep it.

export type BenchPostgres = {
  handle: EmbeddedHandle;
  version: string;
  settings: Record<string, string>;
  postmasterPid(): number | undefined;
  createDatabase(name: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  /**
   * A restart as an operator does one: a fast shutdown (open transactions are rolled back and
   * every client is disconnected), `downMs` with nothing listening, then the same data directory
   * on the same port. Returns when it accepts connections again.
   */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
};

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function startBenchPostgres(options: {
  dataDir: string;
  port: number;
  /** Extra `postgres -c` settings (e.g. to load pg_stat_statements). */
  settings?: Record<string, string>;
  log?: (msg: string) => void;
}): Promise<BenchPostgres> {
  const start = (port: number) =>
    startEmbedded({
      dataDir: options.dataDir,
      port,
      database: 'postgres',
      settings: options.settings,
      log: options.log,
    });
  let handle = await start(options.port);
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: handle.url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const { version, settings } = await admin(async (c) => {
    const v = await c.query<{ server_version: string }>('SHOW server_version');
    const s = await c.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings
       WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_connections',
                      'max_pred_locks_per_transaction', 'max_pred_locks_per_page')`,
    );
    return {
      version: v.rows[0]?.server_version.split(' ')[0] ?? '?',
      settings: Object.fromEntries(s.rows.map((r) => [r.name, r.setting])),
    };
  });
  return {
    get handle() {
      return handle;
    },
    version,
    settings,
    postmasterPid() {
      try {
        return Number(readFileSync(`${handle.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]) || undefined;
      } catch {
        return undefined;
      }
    },
    async createDatabase(name) {
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
      await admin((c) => c.query(`CREATE DATABASE "${name}"`));
      return withDatabase(handle.url, name);
    },
    async dropDatabase(name) {
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
    async restart(downMs) {
      const { port } = handle;
      await handle.stop();
      await new Promise((r) => setTimeout(r, downMs));
      handle = await start(port);
      if (handle.port !== port) throw new Error(`PostgreSQL came back on port ${handle.port}, not ${port}`);
    },
    stop: () => handle.stop(),
  };
}

/**
 * An in-process benchmark's database: the bench cluster, a fresh database in it, migrated, and
 * DATABASE_URL pointing at it for the server modules imported after this. `cleanup` stops the
 * cluster and drops the database (unless `keep`).
 */
export async function startMigratedBenchDatabase(
  cleanup: Cleanup,
  options: { dataDir: string; port: number; name: string; keep: boolean },
): Promise<{ pgServer: BenchPostgres; url: string }> {
  const pgServer = await startBenchPostgres({ dataDir: options.dataDir, port: options.port });
  cleanup.add('PostgreSQL', () => pgServer.stop());
  const dbName = `${options.name}_${Date.now()}`;
  const url = await pgServer.createDatabase(dbName);
  if (!options.keep) cleanup.add('database', () => pgServer.dropDatabase(dbName));
  process.env.DATABASE_URL = url;
  const { migrate } = await import('@/server/db/migrate');
  await migrate(url);
  return { pgServer, url };
}
