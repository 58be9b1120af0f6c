import 'server-only';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { create as createTar } from 'tar';
import { AppError } from '@/lib/errors';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  DUMP_FILE,
  databaseName,
  MANIFEST_FILE,
  quoteIdent,
  sha256File,
} from '@/server/db/backup-archive';
import { findPgTool, runPgTool } from '@/server/db/pg-tools';

export type BackupResult = {
  file: string;
  bytes: number;
  ms: number;
  manifest: BackupManifest;
};

/** `.data/backups/marquee-2026-12-03T19-20-05Z.tar.gz`: sorts by time, no characters a shell minds. */
export function defaultBackupFile(dataDir: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  return path.join(path.resolve(dataDir), 'backups', `marquee-${stamp}.tar.gz`);
}

// Every table of the public schema that holds data, partitioned parents once (not their
// partitions); Prisma's migration history is recorded in the manifest instead, since restore
// rebuilds it by applying the migrations.
const TABLES_SQL = `
  SELECT c.relname AS name,
         array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND c.relname <> '_prisma_migrations'
   GROUP BY c.relname
   ORDER BY c.relname`;

/** Counts rows (COPY's text format writes exactly one line per row) and hashes what it passes. */
function measure() {
  const hash = createHash('sha256');
  const counts = { rows: 0, bytes: 0 };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      counts.bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) counts.rows++;
      done(null, chunk);
    },
  });
  return { stream, counts, digest: () => hash.digest('hex') };
}

/**
 * Copies every table of the database at `connectionString` into one archive at `out`, from one
 * snapshot: a REPEATABLE READ transaction sees the database as it was at its first query, so a
 * booking committed during the backup is either wholly in it or wholly absent, while the app
 * goes on serving (the copy takes no lock that blocks writers). The file appears only when
 * complete (written beside it, then renamed).
 */
export async function backupDatabase(options: {
  connectionString: string;
  out: string;
  /** 'auto' (default): pg_dump when the machine has one of the server's major version, else copy. */
  format?: 'auto' | BackupManifest['payload'];
  log?: (message: string) => void;
}): Promise<BackupResult> {
  const t0 = performance.now();
  const out = path.resolve(options.out);
  await mkdir(path.dirname(out), { recursive: true });
  const stage = await mkdtemp(path.join(os.tmpdir(), 'marquee-backup-'));
  const partial = `${out}.partial`;
  const client = new pg.Client({ connectionString: options.connectionString });
  try {
    await client.connect();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const {
      rows: [version],
    } = await client.query<{ version: string; num: string }>(
      "SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num",
    );
    const history = await client.query<{ exists: boolean }>(
      "SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists",
    );
    if (!history.rows[0]?.exists) {
      throw new AppError(
        'NOT_FOUND',
        `Database ${databaseName(options.connectionString)} has no _prisma_migrations table: it is not a Marquee database (or was never migrated).`,
      );
    }
    const migrations = await client.query<{ name: string; checksum: string }>(
      `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const tables = await client.query<{ name: string; columns: string[] }>(TABLES_SQL);
    const major = Math.floor(Number(version?.num ?? 0) / 10_000);
    const format = options.format ?? 'auto';
    const pgDump = format === 'copy' ? null : await findPgTool('pg_dump', major);
    if (format === 'pg_dump' && !pgDump) {
      throw new AppError(
        'NOT_FOUND',
        `No pg_dump of PostgreSQL ${major} on this machine (set PG_BIN_DIR, or back up with --format copy).`,
      );
    }
    const sequenceNames = await client.query<{ name: string }>(
      "SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename",
    );
    const sequences: BackupManifest['sequences'] = [];
    for (const { name } of sequenceNames.rows) {
      // Sequences are not transactional: this is their value now, at least what the snapshot used.
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${quoteIdent(name)}`,
      );
      const [row] = rows;
      if (row) sequences.push({ name, lastValue: row.last_value, isCalled: row.is_called });
    }

    const entries: BackupManifest['tables'] = [];
    let dump: BackupManifest['dump'];
    if (pgDump) {
      // pg_dump reads the very snapshot this transaction sees; the counts come from it too.
      const {
        rows: [snapshot],
      } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
      for (const table of tables.rows) {
        const {
          rows: [count],
        } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table.name)}`);
        entries.push({ name: table.name, columns: table.columns, rows: Number(count?.n ?? 0) });
      }
      const file = path.join(stage, DUMP_FILE);
      await runPgTool(pgDump, options.connectionString, [
        '--format=custom',
        `--snapshot=${snapshot?.id}`,
        '--no-owner',
        '--no-privileges',
        `--file=${file}`,
      ]);
      dump = {
        file: DUMP_FILE,
        bytes: (await stat(file)).size,
        sha256: await sha256File(file),
        tool: pgDump.version,
      };
    } else {
      await mkdir(path.join(stage, 'tables'));
      for (const table of tables.rows) {
        const file = `tables/${table.name}.copy`;
        const cols = table.columns.map(quoteIdent).join(', ');
        const m = measure();
        await pipeline(
          client.query(copyTo(`COPY (SELECT ${cols} FROM ${quoteIdent(table.name)}) TO STDOUT`)),
          m.stream,
          createWriteStream(path.join(stage, file)),
        );
        entries.push({
          name: table.name,
          columns: table.columns,
          rows: m.counts.rows,
          file,
          bytes: m.counts.bytes,
          sha256: m.digest(),
        });
        options.log?.(`  ${table.name}: ${m.counts.rows} rows`);
      }
    }
    await client.query('COMMIT');

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      database: databaseName(options.connectionString),
      server: { version: version?.version ?? 'unknown', versionNum: Number(version?.num ?? 0) },
      migrations: migrations.rows,
      payload: dump ? 'pg_dump' : 'copy',
      tables: entries,
      sequences,
      ...(dump ? { dump } : {}),
    };
    await writeFile(path.join(stage, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    // The manifest first, so a reader (and `tar -tzf | head`) meets it before the data.
    await createTar({ gzip: true, file: partial, cwd: stage, portable: true }, [
      MANIFEST_FILE,
      ...(dump ? [dump.file] : entries.flatMap((e) => (e.file ? [e.file] : []))),
    ]);
    // Everything in the database is in the file, password hashes and customers' data included.
    await chmod(partial, 0o600);
    await rename(partial, out);
    return { file: out, bytes: (await stat(out)).size, ms: performance.now() - t0, manifest };
  } finally {
    await client.end().catch(() => {});
    await rm(stage, { recursive: true, force: true, maxRetries: 5 }).catch(() => {});
    await rm(partial, { force: true }).catch(() => {});
  }
}
