import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLES, signUpSchema } from '@/lib/schemas/auth';
import { slugSchema } from '@/lib/schemas/catalog';
import { withCliDatabase } from '@/server/cli/database';
import { readPassword } from '@/server/cli/read-password';
import { runCli, UsageError } from '@/server/cli/run-cli';
import { withLogContext } from '@/server/log';

// `npm run user:create -- --email ops@example.com --role ADMIN [--name "Asha Rao"] [--cinema slug …]`
// How a production operator creates the first admin (and later staff): production seeds no
// accounts. The password is typed at a prompt that does not echo, or piped on stdin; never an
// argument, which shell history and `ps` would keep. It must pass the same rules as sign-up. The
// account is verified (the operator vouches for the address), and the creation is audited with no
// actor (request id `cli`).

const USAGE = `Usage: npm run user:create -- --email <address> --role ADMIN|MANAGER|STAFF|CUSTOMER [--name "<name>"] [--cinema <slug> ...]

  The password is asked for at a prompt (not shown), or read from stdin when piped:
    printf '%s\\n' "$PASSWORD" | npm run user:create -- --email ops@example.com --role ADMIN
  STAFF and MANAGER accounts need at least one --cinema (a cinema's slug, as in /cinemas/<slug>).
  Works on DATABASE_URL, or on the embedded database in DATA_DIR when DATABASE_URL is unset.`;

const argsSchema = z
  .object({
    email: z.string({ error: '--email is required' }),
    role: z.enum(ROLES, { error: `--role must be one of ${ROLES.join(', ')}` }),
    name: z.string().optional(),
    cinema: z.array(slugSchema).default([]),
  })
  .refine((a) => (a.role === 'STAFF' || a.role === 'MANAGER') === a.cinema.length > 0, {
    message: 'STAFF and MANAGER accounts need at least one --cinema; ADMIN and CUSTOMER accounts take none',
  });

function parseCommandLine(argv: string[]) {
  if (argv.some((a) => /^--?pass(word)?(=|$)/i.test(a))) {
    throw new UsageError(
      'Passwords are never taken on the command line (shell history and `ps` would keep them). Type it at the prompt, or pipe it on stdin.',
    );
  }
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        cinema: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  const parsed = argsSchema.safeParse({
    ...values,
    role: String(values.role ?? '').toUpperCase() || undefined,
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}

async function main(): Promise<number> {
  const args = parseCommandLine(process.argv.slice(2));
  if (!args) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const password = await readPassword(`Password for ${args.email}: `);
  const input = signUpSchema.safeParse({
    email: args.email,
    name: args.name ?? args.email.split('@')[0],
    password,
  });
  if (!input.success) {
    throw new UsageError(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return withCliDatabase(async () => {
    const { createUserAsOperator } = await import('@/server/admin/create-user-as-operator');
    const user = await withLogContext({ requestId: 'cli' }, () =>
      createUserAsOperator({ ...input.data, role: args.role, cinemaSlugs: args.cinema }),
    );
    process.stdout.write(
      `Created ${args.role} ${user.email} (id ${user.id}).${
        args.role === 'ADMIN' || args.role === 'MANAGER'
          ? ' They can sign in now; /admin asks them to turn on two-factor authentication first.'
          : ' They can sign in now.'
      }\n`,
    );
    return 0;
  });
}

runCli(main, USAGE, 'Could not create the user');
