import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

// Applies prisma/migrations/*/migration.sql offline, without Prisma's native schema engine
// (which cannot be downloaded on our build machines). It records each migration in
// _prisma_migrations exactly as `prisma migrate deploy` does (same columns, sha256 checksum of
// the file, applied_steps_count = 1), so a machine that has the native engine sees the same
// history, and takes the same advisory lock so the two never run at once.

const PRISMA_MIGRATE_LOCK = 72707369; // the key `prisma migrate` itself uses
const MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'migrations');

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: number; warnings: string[] };

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export async function migrate(
  connectionString: string,
  options: {
    dir?: string;
    onApply?: (name: string) => void;
    /** Apply only these (a restore rebuilds the schema a backup was taken at, no further). */
    only?: ReadonlySet<string>;
  } = {},
): Promise<MigrateResult> {
  const migrations = (await readMigrations(options.dir)).filter(
    (m) => !options.only || options.only.has(m.name),
  );
  const client = new pg.Client({ connectionString });
  await client.connect();
  const warnings: string[] = [];
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} failed earlier and was not rolled back; fix the database, then mark it with \`prisma migrate resolve\`.`,
      );
    }
    const done = new Map(
      rows.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]),
    );
    const known = new Set(migrations.map((m) => m.name));
    for (const name of done.keys()) {
      if (!known.has(name))
        warnings.push(`Migration ${name} is applied in the database but missing locally.`);
    }
    let alreadyApplied = 0;
    for (const m of migrations) {
      const checksum = done.get(m.name);
      if (checksum !== undefined) {
        alreadyApplied++;
        if (checksum !== m.checksum) warnings.push(`Migration ${m.name} was modified after it was applied.`);
        continue;
      }
      options.onApply?.(m.name);
      const id = randomUUID();
      // One transaction per file: a failing migration leaves no trace, not half a schema.
      await client.query('BEGIN');
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 0)`,
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied, warnings };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => {});
    await client.end();
  }
}
