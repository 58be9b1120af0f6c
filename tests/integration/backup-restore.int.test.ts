import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { create as createTar, extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { seed } from '@/prisma/seed';
import { getPosterImageOp } from '@/server/api/operations/films';
import { recordAudit } from '@/server/audit/record-audit';
import { holdSeats } from '@/server/booking/hold-seats';
import { db, disconnectDb } from '@/server/db';
import { backupDatabase } from '@/server/db/backup';
import { type BackupManifest, manifestSchema } from '@/server/db/backup-archive';
import { ephemeralPort, startEmbedded, THROWAWAY_SETTINGS } from '@/server/db/embedded';
import { migrate, readMigrations } from '@/server/db/migrate';
import { findPgTool } from '@/server/db/pg-tools';
import { restoreDatabase } from '@/server/db/restore';
import { refreshEnv } from '@/server/env';
import { storePoster } from '@/server/media/posters';
import { processPoster } from '@/server/media/process-poster';
import { databaseMediaStore, setMediaStore } from '@/server/media/store';
import { call } from '../support/api';
import { book, createGstCinema, createShowAt } from '../support/bookings';
import { pngImage } from '../support/images';
import { createScratchDatabase, dropScratchDatabases } from '../support/scratch-db';

// db:backup → db:restore on real PostgreSQL: the demo seed plus bookings, tickets, payments, an
// audit row, a live hold and an uploaded poster (media_objects) are copied, restored into a fresh database, and every table compared
// row for row; the restored database still enforces its constraints and its sequences go on.

const run = promisify(execFile);
const CLI = (name: string) => [
  '--import',
  'tsx',
  '--import',
  './server/preload.mjs',
  `server/cli/${name}.ts`,
];

let sourceUrl = '';
let work = '';
let show = { id: '', freeSeatId: '' };
let poster: { key: string; bytes: Buffer } = { key: '', bytes: Buffer.alloc(0) };
const originalUrl = process.env.DATABASE_URL;

function pointAppAt(url: string) {
  process.env.DATABASE_URL = url;
  refreshEnv();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Every table of the public schema: its row count and an md5 of all its rows in a fixed order. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    const { rows: tables } = await c.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'
        ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await c.query<{ n: string; h: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS h FROM "${name}" t`,
      );
      out[name] = `${rows[0]?.n}:${rows[0]?.h ?? '-'}`;
    }
    return out;
  });
}

async function tableCount(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'",
    );
    return rows[0]?.n ?? -1;
  });
}

async function expectAppError(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toMatch(message);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'marquee-backup-test-'));
  // The embedded cluster of the CLI test runs as the postgres user, which must reach it.
  await chmod(work, 0o755);
  sourceUrl = await createScratchDatabase({ migrated: true });
  await disconnectDb();
  pointAppAt(sourceUrl);

  await seed(db(), {});
  const cinema = await createGstCinema();
  const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 10 });
  await book({ showtimeId: showtime.id, seatIds: [seats[0]?.id ?? ''] });
  await book({ showtimeId: showtime.id, seatIds: [seats[1]?.id ?? ''] });
  const holder = await db().user.create({ data: { email: 'holder@backup.test', name: 'Holder' } });
  await holdSeats({ userId: holder.id, showtimeId: showtime.id, seatIds: [seats[5]?.id ?? ''] });
  show = { id: showtime.id, freeSeatId: seats[3]?.id ?? '' };
  await db().$transaction((tx) =>
    recordAudit(tx, { actor: null, action: 'backup.test', entityType: 'cinema', entityId: cinema.id }),
  );
  // Posters live in the database (MEDIA_STORE=database): the backup must carry them. No cache, so
  // what is read after the restore comes from the restored table.
  setMediaStore(databaseMediaStore({ db }));
  const processed = await processPoster(await pngImage(300, 450));
  await storePoster(processed);
  const stored = processed.sizes.find((s) => s.width === 320);
  poster = { key: processed.key, bytes: stored?.bytes ?? Buffer.alloc(0) };
}, 180_000);

afterAll(async () => {
  setMediaStore(undefined);
  await disconnectDb();
  if (originalUrl) pointAppAt(originalUrl);
  await dropScratchDatabases();
  await rm(work, { recursive: true, force: true });
});

describe('backup and restore', () => {
  let backupFile = '';
  let manifest: BackupManifest;

  it('backs up every table from one snapshot, with counts and checksums in a manifest', async () => {
    // 'copy' by name: on a machine with a pg_dump 18, 'auto' would take pg_dump (tested below).
    const result = await backupDatabase({
      connectionString: sourceUrl,
      out: path.join(work, 'a.tar.gz'),
      format: 'copy',
    });
    backupFile = result.file;
    manifest = result.manifest;
    expect(existsSync(`${backupFile}.partial`)).toBe(false);
    expect((await stat(backupFile)).mode & 0o777).toBe(0o600);
    const counts = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    for (const table of ['bookings', 'tickets', 'payments', 'audit_log', 'seat_holds', 'showtimes', 'users'])
      expect(counts[table], table).toBeGreaterThan(0);
    expect(counts.media_objects, 'the poster, in its three sizes').toBe(3);
    expect(manifest.migrations.map((m) => m.name)).toEqual((await readMigrations()).map((m) => m.name));
    expect(manifest.server.versionNum).toBeGreaterThanOrEqual(180000);
    expect(manifest.sequences.map((s) => s.name)).toContain('booking_reference_seq');
    // What an operator measures: the demo database's size and time (printed for the report).
    process.stdout.write(
      `backup: ${manifest.tables.length} tables, ${manifest.tables.reduce((s, t) => s + t.rows, 0)} rows, ${result.bytes} bytes, ${Math.round(result.ms)} ms\n`,
    );
  });

  it('restores into a fresh database with every row equal, constraints enforced and sequences going on', async () => {
    const targetUrl = await createScratchDatabase();
    const result = await restoreDatabase({ file: backupFile, connectionString: targetUrl });
    process.stdout.write(`restore: ${result.rows} rows in ${Math.round(result.ms)} ms\n`);
    expect(result.migratedForward).toEqual([]);
    expect(await fingerprint(targetUrl)).toEqual(await fingerprint(sourceUrl));

    await withClient(targetUrl, async (c) => {
      // A second live claim on a sold seat: the partial unique index still refuses it.
      const doubleSale = c.query(
        `INSERT INTO seat_claims (hold_id, showtime_id, seat_id, expires_at, category, price_minor, state)
         SELECT hold_id, showtime_id, seat_id, expires_at, category, price_minor, 'HELD'
           FROM seat_claims WHERE state = 'SOLD' LIMIT 1`,
      );
      await expect(doubleSale).rejects.toMatchObject({ code: '23505' });
      // Foreign keys are back on (the load ran with them off).
      await expect(
        c.query(
          "UPDATE tickets SET booking_id = '00000000-0000-0000-0000-000000000000' WHERE id = (SELECT id FROM tickets LIMIT 1)",
        ),
      ).rejects.toMatchObject({ code: '23503' });
      // The audit log is still append-only.
      await expect(c.query('DELETE FROM audit_log')).rejects.toThrow();
    });

    // The app works on the restored database: a new booking gets a reference not used before.
    await disconnectDb();
    pointAppAt(targetUrl);
    try {
      const before = await db().booking.findMany({ select: { reference: true } });
      const booking = await book({ showtimeId: show.id, seatIds: [show.freeSeatId] });
      expect(before.map((b) => b.reference)).not.toContain(booking.reference);
      // The poster came back with the data, byte for byte, and is served from there.
      const served = await call(getPosterImageOp, { params: { file: `${poster.key}-320.webp` } });
      expect([served.status, Buffer.from(served.raw).equals(poster.bytes)]).toEqual([200, true]);
    } finally {
      await disconnectDb();
      pointAppAt(sourceUrl);
    }
  });

  it('refuses a database that is not empty, and leaves it as it was', async () => {
    const before = await fingerprint(sourceUrl);
    await expectAppError(
      restoreDatabase({ file: backupFile, connectionString: sourceUrl }),
      'CONFLICT',
      /is not empty .*--force.*Nothing was restored/,
    );
    expect(await fingerprint(sourceUrl)).toEqual(before);
  });

  it('refuses a missing file, a truncated archive and a tampered table, writing nothing', async () => {
    const targetUrl = await createScratchDatabase();
    await expectAppError(
      restoreDatabase({ file: path.join(work, 'nope.tar.gz'), connectionString: targetUrl }),
      'NOT_FOUND',
      /No backup file at/,
    );

    const truncated = path.join(work, 'truncated.tar.gz');
    await cp(backupFile, truncated);
    await truncate(truncated, Math.floor((await stat(backupFile)).size / 2));
    await expectAppError(
      restoreDatabase({ file: truncated, connectionString: targetUrl }),
      'VALIDATION_FAILED',
      /not a usable Marquee backup.*Nothing was restored/,
    );

    // One byte of one table changed, and the archive packed again: only the checksum can tell.
    const unpacked = path.join(work, 'unpacked');
    await mkdir(unpacked);
    await extract({ file: backupFile, cwd: unpacked });
    const victim = path.join(unpacked, 'tables', 'bookings.copy');
    const data = await readFile(victim);
    data[0] = data[0] === 0x30 ? 0x31 : 0x30;
    await writeFile(victim, data);
    const tampered = path.join(work, 'tampered.tar.gz');
    await createTar({ gzip: true, file: tampered, cwd: unpacked }, await readdir(unpacked));
    await expectAppError(
      restoreDatabase({ file: tampered, connectionString: targetUrl }),
      'VALIDATION_FAILED',
      /table bookings differs from its checksum/,
    );

    const notOurs = path.join(work, 'not-ours.tar.gz');
    await writeFile(path.join(unpacked, 'manifest.json'), '{"format":"something-else"}');
    await createTar({ gzip: true, file: notOurs, cwd: unpacked }, await readdir(unpacked));
    await expectAppError(
      restoreDatabase({ file: notOurs, connectionString: targetUrl }),
      'VALIDATION_FAILED',
      /manifest does not describe a backup/,
    );

    expect(await tableCount(targetUrl)).toBe(0);
  });

  it('restores a backup from an older release at its migrations, then migrates it forward', async () => {
    const all = await readMigrations();
    const older = path.join(work, 'older-migrations');
    for (const m of all.slice(0, -1)) {
      await mkdir(path.join(older, m.name), { recursive: true });
      await writeFile(path.join(older, m.name, 'migration.sql'), m.sql);
    }
    const oldUrl = await createScratchDatabase();
    await migrate(oldUrl, { dir: older });
    await withClient(oldUrl, (c) =>
      c.query(
        "INSERT INTO cities (id, name, slug, state, latitude, longitude) VALUES (gen_random_uuid(), 'Pune', 'pune', 'Maharashtra', 18.52, 73.86)",
      ),
    );
    const { file, manifest: m } = await backupDatabase({
      connectionString: oldUrl,
      format: 'copy',
      out: path.join(work, 'older.tar.gz'),
    });
    expect(m.migrations).toHaveLength(all.length - 1);

    const targetUrl = await createScratchDatabase();
    const result = await restoreDatabase({ file, connectionString: targetUrl });
    expect(result.migratedForward).toEqual([all.at(-1)?.name]);
    await withClient(targetUrl, async (c) => {
      const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(rows[0]?.n).toBe(all.length);
      const city = await c.query("SELECT 1 FROM cities WHERE slug = 'pune'");
      expect(city.rowCount).toBe(1);
    });
  });

  it('the commands: back up the embedded database with the server running and not, never printing a password', async () => {
    const dataDir = path.join(work, 'data');
    const { DATABASE_URL: _omitted, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await ephemeralPort()),
      NODE_ENV: 'production',
    };
    const cli = (name: string, args: string[]) =>
      run(process.execPath, [...CLI(name), ...args], { env, cwd: process.cwd(), timeout: 120_000 }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => ({
          code: e.code,
          stdout: e.stdout,
          stderr: e.stderr,
        }),
      );

    // Nothing running: the restore starts the embedded cluster, fills it, and stops it.
    const restored = await cli('db-restore', [backupFile]);
    expect(restored.stderr).not.toMatch(/marquee-local/);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/row counts match the backup/);
    const first = await cli('db-backup', ['--format', 'copy']);
    expect(first.code, first.stderr).toBe(0);
    const [made] = await readdir(path.join(dataDir, 'backups'));
    expect(made).toMatch(/^marquee-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.tar\.gz$/);

    // "The server is running": this process owns the cluster, as `npm start` would.
    const server = await startEmbedded({
      dataDir: path.join(dataDir, 'postgres'),
      port: await ephemeralPort(),
      database: 'marquee',
    });
    try {
      const out = path.join(work, 'while-running.tar.gz');
      const second = await cli('db-backup', ['--out', out, '--format', 'copy']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toMatch(/running server/);
      expect(`${second.stdout}${second.stderr}`).not.toMatch(/marquee-local/);
      const m = manifestSchema.parse(
        JSON.parse(
          await (async () => {
            const dir = path.join(work, 'check');
            await mkdir(dir);
            await extract({ file: out, cwd: dir });
            return readFile(path.join(dir, 'manifest.json'), 'utf8');
          })(),
        ),
      );
      expect(Object.fromEntries(m.tables.map((t) => [t.name, t.rows]))).toEqual(
        Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])),
      );
      const refused = await cli('db-restore', [out, '--force']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/server is running on this database/);

      // A broken file is refused before the database it names is even created.
      const broken = path.join(work, 'broken.tar.gz');
      await writeFile(broken, (await readFile(out)).subarray(0, 2000));
      const corrupt = await cli('db-restore', [broken, '--database', 'never_made']);
      expect(corrupt.code).toBe(1);
      expect(corrupt.stderr).toMatch(/not a usable Marquee backup.*Nothing was restored/);
      const made = await withClient(server.url, (c) =>
        c.query("SELECT 1 FROM pg_database WHERE datname = 'never_made'"),
      );
      expect(made.rowCount).toBe(0);
    } finally {
      await server.stop();
    }

    const missing = await cli('db-restore', [path.join(work, 'missing.tar.gz')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n').at(-1)).toMatch(/^No backup file at /);
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 240_000);
});

// The other payload: pg_dump and pg_restore, taken when the machine has them in the server's major
// version. The embedded server is PostgreSQL 18 and Debian 12's client is 15, so this runs against
// a PostgreSQL server of the client's version, unpacked from Debian's package by .ci/run
// (MARQUEE_PG_DUMP_SERVER_BIN: its bin directory).
const dumpServerBin = process.env.MARQUEE_PG_DUMP_SERVER_BIN;
if (!dumpServerBin) {
  const why =
    'MARQUEE_PG_DUMP_SERVER_BIN is not set (a bin directory of a PostgreSQL server of the same major version as pg_dump; .ci/run provides one)';
  if (process.env.CI) throw new Error(`backup with pg_dump cannot be tested: ${why}`);
  process.stdout.write(`skipping the pg_dump backup tests: ${why}\n`);
}

describe.skipIf(!dumpServerBin)('backup and restore with pg_dump of the server’s version', () => {
  it('dumps from the same snapshot, restores with pg_restore, every row equal, and the app goes on', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-pgdump-test-'));
    await chmod(dir, 0o755);
    const server = await startEmbedded({
      dataDir: path.join(dir, 'postgres'),
      port: await ephemeralPort(),
      database: 'marquee',
      settings: THROWAWAY_SETTINGS,
      binDir: dumpServerBin,
    });
    await disconnectDb();
    try {
      await migrate(server.url);
      pointAppAt(server.url);
      await seed(db(), {});
      const cinema = await createGstCinema();
      const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 10 });
      await book({ showtimeId: showtime.id, seatIds: [seats[0]?.id ?? ''] });
      // A poster's bytes (bytea) through pg_dump and pg_restore too.
      await storePoster(await processPoster(await pngImage(320, 480)));
      await disconnectDb();

      const backup = await backupDatabase({ connectionString: server.url, out: path.join(dir, 'd.tar.gz') });
      expect(backup.manifest.tables.find((t) => t.name === 'media_objects')?.rows).toBe(3);
      expect(backup.manifest.payload).toBe('pg_dump');
      expect(backup.manifest.dump?.tool).toMatch(/^pg_dump \(PostgreSQL\)/);

      const restoredUrl = server.url.replace(/\/marquee$/, '/restored');
      await withClient(server.url, (c) => c.query('CREATE DATABASE restored'));
      const result = await restoreDatabase({ file: backup.file, connectionString: restoredUrl });
      expect(result.migratedForward).toEqual([]);
      expect(await fingerprint(restoredUrl)).toEqual(await fingerprint(server.url));
      await withClient(restoredUrl, async (c) => {
        const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
        expect(rows[0]?.n).toBe(backup.manifest.migrations.length);
      });

      pointAppAt(restoredUrl);
      const before = await db().booking.findMany({ select: { reference: true } });
      const next = await book({ showtimeId: showtime.id, seatIds: [seats[1]?.id ?? ''] });
      expect(before.map((b) => b.reference)).not.toContain(next.reference);

      // Into the PostgreSQL 18 test cluster, which this machine has no pg_restore for: refused
      // before --force empties anything.
      if (!(await findPgTool('pg_restore', 18))) {
        const target = await createScratchDatabase({ migrated: true });
        const tables = await tableCount(target);
        await expectAppError(
          restoreDatabase({ file: backup.file, connectionString: target, force: true }),
          'NOT_FOUND',
          /needs pg_restore of the target server's major version \(18/,
        );
        expect(await tableCount(target)).toBe(tables);
      }
    } finally {
      await disconnectDb();
      pointAppAt(sourceUrl);
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
