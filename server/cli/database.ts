import path from 'node:path';
import nextEnv from '@next/env';
import pg from 'pg';
import { type EmbeddedHandle, startEmbedded } from '@/server/db/embedded';
import { migrate } from '@/server/db/migrate';
import { type Env, refreshEnv } from '@/server/env';

// The database a command-line tool works on: DATABASE_URL when set, else the embedded PostgreSQL
// in DATA_DIR, exactly as `npm start` finds it (.env files included). If the server is running,
// the tool connects to its cluster; if not, it starts the cluster and stops it afterwards.

export type CliDatabase = {
  /** The database the tool works on (the app's own unless another name was asked for). */
  url: string;
  config: Env;
  /** True when the embedded cluster belongs to a running Marquee server (we only connected). */
  sharedWithRunningServer: boolean;
  embedded: boolean;
};

function loadConfig(): Env {
  (process.env as Record<string, string>).NODE_ENV ??= 'production';
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  return refreshEnv();
}

async function createDatabaseIfMissing(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Opens the database for `work` and closes what it opened afterwards. `database` names another
 * database in the same cluster or server, created if missing. A backup must not change what it
 * copies, so `migrate` is opt-in, for tools that need the current schema.
 */
export async function withDatabase<T>(
  options: { database?: string; migrate: boolean },
  work: (db: CliDatabase) => Promise<T>,
): Promise<T> {
  let config = loadConfig();
  let embedded: EmbeddedHandle | undefined;
  try {
    let url: string;
    if (config.DATABASE_URL) {
      url = config.DATABASE_URL;
      if (options.database) {
        await createDatabaseIfMissing(url, options.database);
        const u = new URL(url);
        u.pathname = `/${options.database}`;
        url = u.toString();
      }
    } else {
      embedded = await startEmbedded({
        dataDir: path.join(path.resolve(config.DATA_DIR), 'postgres'),
        port: config.EMBEDDED_PG_PORT,
        database: options.database ?? 'marquee',
      });
      url = embedded.url;
      process.env.DATABASE_URL = url;
      config = refreshEnv();
    }
    if (options.migrate) await migrate(url);
    return await work({
      url,
      config,
      sharedWithRunningServer: embedded ? !embedded.owned : false,
      embedded: !!embedded,
    });
  } finally {
    const { disconnectDb } = await import('@/server/db');
    await disconnectDb().catch(() => {});
    await embedded?.stop();
  }
}

/** The app's database with migrations applied first, so a tool can run before the very first start. */
export function withCliDatabase<T>(work: () => Promise<T>): Promise<T> {
  return withDatabase({ migrate: true }, () => work());
}
