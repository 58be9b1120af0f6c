import 'server-only';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

/**
 * Withdraws an invitation nobody has accepted yet: by an admin, or a manager of every cinema it is
 * for (another's invitation is NOT_FOUND, as if it did not exist). Its link stops working, and its
 * mail, if not sent yet, is skipped.
 */
export async function withdrawInvitation(options: { viewer: Viewer; invitationId: string }): Promise<void> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  await db().$transaction(async (tx) => {
    const invitation = await tx.staffInvitation.findUnique({
      where: { id: options.invitationId },
      select: {
        email: true,
        role: true,
        acceptedAt: true,
        revokedAt: true,
        cinemas: { select: { cinemaId: true } },
      },
    });
    const cinemaIds = invitation?.cinemas.map((c) => c.cinemaId) ?? [];
    const mine =
      viewer.role === 'ADMIN' ||
      (cinemaIds.length > 0 && cinemaIds.every((id) => viewer.managedCinemaIds.includes(id)));
    if (!invitation || !mine) throw new AppError('NOT_FOUND', 'Invitation not found.');
    const withdrawn = await tx.staffInvitation.updateMany({
      where: { id: options.invitationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (withdrawn.count !== 1) {
      throw new AppError(
        'CONFLICT',
        invitation.acceptedAt ? 'It was accepted already.' : 'It was withdrawn already.',
      );
    }
    await recordAudit(tx, {
      actor: viewer,
      action: 'staff.invitation-withdrawn',
      entityType: 'staff_invitation',
      entityId: options.invitationId,
      before: { email: invitation.email, role: invitation.role, cinemaIds },
    });
  });
}
