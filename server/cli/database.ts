import path from 'node:path';
import nextEnv from '@next/env';
import { type EmbeddedHandle, startEmbedded } from '@/server/db/embedded';
import { migrate } from '@/server/db/migrate';
import { refreshEnv } from '@/server/env';

// The database a command-line tool works on: DATABASE_URL when set, else the embedded PostgreSQL
// in DATA_DIR, exactly as `npm start` finds it (.env files included). If the server is running,
// the tool connects to its cluster; if not, it starts the cluster and stops it afterwards.
// Migrations are applied first, so a tool can run before the very first start.

export async function withCliDatabase<T>(work: () => Promise<T>): Promise<T> {
  (process.env as Record<string, string>).NODE_ENV ??= 'production';
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
  let config = refreshEnv();
  let embedded: EmbeddedHandle | undefined;
  try {
    if (!config.DATABASE_URL) {
      embedded = await startEmbedded({
        dataDir: path.join(path.resolve(config.DATA_DIR), 'postgres'),
        port: config.EMBEDDED_PG_PORT,
        database: 'marquee',
      });
      process.env.DATABASE_URL = embedded.url;
      config = refreshEnv();
    }
    await migrate(config.DATABASE_URL as string);
    return await work();
  } finally {
    const { disconnectDb } = await import('@/server/db');
    await disconnectDb().catch(() => {});
    await embedded?.stop();
  }
}
