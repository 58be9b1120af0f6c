import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { authSecret } from '@/server/auth/secret';
import { type SessionUser, sessionClaims } from '@/server/auth/session-cookie';
import type { Tx } from '@/server/db';
import { env } from '@/server/env';

// API clients sign in once (POST /api/v1/auth/token) and get a short access token (a JWT, like
// the web session, API_ACCESS_TOKEN_SECONDS) and a refresh token: an opaque random secret of which
// only the SHA-256 is stored. One sign-in is one family; every refresh marks its token used and
// adds the next one to the family (refresh-api-token.ts). Tokens expire REFRESH_TOKEN_DAYS after
// they were issued (sliding) and never after REFRESH_TOKEN_MAX_DAYS from the sign-in (absolute).

export type RevokeReason = 'reuse' | 'logout' | 'password-change' | 'sign-out-everywhere' | 'session-ended';

const DAY_MS = 86_400_000;
/** A prefix makes a leaked token recognisable to secret scanners, and says what it is in a log. */
const PREFIX = 'mrt_';

export function hashRefreshToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export type TokenPair = {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
};

/**
 * Writes the next refresh token of a family (a new family when `family` is left out) and signs an
 * access token to go with it. In the caller's transaction.
 */
export async function issueTokenPair(
  tx: Tx,
  o: {
    user: SessionUser;
    mfaPassed: boolean;
    family?: { id: string; expiresAt: Date };
    now?: Date;
  },
): Promise<TokenPair> {
  const config = env();
  const now = o.now ?? new Date();
  const familyExpiresAt =
    o.family?.expiresAt ?? new Date(now.getTime() + config.REFRESH_TOKEN_MAX_DAYS * DAY_MS);
  const expiresAt = new Date(
    Math.min(now.getTime() + config.REFRESH_TOKEN_DAYS * DAY_MS, familyExpiresAt.getTime()),
  );
  const refreshToken = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  await tx.refreshToken.create({
    data: {
      userId: o.user.id,
      familyId: o.family?.id ?? randomUUID(),
      tokenHash: hashRefreshToken(refreshToken),
      sessionVersion: o.user.sessionVersion,
      mfaPassed: o.mfaPassed,
      createdAt: now,
      expiresAt,
      familyExpiresAt,
    },
  });
  const expiresIn = config.API_ACCESS_TOKEN_SECONDS;
  const accessToken = await encode({
    token: sessionClaims(o.user, o.mfaPassed ? 'done' : 'none'),
    secret: authSecret(),
    maxAge: expiresIn,
  });
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn,
    refreshToken,
    refreshExpiresIn: Math.floor((expiresAt.getTime() - now.getTime()) / 1000),
  };
}

/** Revokes every still-usable refresh token of a user (or of one family). Returns how many. */
export async function revokeRefreshTokens(
  tx: Tx,
  where: { userId: string } | { familyId: string },
  reason: RevokeReason,
): Promise<number> {
  const { count } = await tx.refreshToken.updateMany({
    where: { ...where, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  return count;
}
