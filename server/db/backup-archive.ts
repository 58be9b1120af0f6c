import 'server-only';
import { z } from 'zod';

// What a Marquee backup file holds (a gzip'd tar, readable with `tar -tzf`):
//   manifest.json         this schema: server version, the migrations applied, and per table its
//                         columns, row count, size and sha256
//   tables/<table>.copy   the table in PostgreSQL's COPY text format (exact for every type, NULLs
//                         included, one line per row)
// The format is ours and logical, not pg_dump's: pg_dump refuses a server newer than itself, and
// the embedded PostgreSQL 18 ships no pg_dump (Debian 12's is 15). The schema is not in the file:
// restore rebuilds it from the recorded migrations, which are the schema's one source of truth.

export const BACKUP_FORMAT = 'marquee-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

const identifier = z.string().regex(/^[a-z_][a-z0-9_$]*$/i, 'not a plain SQL identifier');

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.iso.datetime(),
  database: z.string(),
  server: z.object({ version: z.string(), versionNum: z.number().int() }),
  migrations: z.array(z.object({ name: z.string(), checksum: z.string() })),
  tables: z.array(
    z.object({
      name: identifier,
      columns: z.array(identifier).min(1),
      rows: z.number().int().min(0),
      // The path inside the archive; fixed by the name so a forged manifest cannot point elsewhere.
      file: z.string().regex(/^tables\/[a-z_][a-z0-9_$]*\.copy$/i),
      bytes: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  sequences: z.array(
    z.object({ name: identifier, lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() }),
  ),
});

export type BackupManifest = z.infer<typeof manifestSchema>;

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A connection string fit to print: the password never leaves the process. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable connection string)';
  }
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}
