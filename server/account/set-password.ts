import 'server-only';
import { revokeRefreshTokens } from '@/server/auth/refresh-tokens';
import { forgetViewer } from '@/server/auth/session';
import type { Tx } from '@/server/db';

/**
 * The one way a password changes. In the caller's transaction: the new hash, every outstanding
 * reset link of the user deleted (a link sent before a password change must not work after it),
 * and sessionVersion bumped, so every session and API token issued before dies (session.ts
 * compares it on every request), and every API refresh token revoked. Returns the new sessionVersion.
 */
export async function setPassword(tx: Tx, userId: string, passwordHash: string): Promise<number> {
  await tx.userCredential.upsert({
    where: { userId },
    create: { userId, passwordHash },
    update: { passwordHash, passwordChangedAt: new Date() },
  });
  await tx.oneTimeCode.deleteMany({ where: { userId, purpose: 'PASSWORD_RESET' } });
  await revokeRefreshTokens(tx, { userId }, 'password-change');
  const user = await tx.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  return user.sessionVersion;
}

/** After the transaction commits: this instance stops serving the old sessions from its cache. */
export function afterPasswordChange(userId: string): void {
  forgetViewer(userId);
}
