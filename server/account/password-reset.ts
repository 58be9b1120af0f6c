import 'server-only';
import { createHash } from 'node:crypto';
import { consumeResetToken, issueResetToken } from '@/server/account/one-time-code';
import { afterPasswordChange, setPassword } from '@/server/account/set-password';
import { recordAudit } from '@/server/audit/record-audit';
import { hashPassword } from '@/server/auth/password';
import { db } from '@/server/db';
import { sendInBackground } from '@/server/mail/send-mail';
import { appUrl, passwordChangedMail, passwordResetMail } from '@/server/mail/templates';
import { limitResetRequest } from '@/server/security/limits';
import { clearFailures } from '@/server/security/lockout';

// "Forgot password": a single-use link (32 random bytes, stored as an HMAC, 30 minutes) emailed to
// the address if it has an account. The answer is the same whether or not it has one, and so is
// its timing: the work that differs (a token row, a mail) is small, the mail is sent after the
// answer, and every answer takes at least MIN_RESPONSE_MS.

const MIN_RESPONSE_MS = 250;

async function atLeast<T>(ms: number, work: Promise<T>): Promise<T> {
  const [result] = await Promise.all([work, new Promise((r) => setTimeout(r, ms))]);
  return result;
}

export async function requestPasswordReset(o: { email: string; ip?: string }): Promise<void> {
  const emailKey = createHash('sha256').update(o.email).digest('base64url');
  await limitResetRequest({ emailKey, ip: o.ip });
  const mail = await atLeast(
    MIN_RESPONSE_MS,
    (async () => {
      const user = await db().user.findUnique({
        where: { email: o.email },
        select: { id: true, name: true, email: true, deletedAt: true },
      });
      if (!user?.email || user.deletedAt) return null;
      const token = await db().$transaction((tx) => issueResetToken(tx, user.id));
      const link = `${appUrl()}/reset-password?token=${encodeURIComponent(token)}`;
      return { to: user.email, name: user.name, link };
    })(),
  );
  if (mail) {
    // Rendered after the timed part: how long rendering takes must not tell who has an account.
    sendInBackground('password reset', mail.to, passwordResetMail({ name: mail.name, link: mail.link }));
  }
}

/**
 * Sets a new password with a reset link. Proves control of the address, so an unverified address
 * becomes verified; the account's sign-in lockout is lifted; every session and token dies.
 * Two-factor authentication stays on: the next sign-in still asks for the code.
 */
export async function resetPassword(o: { token: string; password: string }): Promise<{ email: string }> {
  const passwordHash = await hashPassword(o.password);
  const user = await db().$transaction(async (tx) => {
    const { userId } = await consumeResetToken(tx, o.token);
    await setPassword(tx, userId, passwordHash);
    const u = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, name: true, email: true, role: true, emailVerifiedAt: true },
    });
    if (!u.emailVerifiedAt)
      await tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
    await recordAudit(tx, {
      actor: { id: u.id, role: u.role },
      action: 'account.password-reset',
      entityType: 'user',
      entityId: u.id,
    });
    return u;
  });
  afterPasswordChange(user.id);
  const email = user.email ?? '';
  if (email) {
    await clearFailures(email);
    sendInBackground('password-changed', email, passwordChangedMail({ name: user.name }));
  }
  return { email };
}
