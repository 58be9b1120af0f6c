import { describe, expect, it, vi } from 'vitest';
import { changePassword } from '@/server/account/change-password';
import { requestPasswordReset, resetPassword } from '@/server/account/password-reset';
import {
  createApiTokenOp,
  refreshApiTokenOp,
  revokeRefreshTokenOp,
  signOutEverywhereOp,
} from '@/server/api/operations/auth';
import { listBookingsOp } from '@/server/api/operations/bookings';
import { deleteExpiredRefreshTokens } from '@/server/auth/delete-expired-refresh-tokens';
import { hashRefreshToken } from '@/server/auth/refresh-tokens';
import { decodeToken } from '@/server/auth/session';
import { base32Decode, totpAt } from '@/server/auth/totp';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/server/auth/two-factor';
import { db } from '@/server/db';
import { createAccount, freshIp } from '../support/accounts';
import { bearerFor, call } from '../support/api';
import { resetTokenIn } from '../support/smtp-capture';
import { withSmtpCapture } from '../support/smtp-env';

// API clients' tokens against a real database, through the real router: a short access token and
// a rotating refresh token, reuse detection, expiry (sliding and absolute), and every way a
// refresh token is revoked. Rows are moved in time by hand (expiry), never the clock.

const smtp = withSmtpCapture();

type Pair = {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
};
type Answer = { status: number; body: Pair & { error?: { code: string; message: string } } };

async function signIn(account: { email: string; password: string }): Promise<Pair> {
  const r = await call(createApiTokenOp, {
    body: { email: account.email, password: account.password },
    headers: { 'x-marquee-client-ip': freshIp() },
  });
  expect(r.status).toBe(200);
  return r.body as Pair;
}

async function refresh(refreshToken: string): Promise<Answer> {
  const r = await call(refreshApiTokenOp, { body: { refreshToken } });
  return { status: r.status, body: r.body as Answer['body'] };
}

/** Whether an access token is still accepted, by an operation any signed-in user may call. */
async function accessStatus(accessToken: string): Promise<number> {
  return (await call(listBookingsOp, { token: accessToken })).status;
}

const row = (secret: string) =>
  db().refreshToken.findUniqueOrThrow({ where: { tokenHash: hashRefreshToken(secret) } });

describe('signing in', () => {
  it('answers the old fields plus a refresh token, and stores only its hash', async () => {
    const account = await createAccount();
    const pair = await signIn(account);
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 30 * 86_400 });
    expect(pair.refreshToken).toMatch(/^mrt_[A-Za-z0-9_-]{43}$/);
    expect(await accessStatus(pair.accessToken)).toBe(200);

    const rows = await db().refreshToken.findMany({ where: { userId: account.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashRefreshToken(pair.refreshToken));
    expect(JSON.stringify(rows)).not.toContain(pair.refreshToken.slice(4));
    const days = (rows[0]!.familyExpiresAt.getTime() - rows[0]!.createdAt.getTime()) / 86_400_000;
    expect(days).toBe(90);
  });
});

describe('refreshing', () => {
  it('rotates: a new pair in the same family, the old token used up', async () => {
    const account = await createAccount();
    const first = await signIn(account);
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(await accessStatus(second.body.accessToken)).toBe(200);

    const [old, next] = await Promise.all([row(first.refreshToken), row(second.body.refreshToken)]);
    expect(old.usedAt).not.toBeNull();
    expect(next).toMatchObject({ familyId: old.familyId, usedAt: null, revokedAt: null });
    expect(next.familyExpiresAt).toEqual(old.familyExpiresAt);

    // And the new one rotates in turn.
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);
  });

  it('revokes the whole family when a used token comes back, audits it, and logs no secret', async () => {
    const account = await createAccount();
    const first = await signIn(account);
    const other = await signIn(account); // another device: a family of its own
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);

    // The warning is read as written (the suite runs with logs silenced).
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'warn';
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const reused = await refresh(first.refreshToken);
    const logged = stderr.mock.calls.map((c) => String(c[0])).join('');
    stderr.mockRestore();
    process.env.LOG_LEVEL = level;
    expect(reused.status).toBe(401);
    expect(reused.body.error?.code).toBe('REFRESH_TOKEN_REUSED');
    expect(logged).toContain('refresh token reused');
    expect(logged).not.toContain(first.refreshToken);

    // The newest token of the family (the thief's, or the client's) dies with it…
    const after = await refresh(second.body.refreshToken);
    expect([after.status, after.body.error?.code]).toEqual([401, 'REFRESH_TOKEN_INVALID']);
    const family = await db().refreshToken.findMany({
      where: { familyId: (await row(first.refreshToken)).familyId },
    });
    expect(family.map((t) => t.revokedReason)).toEqual(['reuse', 'reuse']);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'auth.refresh-token-reused', entityId: account.id },
    });
    expect(audit.after).toMatchObject({ revokedCount: 2 });
    expect(JSON.stringify(audit.after)).not.toContain(first.refreshToken.slice(4));
    // …and the other device's family does not.
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('lets exactly one of several concurrent refreshes of one token win; the rest are reuse', async () => {
    const account = await createAccount();
    const { refreshToken } = await signIn(account);
    const answers = await Promise.all(Array.from({ length: 6 }, () => refresh(refreshToken)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401, 401, 401]);
    expect(answers.filter((a) => a.status === 401).map((a) => a.body.error?.code)).toEqual(
      Array(5).fill('REFRESH_TOKEN_REUSED'),
    );
    // Reuse revoked the family, the winner's new token included: one sign-in, two rows, none usable.
    const rows = await db().refreshToken.findMany({ where: { userId: account.id } });
    expect(rows).toHaveLength(2);
    expect(rows.every((t) => t.revokedReason === 'reuse')).toBe(true);
  });

  it('refuses an expired token, and slides a new one only up to the family’s absolute end', async () => {
    const account = await createAccount();
    const expired = await signIn(account);
    const past = new Date(Date.now() - 60_000);
    await db().refreshToken.update({
      where: { tokenHash: hashRefreshToken(expired.refreshToken) },
      data: { createdAt: new Date(past.getTime() - 86_400_000), expiresAt: past },
    });
    const r = await refresh(expired.refreshToken);
    expect([r.status, r.body.error?.code]).toEqual([401, 'REFRESH_TOKEN_INVALID']);

    const nearEnd = await signIn(account);
    const end = new Date(Date.now() + 3_600_000);
    await db().refreshToken.update({
      where: { tokenHash: hashRefreshToken(nearEnd.refreshToken) },
      data: { expiresAt: end, familyExpiresAt: end },
    });
    const slid = await refresh(nearEnd.refreshToken);
    expect(slid.status).toBe(200);
    expect(slid.body.refreshExpiresIn).toBeLessThanOrEqual(3_600);
    expect(slid.body.refreshExpiresIn).toBeGreaterThan(3_500);
    expect((await row(slid.body.refreshToken)).expiresAt).toEqual(end);
  });

  it('keeps a sign-in’s second factor: refreshed access tokens of a 2FA sign-in still count as 2FA', async () => {
    const account = await createAccount({ role: 'MANAGER' });
    const secret = base32Decode(
      (await startTotpEnrolment({ id: account.id, email: account.email })).manualKey,
    );
    await confirmTotpEnrolment({ actor: account, code: totpAt(secret, Date.now() - 30_000) });
    const r = await call(createApiTokenOp, {
      body: { email: account.email, password: account.password, totp: totpAt(secret) },
      headers: { 'x-marquee-client-ip': freshIp() },
    });
    expect(r.status).toBe(200);
    const refreshed = await refresh((r.body as Pair).refreshToken);
    expect((await decodeToken(refreshed.body.accessToken))?.mfa).toBe('done');

    const plain = await refresh((await signIn(await createAccount())).refreshToken);
    expect((await decodeToken(plain.body.accessToken))?.mfa).toBe('none');
  });

  it('answers 401, not 500, for an unknown token and 400 for none', async () => {
    const r = await refresh('mrt_not-a-token-anyone-was-given');
    expect([r.status, r.body.error?.code]).toEqual([401, 'REFRESH_TOKEN_INVALID']);
    const none = await call(refreshApiTokenOp, { body: {} });
    expect(none.status).toBe(400);
  });
});

describe('revoking', () => {
  it('logs one client out: its refresh tokens stop, another sign-in carries on', async () => {
    const account = await createAccount();
    const first = await signIn(account);
    const other = await signIn(account);
    const rotated = await refresh(first.refreshToken);

    const r = await call(revokeRefreshTokenOp, { body: { refreshToken: rotated.body.refreshToken } });
    expect([r.status, r.body]).toEqual([200, { revoked: true }]);
    const again = await call(revokeRefreshTokenOp, { body: { refreshToken: rotated.body.refreshToken } });
    expect(again.body).toEqual({ revoked: false });
    const unknown = await call(revokeRefreshTokenOp, { body: { refreshToken: 'mrt_unknown' } });
    expect([unknown.status, unknown.body]).toEqual([200, { revoked: false }]);

    expect((await refresh(rotated.body.refreshToken)).body.error?.code).toBe('REFRESH_TOKEN_INVALID');
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('revokes every refresh token when the password changes, and the access tokens die', async () => {
    const account = await createAccount();
    const a = await signIn(account);
    const b = await signIn(account);
    await changePassword({
      viewer: { id: account.id, role: 'CUSTOMER' },
      currentPassword: account.password,
      newPassword: 'a different long password',
    });
    for (const pair of [a, b]) {
      expect((await refresh(pair.refreshToken)).body.error?.code).toBe('REFRESH_TOKEN_INVALID');
      expect(await accessStatus(pair.accessToken)).toBe(401);
    }
    const rows = await db().refreshToken.findMany({ where: { userId: account.id } });
    expect(rows.map((t) => t.revokedReason)).toEqual(['password-change', 'password-change']);
  });

  it('revokes every refresh token when the password is reset through the emailed link', async () => {
    const account = await createAccount();
    const pair = await signIn(account);
    await requestPasswordReset({ email: account.email });
    const link = resetTokenIn(
      await smtp().waitFor((m) => m.envelopeTo.includes(account.email) && /reset/i.test(m.subject ?? '')),
    );
    await resetPassword({ token: link, password: 'a-reset-long-password' });
    expect((await refresh(pair.refreshToken)).body.error?.code).toBe('REFRESH_TOKEN_INVALID');
    expect(await accessStatus(pair.accessToken)).toBe(401);
    expect((await row(pair.refreshToken)).revokedReason).toBe('password-change');
  });

  it('signs out everywhere: access tokens, web sessions and refresh tokens all refused', async () => {
    const account = await createAccount();
    const a = await signIn(account);
    const b = await signIn(account);
    const webSession = await bearerFor(account, { sv: account.sessionVersion });
    expect(await accessStatus(webSession)).toBe(200);

    const r = await call(signOutEverywhereOp, { token: a.accessToken });
    expect([r.status, r.body]).toEqual([200, { revokedRefreshTokens: 2 }]);

    for (const token of [a.accessToken, b.accessToken, webSession])
      expect(await accessStatus(token)).toBe(401);
    for (const pair of [a, b]) {
      expect((await refresh(pair.refreshToken)).body.error?.code).toBe('REFRESH_TOKEN_INVALID');
    }
    // Signing in again works, with the new session version.
    expect(await accessStatus((await signIn(account)).accessToken)).toBe(200);
    expect(
      await db().auditLog.count({ where: { action: 'account.signed-out-everywhere', entityId: account.id } }),
    ).toBe(1);

    const anonymous = await call(signOutEverywhereOp, {});
    expect(anonymous.status).toBe(401);
  });

  it('ends a family whose account signed out some other way (a role revoked, sessions bumped)', async () => {
    const account = await createAccount();
    const pair = await signIn(account);
    await db().user.update({ where: { id: account.id }, data: { sessionVersion: { increment: 1 } } });
    expect((await refresh(pair.refreshToken)).body.error?.code).toBe('REFRESH_TOKEN_INVALID');
    expect((await row(pair.refreshToken)).revokedReason).toBe('session-ended');
  });
});

describe('cleaning up', () => {
  it('forgets families past their end and revoked ones after a week, and keeps the rest', async () => {
    const account = await createAccount();
    const [ended, revoked, recent, live] = await Promise.all([1, 2, 3, 4].map(() => signIn(account)));
    const day = 86_400_000;
    const now = Date.now();
    await db().refreshToken.update({
      where: { tokenHash: hashRefreshToken(ended!.refreshToken) },
      data: {
        createdAt: new Date(now - 100 * day),
        expiresAt: new Date(now - day),
        familyExpiresAt: new Date(now - day),
      },
    });
    await db().refreshToken.update({
      where: { tokenHash: hashRefreshToken(revoked!.refreshToken) },
      data: { revokedAt: new Date(now - 8 * day), revokedReason: 'logout' },
    });
    await call(revokeRefreshTokenOp, { body: { refreshToken: recent!.refreshToken } });
    await deleteExpiredRefreshTokens();
    const left = await db().refreshToken.findMany({
      where: { userId: account.id },
      select: { tokenHash: true },
    });
    expect(left.map((t) => t.tokenHash).sort()).toEqual(
      [recent!.refreshToken, live!.refreshToken].map(hashRefreshToken).sort(),
    );
  });
});
