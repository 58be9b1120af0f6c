import 'server-only';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// PostgreSQL's own client tools, used only when their major version is the server's: pg_dump
// refuses a newer server, and a dump made by a newer pg_dump may not restore with an older
// pg_restore. Looked for in PG_BIN_DIR, then Debian's per-version directory, then PATH.

const run = promisify(execFile);

export type PgTool = { path: string; version: string };

export async function findPgTool(name: 'pg_dump' | 'pg_restore', major: number): Promise<PgTool | null> {
  const candidates = [
    ...(process.env.PG_BIN_DIR ? [path.join(process.env.PG_BIN_DIR, name)] : []),
    `/usr/lib/postgresql/${major}/bin/${name}`,
    name,
  ];
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, ['--version'], { timeout: 10_000 });
      const m = /\(PostgreSQL\)\s+(\d+)(\.\d+)?/.exec(stdout);
      if (m && Number(m[1]) === major) return { path: candidate, version: stdout.trim() };
    } catch {
      // not installed there
    }
  }
  return null;
}

/**
 * Runs a tool against a database. The password goes in the environment (PGPASSWORD), never on
 * the command line, where `ps` would show it to every user of the machine.
 */
export async function runPgTool(
  tool: PgTool,
  connectionString: string,
  args: string[],
): Promise<{ stdout: string; stderr: string }> {
  const url = new URL(connectionString);
  const password = decodeURIComponent(url.password);
  url.password = '';
  try {
    return await run(tool.path, [...args, `--dbname=${url.toString()}`], {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${path.basename(tool.path)} failed: ${stderr || (error as Error).message}`, {
      cause: error,
    });
  }
}
