import 'server-only';
import { db } from '@/server/db';

const WEEK_MS = 7 * 86_400_000;

/**
 * Hourly: forgets refresh tokens that can never work again. A family past its absolute end goes
 * whole; a revoked family is kept a week, so a stolen copy tried soon after still reads as reuse
 * (audited) rather than as an unknown token. Used tokens of live families stay: they are what
 * reuse detection compares against.
 */
export async function deleteExpiredRefreshTokens(now = new Date()): Promise<number> {
  const { count } = await db().refreshToken.deleteMany({
    where: {
      OR: [{ familyExpiresAt: { lt: now } }, { revokedAt: { lt: new Date(now.getTime() - WEEK_MS) } }],
    },
  });
  return count;
}
