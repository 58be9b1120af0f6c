import 'server-only';
import { AppError } from '@/lib/errors';
import type { RoleName, SignUpInput } from '@/lib/schemas/auth';
import { recordAudit } from '@/server/audit/record-audit';
import { createUser } from '@/server/auth/create-user';
import { db } from '@/server/db';

// An operator creates an account from the command line (server/cli/create-user.ts): any role,
// already verified, at the cinemas named by slug. No one is signed in, so the audit row has no
// actor; the command line is the request (request id `cli`).

export async function createUserAsOperator(
  input: SignUpInput & { role: RoleName; cinemaSlugs: string[] },
): Promise<{ id: string; email: string }> {
  const cinemas = input.cinemaSlugs.length
    ? await db().cinema.findMany({
        where: { slug: { in: input.cinemaSlugs } },
        select: { id: true, slug: true },
      })
    : [];
  const unknown = input.cinemaSlugs.filter((slug) => !cinemas.some((c) => c.slug === slug));
  if (unknown.length) throw new AppError('NOT_FOUND', `No cinema with the slug ${unknown.join(', ')}.`);
  const cinemaRole = input.role === 'MANAGER' ? 'MANAGER' : 'STAFF';
  const { user } = await createUser(
    {
      name: input.name,
      email: input.email,
      password: input.password,
      role: input.role,
      verified: true,
      cinemas: cinemas.map((c) => ({ cinemaId: c.id, role: cinemaRole })),
    },
    (tx, created) =>
      recordAudit(tx, {
        actor: null,
        action: 'user.created',
        entityType: 'user',
        entityId: created.id,
        after: { role: input.role, cinemas: input.cinemaSlugs, via: 'cli' },
      }),
  );
  return user;
}
