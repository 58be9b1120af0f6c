import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { withDatabase } from '@/server/cli/database';
import { runCli, UsageError } from '@/server/cli/run-cli';
import { redactUrl } from '@/server/db/backup-archive';
import { openBackup, restoreBackup } from '@/server/db/restore';

// `npm run db:restore -- <file> [--database <name>] [--force]`: a backup from db:backup into an
// empty database. The app's own database is the default target; it must be empty (or --force)
// and, on the embedded database, the server must be stopped: a restore under live traffic would
// mix two worlds. `--database` restores beside it instead, to check a backup without touching
// anything (created if missing).

const USAGE = `Usage: npm run db:restore -- <file> [--database <name>] [--force]

  Restores a file written by db:backup into DATABASE_URL's database, or the embedded database
  in DATA_DIR when DATABASE_URL is unset. The target must be empty: --force replaces everything
  in it; --database <name> restores into another (new) database on the same server instead.
  Newer migrations of this code are applied after the data is loaded.`;

const argsSchema = z.object({
  file: z.string().min(1, 'name the backup file to restore'),
  database: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, '--database must be a plain name (a-z, 0-9, _)')
    .optional(),
  force: z.boolean().default(false),
});

function parseCommandLine(argv: string[]) {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  const options = {
    database: { type: 'string' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) return null;
  if (parsed.positionals.length > 1) throw new UsageError('name one backup file');
  const args = argsSchema.safeParse({ ...parsed.values, file: parsed.positionals[0] ?? '' });
  if (!args.success) throw new UsageError(args.error.issues.map((i) => i.message).join('\n'));
  return args.data;
}

async function main(): Promise<number> {
  const args = parseCommandLine(process.argv.slice(2));
  if (!args) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The file is read and checked before any database is created, started or connected to.
  const backup = await openBackup({ file: args.file });
  try {
    return await withDatabase({ database: args.database, migrate: false }, async (db) => {
      const appsOwn = !args.database || args.database === 'marquee';
      if (db.sharedWithRunningServer && appsOwn) {
        throw new AppError(
          'CONFLICT',
          'The Marquee server is running on this database. Stop it first, or restore beside it with --database <name>. Nothing was restored.',
        );
      }
      process.stderr.write(`restoring ${backup.file} into ${redactUrl(db.url)}\n`);
      const result = await restoreBackup({
        backup,
        connectionString: db.url,
        force: args.force,
        log: (message) => process.stderr.write(`  ${message}\n`),
      });
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(
        `Restored ${result.tables} tables (${result.rows} rows) into database ${result.database}${
          result.migratedForward.length
            ? `, then applied ${result.migratedForward.length} newer migrations`
            : ''
        }, in ${(result.ms / 1000).toFixed(1)} s; row counts match the backup.\n`,
      );
      return 0;
    });
  } finally {
    await backup.close();
  }
}

runCli(main, USAGE, 'The restore failed');
