'use server';

import {
  forgotPasswordSchema,
  resendVerificationSchema,
  resetPasswordSchema,
  verifyEmailSchema,
} from '@/lib/schemas/account';
import { signUpSchema } from '@/lib/schemas/auth';
import { requestPasswordReset, resetPassword } from '@/server/account/password-reset';
import { resendVerificationCode, verifyEmail } from '@/server/account/verify-email';
import { registerUser } from '@/server/auth/register-user';
import { action } from '@/server/http/action';
import { requestIp } from '@/server/security/client-ip';

// Signing up, proving an address and resetting a password: public by nature, each rate-limited
// and non-revealing in its use case.

export const signUpAction = action({ input: signUpSchema, auth: 'public' }, async (input) => {
  const user = await registerUser(input);
  return { email: user.email };
});

export const verifyEmailAction = action({ input: verifyEmailSchema, auth: 'public' }, async (input) => {
  await verifyEmail({ ...input, ip: await requestIp() });
  return { verified: true };
});

/** A new code, for the account's email and password (so it cannot probe which addresses exist). */
export const resendVerificationAction = action(
  { input: resendVerificationSchema, auth: 'public' },
  async (input) => resendVerificationCode({ ...input, ip: await requestIp() }),
);

/** Always the same answer, whether or not the address has an account. */
export const requestResetAction = action({ input: forgotPasswordSchema, auth: 'public' }, async (input) => {
  await requestPasswordReset({ ...input, ip: await requestIp() });
  return { sent: true };
});

export const resetPasswordAction = action({ input: resetPasswordSchema, auth: 'public' }, async (input) => {
  await resetPassword(input);
  return { reset: true };
});
