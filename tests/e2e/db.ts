import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

// The e2e server's own embedded PostgreSQL, for the few things a browser cannot do quickly
// (like making a hold expire now instead of in eight minutes).
export async function withE2eDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const dataDir = process.env.MARQUEE_E2E_DATA_DIR;
  if (!dataDir) throw new Error('MARQUEE_E2E_DATA_DIR is not set (run through playwright.config.ts)');
  const { port } = JSON.parse(readFileSync(path.join(dataDir, 'postgres.owner.json'), 'utf8')) as {
    port: number;
  };
  const client = new pg.Client({
    connectionString: `postgresql://postgres:marquee-local@127.0.0.1:${port}/marquee`,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
