import 'server-only';
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { consumeCode, issueCode } from '@/server/account/one-time-code';
import { authenticateUser } from '@/server/auth/authenticate-user';
import { WRONG_CREDENTIALS } from '@/server/auth/sign-in';
import { db } from '@/server/db';
import { sendMail } from '@/server/mail/send-mail';
import { verificationCodeMail } from '@/server/mail/templates';
import { limitCodeSend, limitCodeVerify } from '@/server/security/limits';
import { assertNotLocked, recordFailure } from '@/server/security/lockout';

// Email verification: the code emailed at sign-up (or a new one, which only the right password can
// ask for, so the "send a code" button cannot be used to find out which addresses have accounts).

/** Emails a new code to an unverified account, for its email and the right password. */
export async function resendVerificationCode(o: {
  email: string;
  password: string;
  ip?: string;
}): Promise<{ alreadyVerified: boolean }> {
  await assertNotLocked({ email: o.email, ip: o.ip });
  const user = await authenticateUser({ email: o.email, password: o.password });
  if (!user) {
    await recordFailure({ email: o.email, ip: o.ip });
    throw new AppError('INVALID_CREDENTIALS', WRONG_CREDENTIALS);
  }
  if (user.emailVerified) return { alreadyVerified: true };
  await limitCodeSend({ key: `verify:${user.id}`, ip: o.ip });
  const code = await db().$transaction((tx) => issueCode(tx, { userId: user.id, purpose: 'VERIFY_EMAIL' }));
  await sendMail({ to: user.email, ...(await verificationCodeMail({ name: user.name, code })) });
  return { alreadyVerified: false };
}

/** Marks the address verified when `code` is the account's live code. */
export async function verifyEmail(o: { email: string; code: string; ip?: string }): Promise<void> {
  await limitCodeVerify({ key: `verify:${o.email}`, ip: o.ip });
  const user = await db().user.findUnique({
    where: { email: o.email },
    select: { id: true, deletedAt: true },
  });
  // An unknown address takes the same path (a code lookup that finds nothing), so neither the
  // answer nor its timing says whether the address has an account.
  const userId = user && !user.deletedAt ? user.id : randomUUID();
  await consumeCode({ userId, purpose: 'VERIFY_EMAIL', code: o.code });
  await db().user.updateMany({
    where: { id: userId, emailVerifiedAt: null },
    data: { emailVerifiedAt: new Date() },
  });
}
