import 'server-only';
import { AppError } from '@/lib/errors';
import type { SignUpInput } from '@/lib/schemas/auth';
import { issueCode } from '@/server/account/one-time-code';
import { hashPassword } from '@/server/auth/password';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { log } from '@/server/log';
import { sendMail } from '@/server/mail/send-mail';
import { verificationCodeMail } from '@/server/mail/templates';

/**
 * Creates an unverified account and emails it a 6-digit code (server/account/verify-email.ts
 * checks it). Until the address is verified the account cannot sign in.
 */
export async function registerUser(input: SignUpInput): Promise<{ id: string; email: string; name: string }> {
  const passwordHash = await hashPassword(input.password);
  let created: { user: { id: string; email: string; name: string }; code: string };
  try {
    // The unique index on users.email decides races between two sign-ups with one address.
    created = await db().$transaction(async (tx) => {
      const user = (await tx.user.create({
        data: { name: input.name, email: input.email, credential: { create: { passwordHash } } },
        select: { id: true, email: true, name: true },
      })) as { id: string; email: string; name: string };
      const code = await issueCode(tx, { userId: user.id, purpose: 'VERIFY_EMAIL' });
      return { user, code };
    });
  } catch (error) {
    if (isConstraintViolation(error, 'users_email_key')) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists. Sign in instead.');
    }
    throw error;
  }
  // The account exists either way; if the mail fails, "send a new code" on the sign-in page works.
  await verificationCodeMail({ name: created.user.name, code: created.code })
    .then((mail) => sendMail({ to: created.user.email, ...mail }))
    .catch((error: unknown) =>
      log.error('verification mail failed', { err: error instanceof Error ? error.message : String(error) }),
    );
  return created.user;
}
