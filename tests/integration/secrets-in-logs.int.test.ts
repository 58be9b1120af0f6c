import { randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiTokenOp } from '@/server/api/operations/auth';
import { checkoutHoldOp } from '@/server/api/operations/holds';
import { holdSeatsOp } from '@/server/api/operations/showtimes';
import { base32Decode, base32Encode, totpAt } from '@/server/auth/totp';
import { freshIp } from '../support/accounts';
import { call } from '../support/api';
import { createBookableShowtime } from '../support/factories';
import { codeIn, resetTokenIn } from '../support/smtp-capture';
import { withSmtpCapture } from '../support/smtp-env';

// A whole account's life at LOG_LEVEL=debug, with every line the process writes captured: sign-up,
// verification, 2FA enrolment and sign-in, a password reset, an API token, a hold and a checkout
// with a card, plus failures along the way. No password, code, token, TOTP seed or card number may
// appear in the output.

vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ set() {}, delete() {} }),
}));

const { registerUser } = await import('@/server/auth/register-user');
const { verifyEmail } = await import('@/server/account/verify-email');
const { requestPasswordReset, resetPassword } = await import('@/server/account/password-reset');
const { authOptions } = await import('@/server/auth/options');
const { completeSecondFactor } = await import('@/server/auth/second-factor');
const { sessionClaims } = await import('@/server/auth/session-cookie');
const { decodeToken } = await import('@/server/auth/session');
const { confirmTotpEnrolment, startTotpEnrolment } = await import('@/server/auth/two-factor');
const { log } = await import('@/server/log');

const smtp = withSmtpCapture();

let output = '';
const originals = {
  out: process.stdout.write.bind(process.stdout),
  err: process.stderr.write.bind(process.stderr),
};
const previousLevel = process.env.LOG_LEVEL;

beforeAll(() => {
  process.env.LOG_LEVEL = 'debug';
  const capture =
    (original: typeof process.stdout.write) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      return (original as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = capture(originals.out) as typeof process.stdout.write;
  process.stderr.write = capture(originals.err) as typeof process.stderr.write;
});

afterAll(() => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
  process.env.LOG_LEVEL = previousLevel;
});

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

describe('secrets never reach the logs', () => {
  it('runs a full account and booking flow at debug level without logging a secret', async () => {
    const secrets: Record<string, string> = {};
    const email = `secret-${randomUUID().slice(0, 8)}@test.local`;
    secrets.password = 'first-password-Xq7!zz';
    secrets.newPassword = 'second-password-Kp3#yy';

    const user = await registerUser({ name: 'Logan Test', email, password: secrets.password });
    secrets.verifyCode = codeIn(await smtp().waitFor((m) => m.envelopeTo.includes(email)));
    await verifyEmail({ email, code: '999999' === secrets.verifyCode ? '999998' : '999999' }).catch(() => {});
    await verifyEmail({ email, code: secrets.verifyCode });

    const viewer = { id: user.id, email, role: 'CUSTOMER' as const };
    const enrolment = await startTotpEnrolment(viewer);
    const seed = base32Decode(enrolment.manualKey);
    secrets.totpSeed = base32Encode(seed);
    secrets.totpSeedHex = seed.toString('hex');
    secrets.enrolCode = totpAt(seed, Date.now() - 30_000);
    const { recoveryCodes } = await confirmTotpEnrolment({ actor: viewer, code: secrets.enrolCode });
    secrets.recoveryCode = recoveryCodes[0] as string;

    const authorize = (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options
      .authorize;
    const ip = { headers: { 'x-marquee-client-ip': freshIp() } };
    expect(await authorize({ email, password: 'a wrong password' }, ip)).toBeNull();
    const pendingUser = (await authorize({ email, password: secrets.password }, ip)) as { mfa: string };
    expect(pendingUser.mfa).toBe('pending');
    const pending = await encode({
      token: sessionClaims(
        { id: user.id, name: user.name, email, role: 'CUSTOMER', sessionVersion: 0 },
        'pending',
      ),
      secret: process.env.AUTH_SECRET as string,
    });
    secrets.pendingToken = pending;
    secrets.signInCode = totpAt(seed);
    await completeSecondFactor({ token: await decodeToken(pending), code: '000000' }).catch(() => {});
    await completeSecondFactor({ token: await decodeToken(pending), code: secrets.signInCode });

    await requestPasswordReset({ email });
    const resetToken = resetTokenIn(
      await smtp().waitFor((m) => m.envelopeTo.includes(email) && /reset/i.test(m.subject ?? '')),
    );
    secrets.resetToken = resetToken;
    secrets.resetSecret = resetToken.split('.')[1] as string;
    await resetPassword({ token: resetToken, password: secrets.newPassword });

    const missing = await call(createApiTokenOp, {
      method: 'POST',
      body: { email, password: secrets.newPassword },
    });
    expect(missing.status).toBe(401);
    const issued = await call(createApiTokenOp, {
      method: 'POST',
      body: { email, password: secrets.newPassword, totp: secrets.recoveryCode },
    });
    expect(issued.status).toBe(200);
    secrets.accessToken = (issued.body as { accessToken: string }).accessToken;

    const { showtime, seats } = await createBookableShowtime();
    const held = await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [seats[0]!.id] },
      token: secrets.accessToken,
    });
    expect(held.status).toBe(201);
    secrets.cardNumber = '4242424242424242';
    const paid = await call(checkoutHoldOp, {
      method: 'POST',
      params: { id: (held.body as { holdId: string }).holdId },
      body: {
        payment: {
          method: 'card',
          card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2031, cvc: '737' },
        },
      },
      token: secrets.accessToken,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(paid.status).toBe(201);
    // A declined card, and a log line that carries secrets in fields, as careless code might write.
    log.debug('flow finished', {
      password: secrets.password,
      card: { number: secrets.cardNumber },
      code: secrets.signInCode,
    });

    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(3); // the flow did log (mail, sign-in, …) at debug level
    for (const [name, value] of Object.entries(secrets)) {
      expect(output.includes(value), `${name} appears in the logs`).toBe(false);
    }
    expect(output).not.toContain('4242 4242 4242 4242');
  });
});
