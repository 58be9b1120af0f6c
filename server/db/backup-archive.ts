import 'server-only';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';

// What a Marquee backup file holds (a gzip'd tar, readable with `tar -tzf`): manifest.json (this
// schema: server version, the migrations applied, every table's columns and row count), and the
// data in one of two forms:
//   payload 'copy'      tables/<table>.copy, each table in PostgreSQL's COPY text format (exact for
//                       every type, NULLs included, one line per row) with its size and sha256;
//                       the schema is not in the file: restore rebuilds it from the recorded
//                       migrations, the schema's one source of truth.
//   payload 'pg_dump'   database.dump, `pg_dump --format=custom` of the same snapshot, used when the
//                       machine has a pg_dump of the server's major version.
// pg_dump refuses a server newer than itself, the embedded PostgreSQL 18 ships no pg_dump, and
// Debian 12's is 15: without a matching pg_dump, 'copy' is the way, and it is tested on every run.

export const BACKUP_FORMAT = 'marquee-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

export const DUMP_FILE = 'database.dump';
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const identifier = z.string().regex(/^[a-z_][a-z0-9_$]*$/i, 'not a plain SQL identifier');

export const manifestSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(BACKUP_FORMAT_VERSION),
    createdAt: z.iso.datetime(),
    database: z.string(),
    server: z.object({ version: z.string(), versionNum: z.number().int() }),
    migrations: z.array(z.object({ name: z.string(), checksum: z.string() })),
    payload: z.enum(['copy', 'pg_dump']),
    tables: z.array(
      z.object({
        name: identifier,
        columns: z.array(identifier).min(1),
        rows: z.number().int().min(0),
        // The path inside the archive; fixed by the name so a forged manifest cannot point elsewhere.
        // Absent when the payload is a pg_dump.
        file: z
          .string()
          .regex(/^tables\/[a-z_][a-z0-9_$]*\.copy$/i)
          .optional(),
        bytes: z.number().int().min(0).optional(),
        sha256: sha256.optional(),
      }),
    ),
    dump: z
      .object({ file: z.literal(DUMP_FILE), bytes: z.number().int().min(0), sha256, tool: z.string() })
      .optional(),
    sequences: z.array(
      z.object({ name: identifier, lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() }),
    ),
  })
  .refine((m) => (m.payload === 'copy' ? m.tables.every((t) => t.file && t.sha256) : !!m.dump), {
    message: 'the data files named do not match the payload',
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

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
