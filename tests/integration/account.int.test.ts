import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createApiTokenOp } from '@/server/api/operations/auth';
import { listBookingsOp } from '@/server/api/operations/bookings';
import { db } from '@/server/db';
import { createAccount, freshIp } from '../support/accounts';
import { call } from '../support/api';
import { codeIn, resetTokenIn } from '../support/smtp-capture';
import { withSmtpCapture } from '../support/smtp-env';

// The account lifecycle against a real database and a real SMTP server: sign-up and verification
// codes, password reset links, changing the password or the email, deleting the account.

vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ set() {}, delete() {} }),
}));

const { registerUser } = await import('@/server/auth/register-user');
const { resendVerificationCode, verifyEmail } = await import('@/server/account/verify-email');
const { requestPasswordReset, resetPassword } = await import('@/server/account/password-reset');
const { changePassword } = await import('@/server/account/change-password');
const { confirmEmailChange, requestEmailChange } = await import('@/server/account/change-email');
const { deleteAccount } = await import('@/server/account/delete-account');
const { codeHash } = await import('@/server/account/one-time-code');
const { authOptions } = await import('@/server/auth/options');

const smtp = withSmtpCapture();

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (email: string, password: string) =>
  (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize(
    { email, password },
    { headers: { 'x-marquee-client-ip': freshIp() } },
  );

const apiToken = async (email: string, password: string) => {
  const r = await call(createApiTokenOp, {
    method: 'POST',
    body: { email, password },
    headers: { 'x-marquee-client-ip': freshIp() },
  });
  return { status: r.status, body: r.body as { accessToken: string; error?: { code: string } } };
};

const newEmail = () => `new-${randomUUID().slice(0, 8)}@test.local`;

describe('sign-up and email verification', () => {
  it('creates an unverified account, emails a hashed-only code, and signs in only after verifying', async () => {
    const email = newEmail();
    const user = await registerUser({ name: 'Meera Iyer', email, password: 'a-long-enough-password' });
    const mail = await smtp().waitFor((m) => m.envelopeTo.includes(email));
    // Tests run on the sandbox, so every mail says TEST MODE (tests/unit/mail-templates.test.ts: both states).
    expect(mail.subject).toBe('[TEST MODE] Your Marquee verification code');
    expect(mail.from?.text).toContain('Marquee');
    const code = codeIn(mail);
    expect(mail.html).toContain(code);

    const rows = await db().oneTimeCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.codeHash).toBe(codeHash('VERIFY_EMAIL', user.id, code));
    expect(rows[0]?.codeHash).not.toContain(code);
    expect(rows[0]!.expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);

    // Unverified: the right password says so; a wrong one answers like any wrong password.
    await expect(authorize(email, 'a-long-enough-password')).rejects.toThrow('EMAIL_NOT_VERIFIED');
    expect(await authorize(email, 'wrong-password')).toBeNull();
    expect((await apiToken(email, 'a-long-enough-password')).body.error?.code).toBe('EMAIL_NOT_VERIFIED');

    await expect(verifyEmail({ email, code: code === '000000' ? '000001' : '000000' })).rejects.toMatchObject(
      { code: 'INVALID_CODE' },
    );
    await verifyEmail({ email, code });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    expect(await authorize(email, 'a-long-enough-password')).toMatchObject({ id: user.id, mfa: 'none' });
    // Used once.
    await expect(verifyEmail({ email, code })).rejects.toMatchObject({ code: 'INVALID_CODE' });
  });

  it('kills a code after 5 wrong attempts, and at its expiry', async () => {
    const email = newEmail();
    const user = await registerUser({ name: 'Dev', email, password: 'a-long-enough-password' });
    const code = codeIn(await smtp().waitFor((m) => m.envelopeTo.includes(email)));
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++)
      await expect(verifyEmail({ email, code: wrong })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    await expect(verifyEmail({ email, code })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    expect((await db().oneTimeCode.findFirstOrThrow({ where: { userId: user.id } })).attempts).toBe(5);

    // A new code (the right password asks for it); then let it expire.
    await resendVerificationCode({ email, password: 'a-long-enough-password' });
    const fresh = codeIn(await smtp().waitFor((m) => m.envelopeTo.includes(email) && codeIn(m) !== code));
    await db().oneTimeCode.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(verifyEmail({ email, code: fresh })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    // An unknown address gets the very same answer.
    await expect(verifyEmail({ email: newEmail(), code: fresh })).rejects.toMatchObject({
      code: 'INVALID_CODE',
      message: expect.stringContaining('not right'),
    });
  });

  it('throttles resending: one a minute (429 with Retry-After), and only for the right password', async () => {
    const email = newEmail();
    await registerUser({ name: 'Dev', email, password: 'a-long-enough-password' });
    await expect(resendVerificationCode({ email, password: 'wrong-password' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await resendVerificationCode({ email, password: 'a-long-enough-password' });
    const second = resendVerificationCode({ email, password: 'a-long-enough-password' });
    await expect(second).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const error = (await second.catch((e: unknown) => e)) as { retryAfter?: number };
    expect(error.retryAfter).toBeGreaterThanOrEqual(1);
    expect(error.retryAfter).toBeLessThanOrEqual(60);
  });
});

describe('password reset', () => {
  it('emails a single-use link to existing accounts, answers unknown addresses the same, and kills sessions', async () => {
    const user = await createAccount();
    const before = await apiToken(user.email, user.password);
    expect(before.status).toBe(200);

    const unknown = newEmail();
    await expect(requestPasswordReset({ email: unknown })).resolves.toBeUndefined();
    await expect(requestPasswordReset({ email: user.email })).resolves.toBeUndefined();
    const mail = await smtp().waitFor(
      (m) => m.envelopeTo.includes(user.email) && /reset/i.test(m.subject ?? ''),
    );
    const link = resetTokenIn(mail);
    expect(smtp().to(unknown)).toHaveLength(0);
    const stored = await db().oneTimeCode.findFirstOrThrow({
      where: { userId: user.id, purpose: 'PASSWORD_RESET' },
    });
    expect(stored.codeHash).not.toContain(link.split('.')[1]);
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);

    await resetPassword({ token: link, password: 'a-brand-new-password' });
    await expect(resetPassword({ token: link, password: 'yet-another-password' })).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    expect((await apiToken(user.email, 'a-brand-new-password')).status).toBe(200);
    // The token issued before the reset is dead (sessionVersion).
    const old = await call(listBookingsOp, { token: before.body.accessToken });
    expect(old.status).toBe(401);
  });

  it('invalidates an outstanding reset link when the password changes', async () => {
    const user = await createAccount();
    await requestPasswordReset({ email: user.email });
    const link = resetTokenIn(
      await smtp().waitFor((m) => m.envelopeTo.includes(user.email) && /reset/i.test(m.subject ?? '')),
    );
    await changePassword({
      viewer: user,
      currentPassword: user.password,
      newPassword: 'changed-by-the-owner',
    });
    await expect(resetPassword({ token: link, password: 'an-attackers-password' })).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
    expect((await apiToken(user.email, 'changed-by-the-owner')).status).toBe(200);
    await expect(
      resetPassword({ token: 'not-a-token', password: 'an-attackers-password' }),
    ).rejects.toMatchObject({
      code: 'INVALID_CODE',
    });
  });
});

describe('changing the password, the email, deleting the account', () => {
  it('changing the password needs the current one and kills other sessions and API tokens', async () => {
    const user = await createAccount();
    const { body } = await apiToken(user.email, user.password);
    expect((await call(listBookingsOp, { token: body.accessToken })).status).toBe(200);
    await expect(
      changePassword({ viewer: user, currentPassword: 'not-it', newPassword: 'whatever-long-enough' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const updated = await changePassword({
      viewer: user,
      currentPassword: user.password,
      newPassword: 'a-new-password!',
    });
    expect(updated.sessionVersion).toBe(user.sessionVersion + 1);
    expect((await call(listBookingsOp, { token: body.accessToken })).status).toBe(401);
    expect((await apiToken(user.email, user.password)).status).toBe(401);
    const notice = await smtp().waitFor(
      (m) => m.envelopeTo.includes(user.email) && /password was changed/.test(m.subject ?? ''),
    );
    expect(notice.text).toContain('signed out');
    const audit = await db().auditLog.findFirst({
      where: { entityId: user.id, action: 'account.password-changed' },
    });
    expect(audit?.actorId).toBe(user.id);
  });

  it('changes the email only after a code sent to the new address, and tells the old one', async () => {
    const user = await createAccount();
    const target = newEmail();
    await requestEmailChange({ viewer: user, newEmail: target, password: user.password });
    const code = codeIn(await smtp().waitFor((m) => m.envelopeTo.includes(target)));
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
    await confirmEmailChange({ viewer: user, code });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(target);
    await smtp().waitFor(
      (m) => m.envelopeTo.includes(user.email) && /email address was changed/.test(m.subject ?? ''),
    );
    expect((await apiToken(target, user.password)).status).toBe(200);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { entityId: user.id, action: 'account.email-changed' },
    });
    expect(JSON.stringify({ before: audit.before, after: audit.after })).not.toContain(target);

    const other = await createAccount();
    await expect(
      requestEmailChange({ viewer: user, newEmail: other.email, password: user.password }),
    ).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
    });
  });

  it('deletes by anonymising: personal data gone, bookings kept for the cinema', async () => {
    const user = await createAccount({ name: 'Kiran Shah' });
    const { createBookableShowtime } = await import('../support/factories');
    const { holdSeats } = await import('@/server/booking/hold-seats');
    const { checkout } = await import('@/server/booking/checkout');
    const { showtime, seats } = await createBookableShowtime();
    const hold = await holdSeats({ userId: user.id, showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    const booked = await checkout({
      userId: user.id,
      holdId: hold.holdId,
      payment: {
        method: 'card',
        card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
      },
    });
    const { body } = await apiToken(user.email, user.password);

    await expect(deleteAccount({ viewer: user, password: 'wrong' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await deleteAccount({ viewer: user, password: user.password });

    const gone = await db().user.findUniqueOrThrow({
      where: { id: user.id },
      include: { credential: true, totp: true, recoveryCodes: true, oneTimeCodes: true },
    });
    expect(gone).toMatchObject({
      email: null,
      name: 'Deleted user',
      credential: null,
      totp: null,
      recoveryCodes: [],
      oneTimeCodes: [],
    });
    expect(gone.deletedAt).not.toBeNull();
    const booking = await db().booking.findUniqueOrThrow({ where: { reference: booked.booking.reference } });
    expect(booking).toMatchObject({ userId: user.id, customerEmail: null, status: 'CONFIRMED' });
    expect((await call(listBookingsOp, { token: body.accessToken })).status).toBe(401);
    expect((await apiToken(user.email, user.password)).status).toBe(401);
    // The address is free again.
    await registerUser({ name: 'Someone new', email: user.email, password: 'a-long-enough-password' });
    expect(await db().auditLog.count({ where: { entityId: user.id, action: 'account.deleted' } })).toBe(1);
  });
});
