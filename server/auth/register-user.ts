import 'server-only';
import type { SignUpInput } from '@/lib/schemas/auth';
import { issueCode } from '@/server/account/one-time-code';
import { createUser } from '@/server/auth/create-user';
import { log } from '@/server/log';
import { sendMail } from '@/server/mail/send-mail';
import { verificationCodeMail } from '@/server/mail/templates';

/**
 * Creates an unverified account and emails it a 6-digit code (server/account/verify-email.ts
 * checks it). Until the address is verified the account cannot sign in.
 */
export async function registerUser(input: SignUpInput): Promise<{ id: string; email: string; name: string }> {
  const { user, alongside: code } = await createUser(input, (tx, created) =>
    issueCode(tx, { userId: created.id, purpose: 'VERIFY_EMAIL' }),
  );
  // The account exists either way; if the mail fails, "send a new code" on the sign-in page works.
  await verificationCodeMail({ name: user.name, code })
    .then((mail) => sendMail({ to: user.email, ...mail }))
    .catch((error: unknown) =>
      log.error('verification mail failed', { err: error instanceof Error ? error.message : String(error) }),
    );
  return user;
}
