import 'server-only';
import { AppError } from '@/lib/errors';
import type { CinemaRoleName, StaffChange } from '@/lib/schemas/staff';
import { recordAudit } from '@/server/audit/record-audit';
import { forgetViewer, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { authorizeStaffChange, lockStaffRow } from '@/server/staff/staff-member';
import { settleAccountRole } from '@/server/staff/staff-roles';

/**
 * An admin makes a person staff or manager at a cinema (a manager can only leave staff as staff:
 * making managers is an admin's). A demotion signs the person out everywhere at once (their
 * session version moves on); a promotion leaves them signed in. Audited before and after.
 */
export async function changeStaffRole(options: {
  viewer: Viewer;
  cinemaId: string;
  userId: string;
  role: CinemaRoleName;
}): Promise<StaffChange> {
  const { cinemaId, userId, role } = options;
  const actor = authorizeStaffChange(options.viewer, cinemaId, userId);
  if (role === 'MANAGER' && actor.role !== 'ADMIN') {
    throw new AppError('FORBIDDEN', 'Only an admin can make someone a manager.', {
      details: [{ path: 'role', message: 'Only an admin can make someone a manager.' }],
    });
  }
  const change = await db().$transaction(async (tx) => {
    const before = await lockStaffRow(tx, actor, cinemaId, userId);
    if (before.role === role) {
      const { role: accountRole } = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { role: true },
      });
      return { userId, cinemaId, role, accountRole };
    }
    await tx.cinemaStaff.update({ where: { userId_cinemaId: { userId, cinemaId } }, data: { role } });
    const accountRole = await settleAccountRole(tx, userId, { revokeSessions: before.role === 'MANAGER' });
    await recordAudit(tx, {
      actor,
      action: 'staff.role-changed',
      entityType: 'cinema_staff',
      entityId: `${cinemaId}:${userId}`,
      before: { userId, cinemaId, role: before.role },
      after: { userId, cinemaId, role, accountRole },
    });
    return { userId, cinemaId, role, accountRole };
  });
  forgetViewer(userId);
  return change;
}
