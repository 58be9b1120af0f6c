import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '@/server/db/migrate';
import { createScratchDatabase, dropScratchDatabases } from '../support/scratch-db';

// The offline runner must leave _prisma_migrations exactly as `prisma migrate deploy` would, so
// a machine with Prisma's native engine sees the same history.

const freshDb = () => createScratchDatabase();
afterAll(dropScratchDatabases);

describe('the offline migration runner', () => {
  it('records each migration as Prisma does, and a second run applies nothing', async () => {
    const url = await freshDb();
    const files = await readMigrations();
    const first = await migrate(url);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name',
    );
    await client.end();
    expect(rows).toHaveLength(files.length);
    for (const [i, row] of rows.entries()) {
      const file = files[i]!;
      expect(row.migration_name).toBe(file.name);
      expect(row.checksum).toBe(createHash('sha256').update(file.sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const second = await migrate(url);
    expect(second).toEqual({ applied: [], alreadyApplied: files.length, warnings: [] });
  });

  it('rolls a failing migration back completely and reports it', async () => {
    const url = await freshDb();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-mig-'));
    await mkdir(path.join(dir, '20990101000000_ok'));
    await writeFile(path.join(dir, '20990101000000_ok', 'migration.sql'), 'CREATE TABLE a (id int);');
    await mkdir(path.join(dir, '20990101000001_broken'));
    await writeFile(
      path.join(dir, '20990101000001_broken', 'migration.sql'),
      'CREATE TABLE b (id int);\nSELECT no_such_function();',
    );
    await expect(migrate(url, { dir })).rejects.toThrow(/20990101000001_broken failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    const history = await client.query('SELECT migration_name FROM "_prisma_migrations"');
    await client.end();
    expect(tables.rows.map((r) => r.tablename)).toEqual(['_prisma_migrations', 'a']);
    expect(history.rows.map((r) => r.migration_name)).toEqual(['20990101000000_ok']);
  });

  it('warns when an applied migration was edited afterwards', async () => {
    const url = await freshDb();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-mig-'));
    await mkdir(path.join(dir, '20990101000000_one'));
    await writeFile(path.join(dir, '20990101000000_one', 'migration.sql'), 'CREATE TABLE c (id int);');
    await migrate(url, { dir });
    await writeFile(path.join(dir, '20990101000000_one', 'migration.sql'), 'CREATE TABLE c (id bigint);');
    const again = await migrate(url, { dir });
    expect(again.warnings).toEqual(['Migration 20990101000000_one was modified after it was applied.']);
  });
});
