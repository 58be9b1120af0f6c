import 'server-only';
import { encode, type JWT } from 'next-auth/jwt';
import type { RoleName } from '@/lib/schemas/auth';
import { SESSION_MAX_AGE_SECONDS, sessionCookie } from '@/server/auth/cookies';
import { authSecret } from '@/server/auth/secret';
import type { MfaState } from '@/server/auth/session';

// The claims of every session and API token, and the server-action side of issuing a session:
// after the 2FA code step, and after a change that bumps sessionVersion (the caller's own session
// is re-issued with the new version; every other one dies).

const PENDING_TTL_SECONDS = 10 * 60;

export type SessionUser = {
  id: string;
  name: string;
  email: string | null;
  role: RoleName;
  sessionVersion: number;
};

export function sessionClaims(user: SessionUser, mfa: MfaState): JWT {
  return {
    sub: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    sv: user.sessionVersion,
    mfa,
    // A password-only session is good for finishing sign-in, briefly.
    ...(mfa === 'pending' ? { pexp: Math.floor(Date.now() / 1000) + PENDING_TTL_SECONDS } : {}),
  };
}

/** Sets the session cookie of the current response (server actions only). */
export async function writeSessionCookie(user: SessionUser, mfa: MfaState): Promise<void> {
  const { cookies } = await import('next/headers');
  const value = await encode({
    token: sessionClaims(user, mfa),
    secret: authSecret(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const c = sessionCookie();
  (await cookies()).set(c.name, value, {
    ...c.options,
    expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
  });
}
