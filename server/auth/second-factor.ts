import 'server-only';
import type { JWT } from 'next-auth/jwt';
import { AppError } from '@/lib/errors';
import { mfaState } from '@/server/auth/session';
import type { SessionUser } from '@/server/auth/session-cookie';
import { checkSecondFactor, signInSucceeded } from '@/server/auth/sign-in';
import { db } from '@/server/db';

// The code step of web sign-in (/signin/2fa). It accepts the caller's pending session (password
// right, code still due, at most PENDING_TTL_SECONDS old) or a full session that has not passed
// the second factor yet (signed in before 2FA was turned on; /admin asks for it). It returns the
// user whose full session the caller then writes (mfa: 'done').

const EXPIRED = 'Your sign-in has expired. Sign in again.';

export type SecondFactorState = 'pending' | 'step-up' | 'done' | 'none';

/** What the code step can do for this token: finish a sign-in, step up a session, or nothing. */
export async function secondFactorState(token: JWT | null): Promise<SecondFactorState> {
  const state = mfaState(token);
  if (!token?.sub) return 'none';
  if (state === 'done') return 'done';
  if (state === 'pending') {
    return typeof token.pexp === 'number' && token.pexp * 1000 > Date.now() ? 'pending' : 'none';
  }
  const totp = await db().totpCredential.findUnique({
    where: { userId: token.sub },
    select: { enabledAt: true },
  });
  return totp?.enabledAt ? 'step-up' : 'none';
}

export async function completeSecondFactor(o: {
  token: JWT | null;
  code: string;
  ip?: string;
}): Promise<SessionUser> {
  const state = await secondFactorState(o.token);
  if (state === 'none' || !o.token?.sub) throw new AppError('UNAUTHENTICATED', EXPIRED);
  const user = await db().user.findUnique({
    where: { id: o.token.sub },
    select: { id: true, name: true, email: true, role: true, sessionVersion: true, deletedAt: true },
  });
  const sv = typeof o.token.sv === 'number' ? o.token.sv : 0;
  if (!user?.email || user.deletedAt || user.sessionVersion !== sv)
    throw new AppError('UNAUTHENTICATED', EXPIRED);
  if (state !== 'done') {
    await checkSecondFactor({ user: { id: user.id, email: user.email }, code: o.code, ip: o.ip });
    await signInSucceeded(user.email);
  }
  return user;
}
