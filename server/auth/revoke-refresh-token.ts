import 'server-only';
import { hashRefreshToken, revokeRefreshTokens } from '@/server/auth/refresh-tokens';
import { db } from '@/server/db';

/**
 * Logout of one API client: revokes the refresh token and the rest of its family (the sign-in it
 * came from). Access tokens already issued stay valid until they expire (API_ACCESS_TOKEN_SECONDS);
 * "sign out everywhere" ends those too. Unknown tokens answer the same as known ones (RFC 7009).
 */
export async function revokeRefreshToken(o: { refreshToken: string }): Promise<{ revoked: boolean }> {
  const row = await db().refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(o.refreshToken) },
    select: { familyId: true },
  });
  if (!row) return { revoked: false };
  const count = await db().$transaction((tx) =>
    revokeRefreshTokens(tx, { familyId: row.familyId }, 'logout'),
  );
  return { revoked: count > 0 };
}
