import 'server-only';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { extract } from 'tar';
import { AppError } from '@/lib/errors';
import {
  type BackupManifest,
  databaseName,
  MANIFEST_FILE,
  manifestSchema,
  quoteIdent,
  sha256File,
} from '@/server/db/backup-archive';
import { migrate, readMigrations } from '@/server/db/migrate';
import { findPgTool, type PgTool, runPgTool } from '@/server/db/pg-tools';

export type RestoreResult = {
  database: string;
  tables: number;
  rows: number;
  /** Migrations newer than the backup, applied after its data was loaded. */
  migratedForward: string[];
  warnings: string[];
  ms: number;
};

const ARCHIVE_ENTRY = /^(manifest\.json|database\.dump|tables\/?|tables\/[a-z_][a-z0-9_$]*\.copy)$/i;

/**
 * Unpacks and checks the whole archive before anything touches a database: every table file must
 * be present with the size and sha256 the manifest recorded. A truncated download or a flipped
 * bit is refused here, and the target is left as it was.
 */
async function openArchive(file: string, into: string): Promise<BackupManifest> {
  const corrupt = (why: string) =>
    new AppError(
      'VALIDATION_FAILED',
      `${file} is not a usable Marquee backup: ${why}. Nothing was restored.`,
    );
  const fileStat = await stat(file).catch(() => null);
  if (!fileStat?.isFile()) throw new AppError('NOT_FOUND', `No backup file at ${file}.`);
  try {
    await extract({
      file,
      cwd: into,
      strict: true,
      // Only what a backup holds; anything else (links, other paths) is not ours to write.
      filter: (entryPath, entry) =>
        ARCHIVE_ENTRY.test(entryPath) &&
        ('type' in entry ? ['File', 'Directory'].includes(entry.type) : true),
    });
  } catch (error) {
    throw corrupt(`the archive cannot be read (${(error as Error).message})`);
  }
  const manifestPath = path.join(into, MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw corrupt('it has no manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch {
    throw corrupt('its manifest.json is not JSON');
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw corrupt(
      `its manifest does not describe a backup of this format (${first?.path.join('.')}: ${first?.message})`,
    );
  }
  const files =
    parsed.data.payload === 'pg_dump' && parsed.data.dump
      ? [{ what: 'the pg_dump file', ...parsed.data.dump }]
      : parsed.data.tables.map((t) => ({
          what: `the data of table ${t.name}`,
          file: t.file ?? '',
          bytes: t.bytes,
          sha256: t.sha256,
        }));
  for (const f of files) {
    const where = path.join(into, f.file);
    const s = await stat(where).catch(() => null);
    if (!s?.isFile()) throw corrupt(`${f.what} is missing`);
    if (s.size !== f.bytes || (await sha256File(where)) !== f.sha256)
      throw corrupt(`${f.what} differs from its checksum`);
  }
  return parsed.data;
}

export type OpenedBackup = {
  file: string;
  manifest: BackupManifest;
  /** Migration differences that do not stop a restore (a migration edited after release). */
  warnings: string[];
  dir: string;
  close: () => Promise<void>;
};

/**
 * Unpacks a backup into a temporary directory and checks it against the manifest and against this
 * code's migrations, touching no database: the command-line tool opens the backup before it
 * creates or connects to anything, so a bad file changes nothing anywhere.
 */
export async function openBackup(options: { file: string; migrationsDir?: string }): Promise<OpenedBackup> {
  const file = path.resolve(options.file);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-restore-'));
  // A failed extraction may still be closing files: retry, and never let cleanup hide an error.
  const close = () => rm(dir, { recursive: true, force: true, maxRetries: 5 }).catch(() => {});
  try {
    const manifest = await openArchive(file, dir);
    const local = new Map((await readMigrations(options.migrationsDir)).map((m) => [m.name, m.checksum]));
    const unknown = manifest.migrations.filter((m) => !local.has(m.name)).map((m) => m.name);
    if (unknown.length) {
      throw new AppError(
        'CONFLICT',
        `The backup was taken by a newer Marquee: its migrations ${unknown.join(', ')} are not in this code. Restore it with the release that made it (or a later one). Nothing was restored.`,
      );
    }
    const warnings = manifest.migrations
      .filter((m) => local.get(m.name) !== m.checksum)
      .map((m) => `Migration ${m.name} differs from the one the backup was taken with.`);
    return { file, manifest, warnings, dir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** openBackup, then restoreBackup, then the temporary files are gone. */
export async function restoreDatabase(options: {
  file: string;
  connectionString: string;
  force?: boolean;
  migrationsDir?: string;
  log?: (message: string) => void;
}): Promise<RestoreResult> {
  const backup = await openBackup(options);
  try {
    return await restoreBackup({ ...options, backup });
  } finally {
    await backup.close();
  }
}

/**
 * Restores an opened backup into the (empty) database at `connectionString` (a 'copy' payload
 * through loadCopies, a 'pg_dump' one through pg_restore), checks every table's row count against
 * the manifest, and only then applies newer migrations, so a backup from an older release is
 * carried forward by the same SQL that carried the live database.
 */
export async function restoreBackup(options: {
  backup: OpenedBackup;
  connectionString: string;
  /** Drop everything in the public schema of a non-empty target first. */
  force?: boolean;
  migrationsDir?: string;
  log?: (message: string) => void;
}): Promise<RestoreResult> {
  const t0 = performance.now();
  const log = options.log ?? (() => {});
  const { manifest } = options.backup;
  const warnings = [...options.backup.warnings];
  const database = databaseName(options.connectionString);
  const client = new pg.Client({ connectionString: options.connectionString });
  try {
    await client.connect();
    // Before anything is emptied: a pg_dump backup cannot be restored without pg_restore.
    const restoreTool = manifest.payload === 'pg_dump' ? await requirePgRestore(client, manifest) : null;
    const {
      rows: [existing],
    } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
    );
    const objects = existing?.n ?? 0;
    if (objects > 0) {
      if (!options.force) {
        throw new AppError(
          'CONFLICT',
          `Database ${database} is not empty (${objects} tables and other objects). Restore into a new database, or pass --force to replace everything in it. Nothing was restored.`,
        );
      }
      log(`emptying database ${database} (--force)`);
      await client.query('DROP SCHEMA public CASCADE');
      await client.query('CREATE SCHEMA public');
    }

    if (restoreTool) {
      await loadDump(options, restoreTool, log);
      await checkCounts(client, manifest);
    } else {
      await loadCopies(options, client, log);
    }
    // Fresh planner statistics: the restored tables would otherwise look empty to the planner.
    await client.query('ANALYZE');

    const forward = await migrate(options.connectionString, {
      dir: options.migrationsDir,
      onApply: (name) => log(`applying newer migration ${name}`),
    });
    warnings.push(...forward.warnings);
    return {
      database,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
      migratedForward: forward.applied,
      warnings,
      ms: performance.now() - t0,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

type LoadOptions = { backup: OpenedBackup; connectionString: string; migrationsDir?: string };

/**
 * The 'copy' payload: the schema from exactly the migrations the backup was taken at, then every
 * table with COPY in one transaction with triggers and foreign-key checks off (the data was
 * consistent when copied; the audit log's append-only triggers and the seat-row triggers must not
 * fire on a reload), then the sequences where they were.
 */
async function loadCopies(options: LoadOptions, client: pg.Client, log: (message: string) => void) {
  const { manifest, dir: work } = options.backup;
  log(`rebuilding the schema at ${manifest.migrations.length} migrations`);
  await migrate(options.connectionString, {
    dir: options.migrationsDir,
    only: new Set(manifest.migrations.map((m) => m.name)),
  });

  log(`loading ${manifest.tables.length} tables`);
  await client.query('BEGIN');
  try {
    // Triggers (including the ones behind foreign keys) do not fire for a replica's session.
    await client.query('SET LOCAL session_replication_role = replica');
    // Migrations may have written rows of their own (backfills, defaults): the backup's win.
    if (manifest.tables.length)
      await client.query(`TRUNCATE ${manifest.tables.map((t) => quoteIdent(t.name)).join(', ')}`);
    for (const table of manifest.tables) {
      const cols = table.columns.map(quoteIdent).join(', ');
      await pipeline(
        createReadStream(path.join(work, table.file ?? '')),
        client.query(copyFrom(`COPY ${quoteIdent(table.name)} (${cols}) FROM STDIN`)),
      );
    }
    for (const seq of manifest.sequences) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
        quoteIdent(seq.name),
        seq.lastValue,
        seq.isCalled,
      ]);
    }
    // Inside the transaction: a mismatch rolls the whole load back.
    await checkCounts(client, manifest);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (error instanceof AppError) throw error;
    throw new AppError(
      'INTERNAL',
      `Loading the data failed, and was rolled back (the schema is in place; run again with --force): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** pg_restore of the target server's major version, which must be no older than the backup's. */
async function requirePgRestore(client: pg.Client, manifest: BackupManifest): Promise<PgTool> {
  const {
    rows: [server],
  } = await client.query<{ num: string }>("SELECT current_setting('server_version_num') AS num");
  const major = Math.floor(Number(server?.num ?? 0) / 10_000);
  const tool = await findPgTool('pg_restore', major);
  if (!tool || major < Math.floor(manifest.server.versionNum / 10_000)) {
    throw new AppError(
      'NOT_FOUND',
      `This backup was made with pg_dump (${manifest.dump?.tool}); restoring it needs pg_restore of the target server's major version (${major}, no older than the backup's server), and none was found (set PG_BIN_DIR). Nothing was restored.`,
    );
  }
  return tool;
}

/**
 * The 'pg_dump' payload: pg_restore in one transaction (schema, data, sequences and the migration
 * history all come from the dump itself).
 */
async function loadDump(options: LoadOptions, tool: PgTool, log: (message: string) => void) {
  const { manifest, dir } = options.backup;
  log(`pg_restore of ${manifest.tables.length} tables (${tool.version})`);
  await runPgTool(tool, options.connectionString, [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    '--single-transaction',
    path.join(dir, manifest.dump?.file ?? ''),
  ]);
}

/** Every table holds as many rows as when it was copied. */
async function checkCounts(client: pg.Client, manifest: BackupManifest) {
  for (const table of manifest.tables) {
    const {
      rows: [count],
    } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table.name)}`);
    if (Number(count?.n) !== table.rows) {
      throw new AppError(
        'INTERNAL',
        `Table ${table.name} has ${count?.n} rows after loading; the backup recorded ${table.rows}.`,
      );
    }
  }
}
