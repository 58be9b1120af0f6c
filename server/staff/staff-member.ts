import 'server-only';
import { AppError } from '@/lib/errors';
import type { CinemaRoleName } from '@/lib/schemas/staff';
import { authorize, type Viewer } from '@/server/auth/session';
import type { Tx } from '@/server/db';

// Who may change whom at a cinema, shared by changing a role and revoking one: managers of the
// cinema and admins; a manager only ever touches staff (making or unmaking managers is an admin's);
// nobody touches their own role.

export function authorizeStaffChange(viewer: Viewer, cinemaId: string, userId: string): Viewer {
  // Before any lookup, so a cinema one does not manage says nothing about who works there.
  const actor = authorize(viewer, { roles: ['MANAGER'], cinemaId });
  if (userId === actor.id) throw new AppError('FORBIDDEN', 'You cannot change your own role.');
  return actor;
}

/** The person's row at the cinema, locked for the change; NOT_FOUND when they do not work there. */
export async function lockStaffRow(
  tx: Tx,
  actor: Viewer,
  cinemaId: string,
  userId: string,
): Promise<{ role: CinemaRoleName; name: string; email: string | null }> {
  const rows = await tx.$queryRaw<{ role: CinemaRoleName }[]>`
    SELECT role::text AS role FROM cinema_staff WHERE user_id = ${userId}::uuid AND cinema_id = ${cinemaId}::uuid
    FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'This person does not work at this cinema.');
  if (row.role === 'MANAGER' && actor.role !== 'ADMIN') {
    throw new AppError('FORBIDDEN', 'Only an admin can change or revoke a manager.');
  }
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { name: true, email: true },
  });
  return { role: row.role, ...user };
}
