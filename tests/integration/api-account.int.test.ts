import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localDate } from '@/lib/format';
import {
  changePasswordOp,
  confirmEmailChangeOp,
  confirmTwoFactorOp,
  deleteAccountOp,
  disableTwoFactorOp,
  getAccountOp,
  regenerateRecoveryCodesOp,
  requestEmailChangeOp,
  requestPasswordResetOp,
  resendVerificationOp,
  resetPasswordOp,
  signUpOp,
  startTwoFactorOp,
  updateProfileOp,
  verifyEmailOp,
} from '@/server/api/operations/account';
import { createApiTokenOp } from '@/server/api/operations/auth';
import {
  discoverMoviesOp,
  getMovieOp,
  listCitiesOp,
  listMovieShowtimesOp,
} from '@/server/api/operations/moviegoer';
import { getSeatMapOp } from '@/server/api/operations/showtimes';
import { base32Decode, totpAt } from '@/server/auth/totp';
import { db } from '@/server/db';
import { createAccount, freshIp, PASSWORD } from '../support/accounts';
import { bearerFor, call } from '../support/api';
import { createCinema, createMovie, createScreen, createShowtime } from '../support/factories';
import { codeIn, resetTokenIn } from '../support/smtp-capture';
import { withSmtpCapture } from '../support/smtp-env';

// Signing up, verifying, resetting a password, the caller's own account and 2FA over REST
// (server/api/operations/account.ts), against a real database and a real SMTP server: the codes
// and links a client uses are read from the mail, as a person would. Each call comes from a fresh
// client address unless the test is about the per-address limits.

const smtp = withSmtpCapture();

type Res = Awaited<ReturnType<typeof call>>;
const code = (r: Res) => (r.body as { error?: { code: string } }).error?.code;
const from = (ip = freshIp()) => ({ 'x-marquee-client-ip': ip });
const newEmail = () => `api-${randomUUID().slice(0, 8)}@test.local`;
const STEP = 30_000;

async function token(email: string, password: string, totp?: string): Promise<Res> {
  return call(createApiTokenOp, { body: { email, password, ...(totp ? { totp } : {}) }, headers: from() });
}
const accessToken = (r: Res) => (r.body as { accessToken: string }).accessToken;

describe('signing up and verifying the address', () => {
  it('signs up (201), mails a code that verifies the address, and only then gives a token', async () => {
    const email = newEmail();
    const r = await call(signUpOp, {
      body: { name: 'Kavya Menon', email, password: 'a-long-enough-password' },
    });
    expect([r.status, r.body]).toEqual([201, { email }]);
    expect(code(await token(email, 'a-long-enough-password'))).toBe('EMAIL_NOT_VERIFIED');

    const mail = await smtp().waitFor((m) => m.envelopeTo.includes(email));
    const wrong = codeIn(mail) === '000000' ? '111111' : '000000';
    const bad = await call(verifyEmailOp, { body: { email, code: wrong }, headers: from() });
    expect([bad.status, code(bad)]).toEqual([400, 'INVALID_CODE']);
    const ok = await call(verifyEmailOp, { body: { email, code: codeIn(mail) }, headers: from() });
    expect([ok.status, ok.body]).toEqual([200, { verified: true }]);
    expect((await token(email, 'a-long-enough-password')).status).toBe(200);
  });

  it('refuses bad input with 400 and a taken address with 409, never a 500', async () => {
    const taken = await createAccount();
    const cases: [unknown, number, string][] = [
      [{}, 400, 'VALIDATION_FAILED'],
      [{ name: 'A', email: newEmail(), password: 'short' }, 400, 'VALIDATION_FAILED'],
      [{ name: 'A\u0000B', email: newEmail(), password: 'a-long-enough-password' }, 400, 'VALIDATION_FAILED'],
      [{ name: 'A', email: 'not-an-email', password: 'a-long-enough-password' }, 400, 'VALIDATION_FAILED'],
      [{ name: 'A', email: taken.email, password: 'a-long-enough-password' }, 409, 'EMAIL_TAKEN'],
    ];
    for (const [body, status, errorCode] of cases) {
      const r = await call(signUpOp, { body });
      expect([JSON.stringify(body), r.status, code(r)]).toEqual([JSON.stringify(body), status, errorCode]);
    }
    const garbled = await call(signUpOp, { body: '{"name":' });
    expect([garbled.status, code(garbled)]).toEqual([400, 'BAD_REQUEST']);
    const malformed = await call(verifyEmailOp, { body: { email: taken.email, code: 'abc' } });
    expect([malformed.status, code(malformed)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('answers a code for an address nobody has exactly as a wrong code (no account probing)', async () => {
    const holder = await createAccount({ verified: false });
    const wrong = await call(verifyEmailOp, {
      body: { email: holder.email, code: '123456' },
      headers: from(),
    });
    const nobody = await call(verifyEmailOp, {
      body: { email: newEmail(), code: '123456' },
      headers: from(),
    });
    expect([nobody.status, nobody.body]).toEqual([wrong.status, wrong.body]);
  });

  it('sends a new code only for the right email and password, the same refusal otherwise', async () => {
    const holder = await createAccount({ verified: false });
    const ok = await call(resendVerificationOp, {
      body: { email: holder.email, password: holder.password },
      headers: from(),
    });
    expect([ok.status, ok.body]).toEqual([200, { alreadyVerified: false }]);
    await smtp().waitFor((m) => m.envelopeTo.includes(holder.email));
    const wrong = await call(resendVerificationOp, {
      body: { email: holder.email, password: 'not the password' },
      headers: from(),
    });
    const nobody = await call(resendVerificationOp, {
      body: { email: newEmail(), password: 'not the password' },
      headers: from(),
    });
    expect([wrong.status, code(wrong)]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect([nobody.status, nobody.body]).toEqual([wrong.status, wrong.body]);
  });
});

describe('resetting a forgotten password', () => {
  it('answers the same whether or not the address has an account, and mails only a real one', async () => {
    const holder = await createAccount();
    const ghost = newEmail();
    const real = await call(requestPasswordResetOp, { body: { email: holder.email }, headers: from() });
    const none = await call(requestPasswordResetOp, { body: { email: ghost }, headers: from() });
    expect([real.status, real.body]).toEqual([202, { sent: true }]);
    expect([none.status, none.body]).toEqual([202, { sent: true }]);

    const mail = await smtp().waitFor((m) => m.envelopeTo.includes(holder.email));
    const resetToken = resetTokenIn(mail);
    expect(smtp().to(ghost)).toEqual([]);

    const oldToken = accessToken(await token(holder.email, PASSWORD));
    const done = await call(resetPasswordOp, {
      body: { token: resetToken, password: 'a fresh new password 1' },
    });
    expect([done.status, done.body]).toEqual([200, { reset: true }]);
    expect((await call(getAccountOp, { token: oldToken })).status).toBe(401);
    expect((await token(holder.email, 'a fresh new password 1')).status).toBe(200);
    const again = await call(resetPasswordOp, {
      body: { token: resetToken, password: 'yet another password' },
    });
    expect([again.status, code(again)]).toEqual([400, 'INVALID_CODE']);
    const short = await call(resetPasswordOp, { body: { token: resetToken, password: 'short' } });
    expect([short.status, code(short)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('limits requests per address as the form does (429 with Retry-After), for unknown addresses too', async () => {
    for (const email of [(await createAccount()).email, newEmail()]) {
      const statuses: number[] = [];
      let last: Res | undefined;
      for (let i = 0; i < 4; i++) {
        last = await call(requestPasswordResetOp, { body: { email }, headers: from() });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([202, 202, 202, 429]);
      expect(code(last as Res)).toBe('RATE_LIMITED');
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});

describe("the caller's own account", () => {
  it('refuses every account operation without a token (401)', async () => {
    const ops = [
      getAccountOp,
      changePasswordOp,
      requestEmailChangeOp,
      confirmEmailChangeOp,
      deleteAccountOp,
      startTwoFactorOp,
      confirmTwoFactorOp,
      disableTwoFactorOp,
      regenerateRecoveryCodesOp,
      updateProfileOp,
    ];
    for (const op of ops) {
      const r = await call(op, { body: op.example?.body });
      expect([op.operationId, r.status, code(r)]).toEqual([op.operationId, 401, 'UNAUTHENTICATED']);
    }
  });

  it('shows the account, and changes the password only with the current one (every token dies)', async () => {
    const user = await createAccount();
    const bearer = await bearerFor(user);
    const me = await call(getAccountOp, { token: bearer });
    expect(me.body).toMatchObject({
      email: user.email,
      emailVerified: true,
      role: 'CUSTOMER',
      twoFactor: { enabled: false },
    });

    const ip = freshIp();
    const wrong = await call(changePasswordOp, {
      token: bearer,
      body: { currentPassword: 'not it', newPassword: 'a new long password 9' },
      headers: from(ip),
    });
    expect([wrong.status, code(wrong)]).toEqual([401, 'INVALID_CREDENTIALS']);
    const weak = await call(changePasswordOp, {
      token: bearer,
      body: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    expect([weak.status, code(weak)]).toEqual([400, 'VALIDATION_FAILED']);

    const ok = await call(changePasswordOp, {
      token: bearer,
      body: { currentPassword: PASSWORD, newPassword: 'a new long password 9' },
      headers: from(),
    });
    expect([ok.status, ok.body]).toEqual([200, { changed: true }]);
    expect((await call(getAccountOp, { token: bearer })).status).toBe(401);
    await smtp().waitFor((m) => m.envelopeTo.includes(user.email) && /password/i.test(m.subject ?? ''));
  });

  it('renames the account (audited without the names), and refuses an empty or NUL name', async () => {
    const user = await createAccount();
    const bearer = await bearerFor(user);
    const ok = await call(updateProfileOp, { token: bearer, body: { name: '  Asha R. Rao ' } });
    expect([ok.status, ok.body]).toEqual([200, { name: 'Asha R. Rao' }]);
    expect((await call(getAccountOp, { token: bearer })).body).toMatchObject({ name: 'Asha R. Rao' });
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'account.name-changed', entityId: user.id },
    });
    expect([audit.before, audit.after]).toEqual([null, null]);
    for (const body of [{ name: '   ' }, { name: 'A\u0000B' }, { name: 'x'.repeat(101) }, {}]) {
      const r = await call(updateProfileOp, { token: bearer, body });
      expect([r.status, code(r)]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('locks the account after five wrong current passwords, as signing in does', async () => {
    const user = await createAccount();
    const bearer = await bearerFor(user);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await call(changePasswordOp, {
        token: bearer,
        body: { currentPassword: `wrong ${i}`, newPassword: 'a new long password 9' },
        headers: from(),
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await call(changePasswordOp, {
      token: bearer,
      body: { currentPassword: PASSWORD, newPassword: 'a new long password 9' },
      headers: from(),
    });
    expect([right.status, code(right)]).toEqual([429, 'RATE_LIMITED']);
  });

  it('changes the email address with the password and the code sent to the new one', async () => {
    const user = await createAccount();
    const bearer = await bearerFor(user);
    const target = newEmail();
    const taken = await createAccount();
    const clash = await call(requestEmailChangeOp, {
      token: bearer,
      body: { newEmail: taken.email, password: PASSWORD },
      headers: from(),
    });
    expect([clash.status, code(clash)]).toEqual([409, 'EMAIL_TAKEN']);
    const asked = await call(requestEmailChangeOp, {
      token: bearer,
      body: { newEmail: target, password: PASSWORD },
      headers: from(),
    });
    expect([asked.status, asked.body]).toEqual([200, { sentTo: target }]);
    expect((await call(getAccountOp, { token: bearer })).body).toMatchObject({
      email: user.email,
      pendingEmailChange: target,
    });
    const mail = await smtp().waitFor((m) => m.envelopeTo.includes(target));
    const done = await call(confirmEmailChangeOp, {
      token: bearer,
      body: { code: codeIn(mail) },
      headers: from(),
    });
    expect([done.status, done.body]).toEqual([200, { email: target }]);
    expect((await call(getAccountOp, { token: bearer })).body).toMatchObject({
      email: target,
      pendingEmailChange: null,
    });
  });

  it('deletes the account with the password and DELETE; an admin cannot delete themselves', async () => {
    const user = await createAccount();
    const bearer = await bearerFor(user);
    const unconfirmed = await call(deleteAccountOp, {
      token: bearer,
      body: { password: PASSWORD, confirm: 'yes' },
    });
    expect([unconfirmed.status, code(unconfirmed)]).toEqual([400, 'VALIDATION_FAILED']);
    const wrong = await call(deleteAccountOp, {
      token: bearer,
      body: { password: 'not it', confirm: 'DELETE' },
      headers: from(),
    });
    expect([wrong.status, code(wrong)]).toEqual([401, 'INVALID_CREDENTIALS']);
    const ok = await call(deleteAccountOp, {
      token: bearer,
      body: { password: PASSWORD, confirm: 'DELETE' },
      headers: from(),
    });
    expect([ok.status, ok.body]).toEqual([200, { deleted: true }]);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBeNull();
    expect((await call(getAccountOp, { token: bearer })).status).toBe(401);

    const admin = await createAccount({ role: 'ADMIN' });
    const refused = await call(deleteAccountOp, {
      token: await bearerFor(admin, { mfa: 'done' }),
      body: { password: PASSWORD, confirm: 'DELETE' },
      headers: from(),
    });
    expect([refused.status, code(refused)]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('two-factor authentication', () => {
  it('enrols with a code from the secret, then asks for it at sign-in; recovery codes and turning it off need proofs', async () => {
    const user = await createAccount();
    const bearer = await bearerFor(user);
    const started = await call(startTwoFactorOp, { token: bearer });
    expect(started.status).toBe(200);
    const { manualKey, otpauthUri, qrSvg } = started.body as {
      manualKey: string;
      otpauthUri: string;
      qrSvg: string;
    };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrSvg).toContain('<svg');
    const secret = base32Decode(manualKey);

    const malformed = await call(confirmTwoFactorOp, { token: bearer, body: { code: '12ab' } });
    expect([malformed.status, code(malformed)]).toEqual([400, 'VALIDATION_FAILED']);
    const wrongCode = totpAt(secret) === '000000' ? '000001' : '000000';
    const wrong = await call(confirmTwoFactorOp, { token: bearer, body: { code: wrongCode } });
    expect([wrong.status, code(wrong)]).toEqual([400, 'INVALID_CODE']);
    const on = await call(confirmTwoFactorOp, {
      token: bearer,
      body: { code: totpAt(secret, Date.now() - STEP) },
    });
    expect(on.status).toBe(200);
    const { recoveryCodes } = on.body as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect((await call(startTwoFactorOp, { token: bearer })).status).toBe(409);

    expect(code(await token(user.email, PASSWORD))).toBe('TOTP_REQUIRED');
    expect((await token(user.email, PASSWORD, recoveryCodes[0])).status).toBe(200);

    // New recovery codes need a current app code, not a recovery code; the old ones stop working.
    const byRecovery = await call(regenerateRecoveryCodesOp, {
      token: bearer,
      body: { code: recoveryCodes[1] },
    });
    expect(byRecovery.status).toBe(400);
    const fresh = await call(regenerateRecoveryCodesOp, { token: bearer, body: { code: totpAt(secret) } });
    expect(fresh.status).toBe(200);
    expect(code(await token(user.email, PASSWORD, recoveryCodes[1]))).toBe('INVALID_CODE');

    // Off: the password and a code, both checked.
    const newCodes = (fresh.body as { recoveryCodes: string[] }).recoveryCodes;
    const noPassword = await call(disableTwoFactorOp, {
      token: bearer,
      body: { password: 'not it', code: newCodes[0] },
    });
    expect([noPassword.status, code(noPassword)]).toEqual([401, 'INVALID_CREDENTIALS']);
    const noCode = await call(disableTwoFactorOp, {
      token: bearer,
      body: { password: PASSWORD, code: '999999' },
    });
    expect([noCode.status, code(noCode)]).toEqual([400, 'INVALID_CODE']);
    const off = await call(disableTwoFactorOp, {
      token: bearer,
      body: { password: PASSWORD, code: newCodes[0] },
    });
    expect([off.status, off.body]).toEqual([200, { disabled: true }]);
    expect((await token(user.email, PASSWORD)).status).toBe(200);
  });
});

describe('a whole moviegoer journey, over the API alone', () => {
  it('signs up, verifies by the mailed code, gets a token, turns on 2FA, browses, sees showtimes, changes the password', async () => {
    // The catalogue: a film with a show tomorrow at a cinema in a city of its own.
    const cinema = await createCinema({ name: 'Journey Talkies' });
    const { screen } = await createScreen({ cinemaId: cinema.id, rows: 2, cols: 4 });
    const film = await createMovie({ title: 'Journey to the Interval' });
    const startsAt = new Date(Date.now() + 86_400_000);
    const show = await createShowtime({ screenId: screen.id, movieId: film.id, startsAt });
    const ip = freshIp();
    const headers = from(ip);

    // Sign up, and verify with the code from the mail.
    const email = newEmail();
    const password = 'my first long password';
    expect((await call(signUpOp, { body: { name: 'Rohan Das', email, password }, headers })).status).toBe(
      201,
    );
    const mail = await smtp().waitFor((m) => m.envelopeTo.includes(email));
    expect((await call(verifyEmailOp, { body: { email, code: codeIn(mail) }, headers })).status).toBe(200);

    // A token; turn on 2FA with an authenticator computing the codes.
    let bearer = accessToken(await token(email, password));
    const started = await call(startTwoFactorOp, { token: bearer, headers });
    const secret = base32Decode((started.body as { manualKey: string }).manualKey);
    const enrolled = await call(confirmTwoFactorOp, {
      token: bearer,
      body: { code: totpAt(secret, Date.now() - STEP) },
      headers,
    });
    expect(enrolled.status).toBe(200);
    expect(code(await token(email, password))).toBe('TOTP_REQUIRED');
    bearer = accessToken(await token(email, password, totpAt(secret)));
    expect((await call(getAccountOp, { token: bearer })).body).toMatchObject({
      email,
      name: 'Rohan Das',
      twoFactor: { enabled: true, recoveryCodesLeft: 10 },
    });

    const renamed = await call(updateProfileOp, { token: bearer, body: { name: 'Rohan K. Das' } });
    expect(renamed.body).toEqual({ name: 'Rohan K. Das' });

    // Browse: the city, what's on there, the film, its showtimes tomorrow, the show's seats.
    const cities = (await call(listCitiesOp, { token: bearer })).body as { cities: { slug: string }[] };
    const city = (await db().city.findUniqueOrThrow({ where: { id: cinema.cityId } })).slug;
    expect(cities.cities.map((c) => c.slug)).toContain(city);
    const films = (await call(discoverMoviesOp, { token: bearer, path: `?city=${city}` })).body as {
      nowShowing: { slug: string }[];
    };
    expect(films.nowShowing.map((m) => m.slug)).toEqual([film.slug]);
    const details = await call(getMovieOp, { token: bearer, params: { slug: film.slug } });
    expect(details.body).toMatchObject({ title: 'Journey to the Interval' });
    const tomorrow = localDate(startsAt);
    const times = (
      await call(listMovieShowtimesOp, {
        token: bearer,
        params: { slug: film.slug },
        path: `?city=${city}&date=${tomorrow}`,
      })
    ).body as { cinemas: { cinema: { name: string }; showtimes: { id: string; seatsLeft: number }[] }[] };
    expect(times.cinemas).toMatchObject([
      { cinema: { name: 'Journey Talkies' }, showtimes: [{ id: show.id, seatsLeft: 8 }] },
    ]);
    expect((await call(getSeatMapOp, { token: bearer, params: { id: show.id } })).status).toBe(200);

    // Change the password: this token dies; the new password (and the second factor) gets another.
    const changed = await call(changePasswordOp, {
      token: bearer,
      body: { currentPassword: password, newPassword: 'my second long password' },
      headers,
    });
    expect(changed.status).toBe(200);
    expect((await call(getAccountOp, { token: bearer })).status).toBe(401);
    expect(code(await token(email, password, totpAt(secret, Date.now() + STEP)))).toBe('INVALID_CREDENTIALS');
    const again = await token(email, 'my second long password', totpAt(secret, Date.now() + STEP));
    expect(again.status).toBe(200);
    expect((await call(getAccountOp, { token: accessToken(again) })).status).toBe(200);
  });
});
