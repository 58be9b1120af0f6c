import 'server-only';
import { NOT_VERIFIED_MESSAGE, WRONG_CREDENTIALS } from '@/lib/auth-messages';
import { AppError, isAppError } from '@/lib/errors';
import type { SignInInput } from '@/lib/schemas/auth';
import { type AuthenticatedUser, authenticateUser } from '@/server/auth/authenticate-user';
import { verifySecondFactor } from '@/server/auth/two-factor';
import { assertNotLocked, clearFailures, recordFailure } from '@/server/security/lockout';

// The sign-in steps shared by the web (next-auth's credentials provider, then /signin/2fa) and the
// REST token endpoint, so both obey one lockout and one set of answers:
//   locked (account or address)      → 429 RATE_LIMITED, one message, whether or not the account exists
//   unknown account / wrong password → 401 INVALID_CREDENTIALS, one message, same cost (argon2 either way)
//   right password, unverified email → 403 EMAIL_NOT_VERIFIED (only after the right password)
//   right password, 2FA enabled      → the code step; a wrong code counts as a failure like a wrong password
// Failures are cleared only when the whole sign-in succeeds: clearing them after the password
// alone would give someone who knows it unlimited guesses at the second factor.

export { WRONG_CREDENTIALS };

export async function checkPassword(input: SignInInput & { ip?: string }): Promise<AuthenticatedUser> {
  await assertNotLocked({ email: input.email, ip: input.ip });
  const user = await authenticateUser(input);
  if (!user) {
    await recordFailure({ email: input.email, ip: input.ip });
    throw new AppError('INVALID_CREDENTIALS', WRONG_CREDENTIALS);
  }
  if (!user.emailVerified) {
    throw new AppError('EMAIL_NOT_VERIFIED', NOT_VERIFIED_MESSAGE);
  }
  return user;
}

/** The second step: a TOTP or recovery code for a user whose password was right. */
export async function checkSecondFactor(o: {
  user: { id: string; email: string };
  code: string;
  ip?: string;
}): Promise<'totp' | 'recovery'> {
  await assertNotLocked({ email: o.user.email, ip: o.ip });
  try {
    return await verifySecondFactor({ userId: o.user.id, code: o.code });
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID_CODE')
      await recordFailure({ email: o.user.email, ip: o.ip });
    throw error;
  }
}

export async function signInSucceeded(email: string): Promise<void> {
  await clearFailures(email);
}
