import 'server-only';
import type { StaffChange } from '@/lib/schemas/staff';
import { recordAudit } from '@/server/audit/record-audit';
import { forgetViewer, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { authorizeStaffChange, lockStaffRow } from '@/server/staff/staff-member';
import { settleAccountRole } from '@/server/staff/staff-roles';

/**
 * A person stops working at a cinema (managers revoke staff; admins anyone but themselves). Their
 * row goes, their account role follows what they still hold, every session and API token of
 * theirs stops working at the next request (session version bumped; this process forgets its
 * cached viewer at once, other instances within session.ts's 5 s), and invitations they sent for
 * this cinema that nobody has accepted yet are withdrawn. Audited.
 */
export async function revokeStaff(options: {
  viewer: Viewer;
  cinemaId: string;
  userId: string;
}): Promise<StaffChange> {
  const { cinemaId, userId } = options;
  const actor = authorizeStaffChange(options.viewer, cinemaId, userId);
  const change = await db().$transaction(async (tx) => {
    const before = await lockStaffRow(tx, actor, cinemaId, userId);
    await tx.cinemaStaff.delete({ where: { userId_cinemaId: { userId, cinemaId } } });
    const withdrawn = await tx.staffInvitation.updateMany({
      where: {
        invitedById: userId,
        acceptedAt: null,
        revokedAt: null,
        cinemas: { some: { cinemaId } },
      },
      data: { revokedAt: new Date() },
    });
    const accountRole = await settleAccountRole(tx, userId, { revokeSessions: true });
    await recordAudit(tx, {
      actor,
      action: 'staff.revoked',
      entityType: 'cinema_staff',
      entityId: `${cinemaId}:${userId}`,
      before: { userId, cinemaId, role: before.role },
      after: { userId, cinemaId, role: null, accountRole, invitationsWithdrawn: withdrawn.count },
    });
    return { userId, cinemaId, role: null, accountRole };
  });
  forgetViewer(userId);
  return change;
}
