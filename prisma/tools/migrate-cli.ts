import { migrate } from '@/server/db/migrate';

// `npm run db:migrate`: apply pending migrations to DATABASE_URL (any PostgreSQL 14+).
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('Set DATABASE_URL to the database to migrate.\n');
  process.exit(2);
}
const result = await migrate(url, { onApply: (name) => process.stdout.write(`applying ${name}\n`) });
for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
process.stdout.write(`${result.applied.length} applied, ${result.alreadyApplied} already applied\n`);
