import 'server-only';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/server/audit/record-audit';
import {
  hashRefreshToken,
  issueTokenPair,
  revokeRefreshTokens,
  type TokenPair,
} from '@/server/auth/refresh-tokens';
import { readCommitted } from '@/server/db/transaction';
import { log } from '@/server/log';

const INVALID = 'This refresh token is not valid any more: sign in again.';

type Locked = {
  id: string;
  user_id: string;
  family_id: string;
  session_version: number;
  mfa_passed: boolean;
  expires_at: Date;
  family_expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
};

type Outcome =
  | { ok: true; pair: TokenPair }
  | { ok: false; code: 'REFRESH_TOKEN_INVALID' | 'REFRESH_TOKEN_REUSED'; reuse?: Record<string, unknown> };

/**
 * Exchanges a refresh token for a new access token and the next refresh token of its family; the
 * presented one is marked used. Its row is locked (SELECT … FOR UPDATE) for the length of the
 * exchange, so of two concurrent refreshes of one token the second waits, then finds it used.
 *
 * A used token presented again is reuse: either a thief or the client refreshed with a copy
 * first, and we cannot tell which, so the whole family (the thief's newer tokens as well as the
 * client's) is revoked, audited and logged (ids only, never the secret), and the answer is
 * 401 REFRESH_TOKEN_REUSED. Revocation commits before the error is thrown.
 */
export async function refreshApiToken(o: { refreshToken: string }): Promise<TokenPair> {
  const tokenHash = hashRefreshToken(o.refreshToken);
  const outcome = await readCommitted<Outcome>(async (tx): Promise<Outcome> => {
    const [row] = await tx.$queryRaw<Locked[]>`
      SELECT id, user_id, family_id, session_version, mfa_passed, expires_at, family_expires_at,
             used_at, revoked_at
        FROM refresh_tokens WHERE token_hash = ${tokenHash} FOR UPDATE`;
    if (!row) return { ok: false, code: 'REFRESH_TOKEN_INVALID' };
    // Used comes before revoked: a used token is reuse even after its family was revoked (by an
    // earlier reuse, or a logout), and every attempt is worth a record.
    if (row.used_at) {
      // Field names avoid "token": log and audit redaction would hide the ids and counts.
      const revoked = await revokeRefreshTokens(tx, { familyId: row.family_id }, 'reuse');
      await recordAudit(tx, {
        actor: null,
        action: 'auth.refresh-token-reused',
        entityType: 'user',
        entityId: row.user_id,
        after: { familyId: row.family_id, rowId: row.id, usedAt: row.used_at, revokedCount: revoked },
      });
      const reuse = { userId: row.user_id, familyId: row.family_id, rowId: row.id, revokedCount: revoked };
      return { ok: false, code: 'REFRESH_TOKEN_REUSED', reuse };
    }
    if (row.revoked_at) return { ok: false, code: 'REFRESH_TOKEN_INVALID' };
    const now = new Date();
    if (row.expires_at <= now || row.family_expires_at <= now) {
      return { ok: false, code: 'REFRESH_TOKEN_INVALID' };
    }
    const user = await tx.user.findUnique({
      where: { id: row.user_id },
      select: { id: true, name: true, email: true, role: true, sessionVersion: true, deletedAt: true },
    });
    if (!user || user.deletedAt || user.sessionVersion !== row.session_version) {
      // Signed out since (a bump that came without a revoke, such as a role revoked by an admin).
      await revokeRefreshTokens(tx, { familyId: row.family_id }, 'session-ended');
      return { ok: false, code: 'REFRESH_TOKEN_INVALID' };
    }
    await tx.refreshToken.update({ where: { id: row.id }, data: { usedAt: now } });
    const pair = await issueTokenPair(tx, {
      user,
      mfaPassed: row.mfa_passed,
      family: { id: row.family_id, expiresAt: row.family_expires_at },
      now,
    });
    return { ok: true, pair };
  });
  if (!outcome.ok) {
    // Logged once the revocation has committed (a retried transaction would log twice).
    if (outcome.reuse) log.warn('refresh token reused: its family is revoked', outcome.reuse);
    throw new AppError(
      outcome.code,
      outcome.code === 'REFRESH_TOKEN_REUSED'
        ? 'This refresh token was already used, so every token of this sign-in has been revoked: sign in again.'
        : INVALID,
    );
  }
  return outcome.pair;
}
