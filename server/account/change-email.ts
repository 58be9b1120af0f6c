import 'server-only';
import { AppError } from '@/lib/errors';
import { consumeCode, issueCode } from '@/server/account/one-time-code';
import { recordAudit } from '@/server/audit/record-audit';
import { verifyPassword } from '@/server/auth/password';
import { forgetViewer, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { sendInBackground, sendMail } from '@/server/mail/send-mail';
import { emailChangeCodeMail, emailChangedMail } from '@/server/mail/templates';
import { limitCodeSend, limitCodeVerify } from '@/server/security/limits';
import { assertNotLocked, recordFailure } from '@/server/security/lockout';

// Changing the sign-in address: the password, then a code sent to the new address (CHANGE_EMAIL,
// its `target` is the new address). Only when the code comes back does the address change; the
// old address is told. The audit log records that it changed, not the addresses: the log is
// append-only and must not keep personal data an account deletion has to erase.

const taken = () => new AppError('EMAIL_TAKEN', 'Another account already uses that email address.');

export async function requestEmailChange(o: {
  viewer: Pick<Viewer, 'id' | 'role'>;
  newEmail: string;
  password: string;
  ip?: string;
}): Promise<{ sentTo: string }> {
  const user = await db().user.findUniqueOrThrow({
    where: { id: o.viewer.id },
    select: { name: true, email: true, credential: { select: { passwordHash: true } } },
  });
  const lockKey = { email: user.email ?? o.viewer.id, ip: o.ip };
  await assertNotLocked(lockKey);
  if (!(await verifyPassword(user.credential?.passwordHash, o.password))) {
    await recordFailure(lockKey);
    throw new AppError('INVALID_CREDENTIALS', 'That password is not right.');
  }
  if (o.newEmail === user.email) throw new AppError('CONFLICT', 'That is already your email address.');
  if (await db().user.findUnique({ where: { email: o.newEmail }, select: { id: true } })) throw taken();
  await limitCodeSend({ key: `change-email:${o.viewer.id}`, ip: o.ip });
  const code = await db().$transaction((tx) =>
    issueCode(tx, { userId: o.viewer.id, purpose: 'CHANGE_EMAIL', target: o.newEmail }),
  );
  await sendMail({ to: o.newEmail, ...(await emailChangeCodeMail({ name: user.name, code })) });
  return { sentTo: o.newEmail };
}

export async function confirmEmailChange(o: {
  viewer: Pick<Viewer, 'id' | 'role'>;
  code: string;
  ip?: string;
}): Promise<{ email: string }> {
  await limitCodeVerify({ key: `change-email:${o.viewer.id}`, ip: o.ip });
  const { target } = await consumeCode({ userId: o.viewer.id, purpose: 'CHANGE_EMAIL', code: o.code });
  if (!target) throw new AppError('INVALID_CODE', 'That code is not right, or it has expired.');
  let old: { email: string | null; name: string };
  try {
    old = await db().$transaction(async (tx) => {
      const before = await tx.user.findUniqueOrThrow({
        where: { id: o.viewer.id },
        select: { email: true, name: true },
      });
      await tx.user.update({
        where: { id: o.viewer.id },
        data: { email: target, emailVerifiedAt: new Date() },
      });
      await recordAudit(tx, {
        actor: o.viewer,
        action: 'account.email-changed',
        entityType: 'user',
        entityId: o.viewer.id,
        after: { emailVerified: true },
      });
      return before;
    });
  } catch (error) {
    // Someone signed up with the address between the request and the code.
    if (isConstraintViolation(error, 'users_email_key')) throw taken();
    throw error;
  }
  forgetViewer(o.viewer.id);
  if (old.email) {
    sendInBackground('email-changed notice', old.email, emailChangedMail({ name: old.name }));
  }
  return { email: target };
}
