import { isAppError } from '@/lib/errors';
import { redact } from '@/server/log';

// How the operator's commands end: the answer on stdout, a known failure as one readable line on
// stderr (exit 1), a wrong command line with the usage (exit 2). Never a stack trace, and never a
// connection string with its password (errors from pg or the file system may quote one).

export class UsageError extends Error {}

export function runCli(main: () => Promise<number>, usage: string, failure: string): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n\n${usage}\n`);
        process.exit(2);
      }
      const message = isAppError(error) ? error.message : `${failure}: ${(error as Error)?.message ?? error}`;
      process.stderr.write(`${redact(message)}\n`);
      process.exit(1);
    },
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}
