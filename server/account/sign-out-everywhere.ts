import 'server-only';
import { recordAudit } from '@/server/audit/record-audit';
import { revokeRefreshTokens } from '@/server/auth/refresh-tokens';
import { forgetViewer, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

/**
 * Ends every session of the viewer: web sessions and API access tokens die with the bumped
 * sessionVersion (session.ts compares it on every request, on every instance once forgetViewer
 * has been heard), and every refresh token is revoked. The caller's own session ends too.
 */
export async function signOutEverywhere(o: {
  viewer: Pick<Viewer, 'id' | 'role'>;
}): Promise<{ revokedRefreshTokens: number }> {
  const revokedRefreshTokens = await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: o.viewer.id }, data: { sessionVersion: { increment: 1 } } });
    const revoked = await revokeRefreshTokens(tx, { userId: o.viewer.id }, 'sign-out-everywhere');
    await recordAudit(tx, {
      actor: o.viewer,
      action: 'account.signed-out-everywhere',
      entityType: 'user',
      entityId: o.viewer.id,
      after: { revokedCount: revoked },
    });
    return revoked;
  });
  forgetViewer(o.viewer.id);
  return { revokedRefreshTokens };
}
