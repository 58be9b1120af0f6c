import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '@/server/db/migrate';

// A database of its own for tests that need an empty world (the seed, the migration runner),
// created in this run's PostgreSQL and dropped by dropScratchDatabases().
const created: string[] = [];

export async function createScratchDatabase(options: { migrated?: boolean } = {}): Promise<string> {
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  const name = `marquee_test_scratch_${Date.now()}_${created.length}_${process.pid}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  created.push(name);
  const u = new URL(inject('adminUrl'));
  u.pathname = `/${name}`;
  if (options.migrated) await migrate(u.toString());
  return u.toString();
}

export async function dropScratchDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  for (const name of created.splice(0)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
