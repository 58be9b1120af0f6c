import { encode } from 'next-auth/jwt';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiTokenOp } from '@/server/api/operations/auth';
import { open } from '@/server/auth/secret-box';
import { base32Decode, totpAt, totpStep } from '@/server/auth/totp';
import { db } from '@/server/db';
import { createAccount, freshIp } from '../support/accounts';
import { call } from '../support/api';
import { SECURITY_BACKENDS, setupSecurityBackend } from '../support/security-backends';

// Two-factor authentication end to end, with codes computed from the enrolled seed exactly as an
// authenticator app computes them.

let requestHeaders = new Headers();
vi.mock('next/headers', () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ set() {}, delete() {} }),
}));

const { authOptions } = await import('@/server/auth/options');
const { completeSecondFactor } = await import('@/server/auth/second-factor');
const { sessionClaims } = await import('@/server/auth/session-cookie');
const { viewerFromToken, decodeToken } = await import('@/server/auth/session');
const { confirmTotpEnrolment, startTotpEnrolment, twoFactorStatus, verifySecondFactor } = await import(
  '@/server/auth/two-factor'
);
const { requireAdminArea } = await import('@/server/auth/admin-access');

const STEP = 30_000;

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
function passwordStep(email: string, password: string, ip = freshIp()) {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize({ email, password }, { headers: { 'x-marquee-client-ip': ip } });
}

/** Enrols 2FA for a new account with the code of the previous step, leaving now and the next step free. */
async function enrolled(role: 'CUSTOMER' | 'MANAGER' | 'ADMIN' = 'CUSTOMER') {
  const user = await createAccount({ role });
  const viewer = { id: user.id, email: user.email, role: user.role };
  const { manualKey, otpauthUri, qrSvg } = await startTotpEnrolment(viewer);
  expect(otpauthUri).toMatch(
    /^otpauth:\/\/totp\/Marquee:.+\?secret=[A-Z2-7]+&issuer=Marquee&algorithm=SHA1&digits=6&period=30$/,
  );
  expect(qrSvg).toMatch(/^<svg/);
  const secret = base32Decode(manualKey);
  const { recoveryCodes } = await confirmTotpEnrolment({
    actor: viewer,
    code: totpAt(secret, Date.now() - STEP),
  });
  return { user, viewer, secret, recoveryCodes };
}

async function pendingToken(user: {
  id: string;
  name: string;
  email: string;
  role: string;
  sessionVersion: number;
}) {
  return encode({
    token: sessionClaims({ ...user, role: user.role as 'CUSTOMER' }, 'pending'),
    secret: process.env.AUTH_SECRET as string,
  });
}

beforeEach(() => {
  requestHeaders = new Headers();
});

describe.each(SECURITY_BACKENDS)('two-factor authentication (%s backend)', (backend) => {
  setupSecurityBackend(backend);

  it('enrols with a QR code, stores the seed encrypted, and hands out 10 single-use recovery codes', async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const row = await db().totpCredential.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.enabledAt).not.toBeNull();
    expect(row.secretEncrypted).not.toContain(secret.toString('hex'));
    expect(open(row.secretEncrypted, user.id).equals(secret)).toBe(true);
    expect(() => open(row.secretEncrypted, '00000000-0000-0000-0000-000000000000')).toThrow();
    const stored = await db().recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    for (const c of recoveryCodes)
      expect(stored.some((s) => s.codeHash.includes(c.replace('-', '')))).toBe(false);
  });

  it('signs in with the password, then a real code; the same code cannot be used twice', async () => {
    const { user, secret } = await enrolled();
    const signedIn = (await passwordStep(user.email, user.password)) as { mfa: string };
    expect(signedIn.mfa).toBe('pending');

    const pending = await pendingToken(user);
    expect(await viewerFromToken(await decodeToken(pending))).toBeNull(); // not a session yet

    const code = totpAt(secret);
    const done = await completeSecondFactor({ token: await decodeToken(pending), code });
    expect(done.id).toBe(user.id);
    const full = await encode({
      token: sessionClaims(done, 'done'),
      secret: process.env.AUTH_SECRET as string,
    });
    expect((await viewerFromToken(await decodeToken(full)))?.id).toBe(user.id);

    // Replayed, in another sign-in: refused.
    await expect(
      completeSecondFactor({ token: await decodeToken(await pendingToken(user)), code }),
    ).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    // A code from before the last one used is refused too; the next step's is accepted.
    await expect(
      verifySecondFactor({ userId: user.id, code: totpAt(secret, Date.now() - STEP) }),
    ).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    expect(await verifySecondFactor({ userId: user.id, code: totpAt(secret, Date.now() + STEP) })).toBe(
      'totp',
    );
    const row = await db().totpCredential.findUniqueOrThrow({ where: { userId: user.id } });
    expect(Number(row.lastUsedStep)).toBe(totpStep() + 1);
  });

  it('accepts each recovery code once', async () => {
    const { user, recoveryCodes } = await enrolled();
    const [first, second] = recoveryCodes as [string, string];
    expect(await verifySecondFactor({ userId: user.id, code: first })).toBe('recovery');
    await expect(verifySecondFactor({ userId: user.id, code: first })).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    expect(await verifySecondFactor({ userId: user.id, code: second.toUpperCase().replace('-', ' ') })).toBe(
      'recovery',
    );
    expect((await twoFactorStatus(user.id)).recoveryCodesLeft).toBe(8);
  });

  it('makes the REST token endpoint ask for the code (401 TOTP_REQUIRED), and count wrong codes as failures', async () => {
    const { user, secret } = await enrolled();
    const ask = (body: Record<string, string>, ip = freshIp()) =>
      call(createApiTokenOp, {
        method: 'POST',
        body: { email: user.email, password: user.password, ...body },
        headers: { 'x-marquee-client-ip': ip },
      });
    const missing = await ask({});
    expect(missing.status).toBe(401);
    expect((missing.body as { error: { code: string } }).error.code).toBe('TOTP_REQUIRED');
    const ok = await ask({ totp: totpAt(secret) });
    expect(ok.status).toBe(200);
    const claims = await decodeToken((ok.body as { accessToken: string }).accessToken);
    expect(claims?.mfa).toBe('done');
    for (let i = 0; i < 5; i++) {
      const wrong = await ask({
        totp: String((Number(totpAt(secret)) + 500_000 + i) % 1_000_000).padStart(6, '0'),
      });
      expect(wrong.status).toBe(400);
      expect((wrong.body as { error: { code: string } }).error.code).toBe('INVALID_CODE');
    }
    expect((await ask({ totp: totpAt(secret, Date.now() + STEP) })).status).toBe(429);
  });

  it('guards the admin area: 2FA required for managers and admins, and passed in this session', async () => {
    const outcome = async (claims: Record<string, unknown> | null) => {
      requestHeaders = new Headers(
        claims
          ? {
              cookie: `next-auth.session-token=${await encode({ token: claims, secret: process.env.AUTH_SECRET as string })}`,
            }
          : {},
      );
      try {
        return { viewer: (await requireAdminArea({}, '/admin/shows')).id };
      } catch (error) {
        return { digest: String((error as { digest?: string }).digest) };
      }
    };
    expect(await outcome(null)).toEqual({
      digest: expect.stringContaining('/signin?callbackUrl=%2Fadmin%2Fshows'),
    });

    const customer = await createAccount();
    expect((await outcome(sessionClaims(customer, 'none'))).digest).toContain('404');

    const staff = await createAccount({ role: 'STAFF' as never });
    expect(await outcome(sessionClaims({ ...staff, role: 'STAFF' }, 'none'))).toEqual({ viewer: staff.id });

    const manager = await createAccount({ role: 'MANAGER' });
    expect((await outcome(sessionClaims({ ...manager, role: 'MANAGER' }, 'none'))).digest).toContain(
      '/account/security?required=1',
    );

    const admin = await enrolled('ADMIN');
    const adminUser = { ...admin.user, role: 'ADMIN' as const };
    expect((await outcome(sessionClaims(adminUser, 'none'))).digest).toContain(
      '/signin/2fa?callbackUrl=%2Fadmin%2Fshows',
    );
    expect((await outcome(sessionClaims(adminUser, 'pending'))).digest).toContain('/signin/2fa?callbackUrl=');
    expect(await outcome(sessionClaims(adminUser, 'done'))).toEqual({ viewer: admin.user.id });
  });
});
