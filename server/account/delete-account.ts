import 'server-only';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/server/audit/record-audit';
import { verifyPassword } from '@/server/auth/password';
import { forgetViewer, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { assertNotLocked, recordFailure } from '@/server/security/lockout';
import { waitlistLineChanged } from '@/server/waitlist/renumber-waitlist';

// Deleting an account anonymises it rather than removing the row: bookings, payments, refunds,
// reviews and the audit log keep pointing at it, because the cinema must keep its sales records.
//
// What goes: the email (NULL, so the address is free to sign up again), the name ('Deleted user'),
// the password, 2FA seed, recovery codes and one-time codes, staff roles, waiting waitlist
// entries, undelivered emails to the address, and the email snapshot on bookings.
// What stays: bookings with their tickets, amounts, payment references (card last 4 digits at
// most) and the name snapshot (customerName), which the cinema keeps for its accounts and for
// disputes and refunds; tickets already issued stay valid. The audit log never held addresses.

export async function deleteAccount(o: {
  viewer: Pick<Viewer, 'id' | 'role'>;
  password: string;
  ip?: string;
}): Promise<void> {
  if (o.viewer.role === 'ADMIN') {
    throw new AppError(
      'FORBIDDEN',
      'An administrator account cannot delete itself. Ask another administrator.',
    );
  }
  const user = await db().user.findUniqueOrThrow({
    where: { id: o.viewer.id },
    select: { email: true, deletedAt: true, credential: { select: { passwordHash: true } } },
  });
  if (user.deletedAt) return;
  const lockKey = { email: user.email ?? o.viewer.id, ip: o.ip };
  await assertNotLocked(lockKey);
  if (!(await verifyPassword(user.credential?.passwordHash, o.password))) {
    await recordFailure(lockKey);
    throw new AppError('INVALID_CREDENTIALS', 'That password is not right.');
  }
  const leftLines = await db().$transaction(async (tx) => {
    const userId = o.viewer.id;
    await tx.userCredential.deleteMany({ where: { userId } });
    await tx.totpCredential.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.oneTimeCode.deleteMany({ where: { userId } });
    await tx.cinemaStaff.deleteMany({ where: { userId } });
    const waiting = await tx.waitlistEntry.findMany({
      where: { userId, status: 'WAITING' },
      select: { showtimeId: true },
    });
    await tx.waitlistEntry.updateMany({
      where: { userId, status: 'WAITING' },
      data: { status: 'CANCELLED' },
    });
    await tx.booking.updateMany({ where: { userId }, data: { customerEmail: null } });
    if (user.email) {
      await tx.notificationOutbox.deleteMany({ where: { recipient: user.email, status: 'PENDING' } });
    }
    await tx.user.update({
      where: { id: userId },
      data: {
        email: null,
        name: 'Deleted user',
        role: 'CUSTOMER',
        emailVerifiedAt: null,
        deletedAt: new Date(),
        sessionVersion: { increment: 1 },
      },
    });
    // The bumped sessionVersion already ends them; the rows go with the rest of the personal data.
    await tx.refreshToken.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actor: o.viewer,
      action: 'account.deleted',
      entityType: 'user',
      entityId: userId,
    });
    return waiting.map((w) => w.showtimeId);
  });
  forgetViewer(o.viewer.id);
  // Everyone who waited behind them moves up.
  for (const showtimeId of leftLines) waitlistLineChanged(showtimeId);
}
