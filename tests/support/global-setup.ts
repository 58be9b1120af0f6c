import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type EmbeddedHandle, startEmbedded, THROWAWAY_SETTINGS } from '../../server/db/embedded';
import { migrate } from '../../server/db/migrate';
import { assertLocalDatabase } from './assert-local-database';

// One PostgreSQL for the whole run (embedded unless TEST_DATABASE_URL is set) and, in it, a
// database created fresh for this run and dropped afterwards.

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    adminUrl: string;
  }
}

let embedded: EmbeddedHandle | undefined;
let adminUrl = '';
let dbName = '';

export async function setup(project: TestProject): Promise<void> {
  const t0 = performance.now();
  if (process.env.TEST_DATABASE_URL) {
    assertLocalDatabase(process.env.TEST_DATABASE_URL);
    const u = new URL(process.env.TEST_DATABASE_URL);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  } else {
    // MARQUEE_TEST_PG_DIR/PORT let parallel test runs (several checkouts) keep separate clusters.
    embedded = await startEmbedded({
      dataDir: path.resolve(process.env.MARQUEE_TEST_PG_DIR ?? '.data/test-postgres'),
      port: Number(process.env.MARQUEE_TEST_PG_PORT ?? 54339),
      database: 'postgres',
      settings: THROWAWAY_SETTINGS,
    });
    adminUrl = embedded.url;
  }
  dbName = `marquee_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Leftovers of runs that were killed before teardown.
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'marquee_test_%'",
    );
    for (const r of rows)
      await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => {});
    await admin.query(`CREATE DATABASE "${dbName}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  const databaseUrl = u.toString();
  await migrate(databaseUrl);
  project.provide('databaseUrl', databaseUrl);
  project.provide('adminUrl', adminUrl);
  process.stdout.write(
    `test database ${dbName} ready in ${Math.round(performance.now() - t0)} ms (${embedded ? `embedded PostgreSQL on port ${embedded.port}` : 'TEST_DATABASE_URL'})\n`,
  );
}

export async function teardown(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  await admin.end();
  await embedded?.stop();
}
