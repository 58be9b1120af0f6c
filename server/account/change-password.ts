import 'server-only';
import { AppError } from '@/lib/errors';
import { afterPasswordChange, setPassword } from '@/server/account/set-password';
import { recordAudit } from '@/server/audit/record-audit';
import { hashPassword, verifyPassword } from '@/server/auth/password';
import type { Viewer } from '@/server/auth/session';
import type { SessionUser } from '@/server/auth/session-cookie';
import { db } from '@/server/db';
import { sendInBackground } from '@/server/mail/send-mail';
import { passwordChangedMail } from '@/server/mail/templates';
import { assertNotLocked, recordFailure } from '@/server/security/lockout';

/**
 * Changes the viewer's password (the current one is required). Every other session and API token
 * dies (sessionVersion); the caller re-issues its own session with the returned user.
 */
export async function changePassword(o: {
  viewer: Pick<Viewer, 'id' | 'role'>;
  currentPassword: string;
  newPassword: string;
  ip?: string;
}): Promise<SessionUser> {
  const current = await db().user.findUniqueOrThrow({
    where: { id: o.viewer.id },
    select: { email: true, credential: { select: { passwordHash: true } } },
  });
  // Guessing the current password from a stolen session is a sign-in attempt like any other.
  const lockKey = { email: current.email ?? o.viewer.id, ip: o.ip };
  await assertNotLocked(lockKey);
  if (!(await verifyPassword(current.credential?.passwordHash, o.currentPassword))) {
    await recordFailure(lockKey);
    throw new AppError('INVALID_CREDENTIALS', 'Your current password is not right.');
  }
  const passwordHash = await hashPassword(o.newPassword);
  const user = await db().$transaction(async (tx) => {
    await setPassword(tx, o.viewer.id, passwordHash);
    await recordAudit(tx, {
      actor: o.viewer,
      action: 'account.password-changed',
      entityType: 'user',
      entityId: o.viewer.id,
    });
    return tx.user.findUniqueOrThrow({
      where: { id: o.viewer.id },
      select: { id: true, name: true, email: true, role: true, sessionVersion: true },
    });
  });
  afterPasswordChange(user.id);
  if (user.email) {
    sendInBackground('password-changed', user.email, passwordChangedMail({ name: user.name }));
  }
  return user;
}
