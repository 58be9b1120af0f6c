import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { withCliDatabase } from '@/server/cli/database';
import { runCli, UsageError } from '@/server/cli/run-cli';

// `npm run media:import -- [--dir <folder>]`: every poster file of a deployment from before
// MEDIA_STORE=database, copied into the database in one go (server/media/import-media-files.ts).
// The app copies each one the first time it is asked for anyway; this is for retiring the folder.

const USAGE = `Usage: npm run media:import -- [--dir <folder>]

  Copies every media file under the folder (default MEDIA_DIR, else DATA_DIR/media) into the
  database's media_objects table; files already there are left as they are. Safe to run again and
  while the server runs. Works on DATABASE_URL, or on the embedded database in DATA_DIR.`;

const argsSchema = z.object({ dir: z.string().min(1).optional(), help: z.boolean().optional() });

function parseCommandLine(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  return withCliDatabase(async () => {
    const { env } = await import('@/server/env');
    const { db } = await import('@/server/db');
    const { importMediaFiles } = await import('@/server/media/import-media-files');
    const config = env();
    const dir = path.resolve(args.dir ?? config.MEDIA_DIR ?? path.join(config.DATA_DIR, 'media'));
    const result = await importMediaFiles({ dir, db: db() });
    process.stdout.write(
      `${result.files} media files in ${dir}: ${result.copied} copied into the database, ${result.present} there already.${
        result.skipped.length
          ? ` Left alone (not media keys): ${result.skipped.slice(0, 10).join(', ')}${result.skipped.length > 10 ? ', …' : ''}.`
          : ''
      }\n`,
    );
    return 0;
  });
}

runCli(main, USAGE, 'The import failed');
