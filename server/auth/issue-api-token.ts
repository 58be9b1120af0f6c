import 'server-only';
import { AppError } from '@/lib/errors';
import type { ApiTokenRequest } from '@/lib/schemas/account';
import { issueTokenPair, type TokenPair } from '@/server/auth/refresh-tokens';
import { checkPassword, checkSecondFactor, signInSucceeded } from '@/server/auth/sign-in';
import { db } from '@/server/db';

/**
 * Tokens for API clients: a short access token (the same signed, encrypted JWT the web session
 * uses) and a refresh token starting a new family (server/auth/refresh-tokens.ts), under the same
 * lockout and answers as web sign-in (server/auth/sign-in.ts). An account with 2FA must send its
 * current code as `totp` (401 TOTP_REQUIRED without it).
 */
export async function issueApiToken(input: ApiTokenRequest & { ip?: string }): Promise<TokenPair> {
  const user = await checkPassword(input);
  if (user.totpEnabled) {
    if (!input.totp) {
      throw new AppError(
        'TOTP_REQUIRED',
        'This account uses two-factor authentication: send the current code from the authenticator app as "totp".',
      );
    }
    await checkSecondFactor({ user, code: input.totp, ip: input.ip });
  }
  await signInSucceeded(user.email);
  return db().$transaction((tx) => issueTokenPair(tx, { user, mfaPassed: user.totpEnabled }));
}
