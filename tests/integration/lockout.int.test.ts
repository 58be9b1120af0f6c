import { describe, expect, it } from 'vitest';
import { createApiTokenOp } from '@/server/api/operations/auth';
import { clearFailures, LOCKED_MESSAGE, MAX_FAILURES } from '@/server/security/lockout';
import { createAccount, freshIp } from '../support/accounts';
import { call } from '../support/api';
import { SECURITY_BACKENDS, setupSecurityBackend } from '../support/security-backends';

// Sign-in lockout: 5 failures per account (the email as typed) or per client address lock it for
// 15 minutes; an address with no account behaves exactly like one with an account.

const WRONG = {
  error: { code: 'INVALID_CREDENTIALS', message: 'That email and password do not match an account.' },
};
const LOCKED = { error: { code: 'RATE_LIMITED', message: LOCKED_MESSAGE } };

const signIn = (email: string, password: string, ip: string) =>
  call(createApiTokenOp, {
    method: 'POST',
    path: '/api/v1/auth/token',
    body: { email, password },
    headers: { 'x-marquee-client-ip': ip },
  });

describe.each(SECURITY_BACKENDS)('sign-in lockout (%s backend)', (backend) => {
  setupSecurityBackend(backend);

  it('locks an account after 5 failures, identically whether or not the account exists', async () => {
    const user = await createAccount();
    const nobody = `nobody-${Date.now()}@test.local`;
    for (const email of [user.email, nobody]) {
      for (let i = 0; i < MAX_FAILURES; i++) {
        const r = await signIn(email, 'wrong password', freshIp());
        expect([r.status, r.body]).toEqual([401, WRONG]);
        expect(r.headers.get('retry-after')).toBeNull();
      }
      // Locked now: even the right password, from a new address, is refused with the lockout answer.
      const locked = await signIn(email, user.password, freshIp());
      expect([locked.status, locked.body]).toEqual([429, LOCKED]);
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(890);
      expect(retryAfter).toBeLessThanOrEqual(900);
    }
  });

  it('locks a client address after 5 failures, whichever accounts they were on', async () => {
    const ip = freshIp();
    const user = await createAccount();
    for (let i = 0; i < MAX_FAILURES; i++) {
      const r = await signIn(`guess-${i}-${Date.now()}@test.local`, 'wrong password', ip);
      expect(r.status).toBe(401);
    }
    const fromThere = await signIn(user.email, user.password, ip);
    expect([fromThere.status, fromThere.body]).toEqual([429, LOCKED]);
    expect(Number(fromThere.headers.get('retry-after'))).toBeGreaterThan(890);
    // The account itself is not locked: from elsewhere its owner signs in.
    const elsewhere = await signIn(user.email, user.password, freshIp());
    expect(elsewhere.status).toBe(200);
  });

  it('clears the account count on success, but not the address count', async () => {
    const user = await createAccount();
    const ip = freshIp();
    for (let i = 0; i < MAX_FAILURES - 1; i++)
      expect((await signIn(user.email, 'nope', freshIp())).status).toBe(401);
    expect((await signIn(user.email, user.password, ip)).status).toBe(200);
    for (let i = 0; i < MAX_FAILURES - 1; i++)
      expect((await signIn(user.email, 'nope', freshIp())).status).toBe(401);
    expect((await signIn(user.email, user.password, freshIp())).status).toBe(200);

    // Four failures from one address, a success there, one more failure: the address is locked.
    const other = await createAccount();
    for (let i = 0; i < MAX_FAILURES - 1; i++)
      expect((await signIn(other.email, 'nope', ip)).status).toBe(401);
    expect((await signIn(other.email, other.password, ip)).status).toBe(200);
    expect((await signIn(other.email, 'nope', ip)).status).toBe(401);
    expect((await signIn(other.email, other.password, ip)).status).toBe(429);
  });

  it('takes about as long for an unknown account as for a wrong password', async () => {
    const user = await createAccount();
    const nobody = `nobody-timing-${Date.now()}@test.local`;
    const times: Record<'existing' | 'unknown', number[]> = { existing: [], unknown: [] };
    // Warm up (JIT, the pool, argon2's dummy hash) before measuring.
    await signIn(nobody, 'wrong', freshIp());
    await signIn(user.email, 'wrong', freshIp());
    for (let i = 0; i < 16; i++) {
      for (const [kind, email] of [
        ['existing', user.email],
        ['unknown', nobody],
      ] as const) {
        const t0 = performance.now();
        const r = await signIn(email, `wrong-${i}`, freshIp());
        times[kind].push(performance.now() - t0);
        expect([r.status, r.body]).toEqual([401, WRONG]);
        await clearFailures(email);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const existing = median(times.existing);
    const unknown = median(times.unknown);
    console.log(
      `sign-in timing (${backend}): median wrong password ${existing.toFixed(1)} ms, unknown account ${unknown.toFixed(1)} ms (ratio ${(existing / unknown).toFixed(2)})`,
    );
    expect(existing / unknown).toBeGreaterThan(0.5);
    expect(existing / unknown).toBeLessThan(2);
  });
});
