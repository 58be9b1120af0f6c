import { parseArgs } from 'node:util';
import { z } from 'zod';
import { withDatabase } from '@/server/cli/database';
import { formatBytes, runCli, UsageError } from '@/server/cli/run-cli';
import { backupDatabase, defaultBackupFile } from '@/server/db/backup';
import { redactUrl } from '@/server/db/backup-archive';

// `npm run db:backup -- [--out <file>]`: one consistent copy of the database in one file. On the
// embedded database it works whether or not the server is running (it connects to the running
// server's PostgreSQL, or starts the cluster for the copy and stops it after).

const USAGE = `Usage: npm run db:backup -- [--out <file>] [--format auto|copy|pg_dump]

  Writes DATA_DIR/backups/marquee-<time>.tar.gz unless --out names the file. The data inside is
  a pg_dump when this machine has pg_dump of the server's major version (PG_BIN_DIR, Debian's
  /usr/lib/postgresql/<major>/bin, or PATH), else one COPY file per table (--format chooses).
  Backs up DATABASE_URL, or the embedded database in DATA_DIR when DATABASE_URL is unset
  (running server or not). Restore with: npm run db:restore -- <file>`;

const argsSchema = z.object({
  out: z.string().min(1).optional(),
  format: z
    .enum(['auto', 'copy', 'pg_dump'], { error: '--format must be auto, copy or pg_dump' })
    .default('auto'),
  help: z.boolean().optional(),
});

function parseCommandLine(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    return argsSchema.parse(values);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(): Promise<number> {
  const args = parseCommandLine(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return withDatabase({ migrate: false }, async (db) => {
    const out = args.out ?? defaultBackupFile(db.config.DATA_DIR);
    process.stderr.write(
      `backing up ${redactUrl(db.url)}${db.sharedWithRunningServer ? ' (the running server’s embedded database)' : ''}\n`,
    );
    const result = await backupDatabase({ connectionString: db.url, out, format: args.format });
    const m = result.manifest;
    const rows = m.tables.reduce((sum, t) => sum + t.rows, 0);
    process.stdout.write(
      `Backed up database ${m.database} (PostgreSQL ${m.server.version}, ${m.payload === 'pg_dump' ? 'pg_dump' : 'COPY per table'}, ${m.migrations.length} migrations, ${m.tables.length} tables, ${rows} rows) to ${result.file} (${formatBytes(result.bytes)}) in ${(result.ms / 1000).toFixed(1)} s.\n`,
    );
    return 0;
  });
}

runCli(main, USAGE, 'The backup failed');
