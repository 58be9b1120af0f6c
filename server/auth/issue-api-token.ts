import 'server-only';
import { encode } from 'next-auth/jwt';
import { AppError } from '@/lib/errors';
import type { SignInInput } from '@/lib/schemas/auth';
import { authenticateUser } from '@/server/auth/authenticate-user';
import { authSecret } from '@/server/auth/secret';

export const API_TOKEN_TTL_SECONDS = 60 * 60;

/** A bearer token for API clients: the same signed, encrypted JWT the web session uses. */
export async function issueApiToken(
  input: SignInInput,
): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
  const user = await authenticateUser(input);
  if (!user) throw new AppError('INVALID_CREDENTIALS', 'That email and password do not match an account.');
  const accessToken = await encode({
    token: { sub: user.id, role: user.role, sv: user.sessionVersion, name: user.name, email: user.email },
    secret: authSecret(),
    maxAge: API_TOKEN_TTL_SECONDS,
  });
  return { accessToken, tokenType: 'Bearer', expiresIn: API_TOKEN_TTL_SECONDS };
}
