import 'server-only';
import { encode } from 'next-auth/jwt';
import { AppError } from '@/lib/errors';
import type { ApiTokenRequest } from '@/lib/schemas/account';
import { authSecret } from '@/server/auth/secret';
import { sessionClaims } from '@/server/auth/session-cookie';
import { checkPassword, checkSecondFactor, signInSucceeded } from '@/server/auth/sign-in';

const API_TOKEN_TTL_SECONDS = 60 * 60;

/**
 * A bearer token for API clients: the same signed, encrypted JWT the web session uses, under the
 * same lockout and answers as web sign-in (server/auth/sign-in.ts). An account with 2FA must send
 * its current code as `totp` (401 TOTP_REQUIRED without it).
 */
export async function issueApiToken(
  input: ApiTokenRequest & { ip?: string },
): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
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
  const accessToken = await encode({
    token: sessionClaims(user, user.totpEnabled ? 'done' : 'none'),
    secret: authSecret(),
    maxAge: API_TOKEN_TTL_SECONDS,
  });
  return { accessToken, tokenType: 'Bearer', expiresIn: API_TOKEN_TTL_SECONDS };
}
