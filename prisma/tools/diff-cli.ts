import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded, THROWAWAY_SETTINGS } from '@/server/db/embedded';
import { migrate } from '@/server/db/migrate';
import { diffDatabaseToSchema } from './schema-engine';

// `npm run db:diff -- <name>`: after editing schema.prisma, write the next migration. It applies
// the existing migrations to a scratch database, asks the schema engine for the difference to
// schema.prisma, and saves it as prisma/migrations/<timestamp>_<name>/migration.sql. Review it,
// and add by hand what Prisma cannot express (CHECKs, partial indexes, triggers).

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: npm run db:diff -- <snake_case_name>\n');
  process.exit(2);
}
const pgServer = await startEmbedded({
  dataDir: path.resolve('.data/diff-postgres'),
  port: 54349,
  database: 'postgres',
  settings: THROWAWAY_SETTINGS,
});
const scratch = `diff_${Date.now()}`;
const admin = new pg.Client({ connectionString: pgServer.url });
await admin.connect();
await admin.query(`CREATE DATABASE "${scratch}"`);
const url = pgServer.url.replace(/\/postgres$/, `/${scratch}`);
try {
  await migrate(url);
  const { empty, sql } = await diffDatabaseToSchema(url);
  if (empty) {
    process.stdout.write('schema.prisma and the migrations agree: nothing to write.\n');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.resolve('prisma/migrations', `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    process.stdout.write(`wrote ${path.relative(process.cwd(), dir)}/migration.sql\n`);
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  await admin.end();
  await pgServer.stop();
}
