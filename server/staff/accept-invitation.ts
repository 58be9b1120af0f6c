import 'server-only';
import { AppError } from '@/lib/errors';
import type { AcceptedInvitation, CinemaRoleName } from '@/lib/schemas/staff';
import { recordAudit } from '@/server/audit/record-audit';
import { createUser } from '@/server/auth/create-user';
import { forgetViewer, type Viewer } from '@/server/auth/session';
import { db, type Tx } from '@/server/db';
import { higherRole, invitationTokenHash, settleAccountRole } from '@/server/staff/staff-roles';

// Accepting an invitation, signed in with the invited address or creating the account with it on
// the way (the link proves the address, so the new account is verified). The invitation is
// spent by one conditional UPDATE (pending, not expired), so two clicks, or two tabs, accept it
// once; the roles granted never lower one the person already has.

type Found = {
  id: string;
  email: string;
  role: CinemaRoleName;
  cinemas: { id: string; name: string }[];
};

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

/** What a link stands for, for the acceptance page: null when no invitation has this token. */
export async function findInvitation(
  token: string,
): Promise<(Found & { state: InvitationState; invitedBy: string | null; expiresAt: Date }) | null> {
  const row = await db().staffInvitation.findUnique({
    where: { tokenHash: invitationTokenHash(token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      invitedBy: { select: { name: true } },
      cinemas: { select: { cinema: { select: { id: true, name: true } } } },
    },
  });
  if (!row) return null;
  const state: InvitationState = row.acceptedAt
    ? 'accepted'
    : row.revokedAt
      ? 'revoked'
      : row.expiresAt <= new Date()
        ? 'expired'
        : 'pending';
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    cinemas: row.cinemas.map((c) => c.cinema).sort((a, b) => a.name.localeCompare(b.name)),
    state,
    invitedBy: row.invitedBy?.name ?? null,
    expiresAt: row.expiresAt,
  };
}

const ENDED: Record<Exclude<InvitationState, 'pending'>, string> = {
  accepted: 'This invitation has been accepted already.',
  revoked: 'This invitation was withdrawn. Ask the cinema for a new one.',
  expired: 'This invitation has expired. Ask the cinema for a new one.',
};

async function spend(tx: Tx, invitation: Found, userId: string): Promise<void> {
  const spent = await tx.staffInvitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date(), acceptedById: userId },
  });
  if (spent.count !== 1) throw new AppError('CONFLICT', 'This invitation cannot be accepted any more.');
  const held = await tx.cinemaStaff.findMany({
    where: { userId, cinemaId: { in: invitation.cinemas.map((c) => c.id) } },
    select: { cinemaId: true, role: true },
  });
  for (const cinema of invitation.cinemas) {
    const had = held.find((h) => h.cinemaId === cinema.id)?.role;
    const role = had ? higherRole(had, invitation.role) : invitation.role;
    await tx.cinemaStaff.upsert({
      where: { userId_cinemaId: { userId, cinemaId: cinema.id } },
      create: { userId, cinemaId: cinema.id, role },
      update: { role },
    });
  }
  // Granting takes nothing away: the person's sessions stay signed in and gain the role.
  const accountRole = await settleAccountRole(tx, userId, { revokeSessions: false });
  await tx.user.updateMany({
    where: { id: userId, emailVerifiedAt: null },
    data: { emailVerifiedAt: new Date() },
  });
  await recordAudit(tx, {
    actor: { id: userId, role: accountRole },
    action: 'staff.invitation-accepted',
    entityType: 'staff_invitation',
    entityId: invitation.id,
    after: { userId, role: invitation.role, cinemaIds: invitation.cinemas.map((c) => c.id) },
  });
}

export async function acceptInvitation(options: {
  viewer: Viewer | null;
  token: string;
  account?: { name: string; password: string };
}): Promise<AcceptedInvitation> {
  const found = await findInvitation(options.token);
  if (!found)
    throw new AppError('NOT_FOUND', 'This invitation link is not valid. Open it from the email again.');
  if (found.state !== 'pending') {
    throw new AppError('CONFLICT', ENDED[found.state], { details: { reason: found.state } });
  }
  const result = { email: found.email, role: found.role, cinemas: found.cinemas };
  const { viewer } = options;
  if (viewer) {
    if (viewer.email !== found.email) {
      throw new AppError(
        'FORBIDDEN',
        `This invitation is for ${found.email}. Sign in with that address to accept it.`,
      );
    }
    await db().$transaction((tx) => spend(tx, found, viewer.id));
    forgetViewer(viewer.id);
    return { ...result, userId: viewer.id, accountCreated: false };
  }
  if (!options.account) {
    throw new AppError(
      'UNAUTHENTICATED',
      'Sign in with the invited address, or create your account, to accept.',
    );
  }
  const { user } = await createUser(
    {
      name: options.account.name,
      email: found.email,
      password: options.account.password,
      verified: true,
    },
    (tx, created) => spend(tx, found, created.id),
  ).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'EMAIL_TAKEN') {
      throw new AppError('EMAIL_TAKEN', `${found.email} has an account already: sign in with it to accept.`);
    }
    throw error;
  });
  return { ...result, userId: user.id, accountCreated: true };
}
