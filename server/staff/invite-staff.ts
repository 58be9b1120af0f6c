import 'server-only';
import { AppError } from '@/lib/errors';
import { INVITATION_DAYS, type InvitationView, type InviteStaffInput } from '@/lib/schemas/staff';
import { recordAudit } from '@/server/audit/record-audit';
import { seal } from '@/server/auth/secret-box';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { enqueueNotification } from '@/server/notifications/enqueue';
import { invitationTokenHash, newInvitationToken } from '@/server/staff/staff-roles';

/**
 * A manager invites staff to cinemas they manage; an admin invites staff or managers to any. The
 * invitation and the mail that carries its link are written in one transaction (the outbox
 * delivers it, retrying): the token is stored only as its HMAC, and in the outbox row only sealed.
 * Nobody invites themselves (nobody changes their own role).
 */
export async function inviteStaff(options: {
  viewer: Viewer;
  input: InviteStaffInput;
}): Promise<InvitationView> {
  const { input } = options;
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  if (input.role === 'MANAGER' && viewer.role !== 'ADMIN') {
    throw new AppError('FORBIDDEN', 'Only an admin can make someone a manager.', {
      details: [{ path: 'role', message: 'Only an admin can make someone a manager.' }],
    });
  }
  for (const cinemaId of input.cinemaIds) authorize(viewer, { roles: ['MANAGER'], cinemaId });
  if (viewer.email && viewer.email === input.email) {
    const message = 'You cannot invite yourself: nobody changes their own role.';
    throw new AppError('FORBIDDEN', message, { details: [{ path: 'email', message }] });
  }
  const token = newInvitationToken();
  const invitation = await db().$transaction(async (tx) => {
    const cinemas = await tx.cinema.findMany({
      where: { id: { in: input.cinemaIds } },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    });
    if (cinemas.length !== input.cinemaIds.length) throw new AppError('NOT_FOUND', 'Cinema not found.');
    const created = await tx.staffInvitation.create({
      data: {
        email: input.email,
        role: input.role,
        tokenHash: invitationTokenHash(token),
        invitedById: viewer.id,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
        cinemas: { create: cinemas.map((c) => ({ cinemaId: c.id })) },
      },
      select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
    });
    await enqueueNotification(tx, {
      kind: 'staff.invited',
      recipient: input.email,
      payload: { invitationId: created.id, token: seal(Buffer.from(token), created.id, 'invitation-mail') },
    });
    await recordAudit(tx, {
      actor: viewer,
      action: 'staff.invited',
      entityType: 'staff_invitation',
      entityId: created.id,
      after: { email: input.email, role: input.role, cinemaIds: cinemas.map((c) => c.id) },
    });
    return { ...created, cinemas };
  });
  return {
    ...invitation,
    invitedBy: viewer.name,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}
