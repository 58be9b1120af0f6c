import 'server-only';
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { isAppError } from '@/lib/errors';
import { type RoleName, signInSchema } from '@/lib/schemas/auth';
import { SESSION_MAX_AGE_SECONDS, secureCookies, sessionCookie } from '@/server/auth/cookies';
import { authSecret } from '@/server/auth/secret';
import type { MfaState } from '@/server/auth/session';
import { sessionClaims } from '@/server/auth/session-cookie';
import { checkPassword, signInSucceeded } from '@/server/auth/sign-in';
import { log } from '@/server/log';
import { clientIp, headerSource } from '@/server/security/client-ip';

// next-auth does the password step of web sign-in (server/auth/sign-in.ts decides) and keeps the
// session in a JWT cookie. What the browser learns from a failed attempt is `result.error`:
//   'CredentialsSignin'          wrong password or no such account (one message for both)
//   'EMAIL_NOT_VERIFIED'         right password, address not verified yet
//   'RATE_LIMITED:<seconds>'     locked out (the same for accounts that do not exist)
// An account with 2FA gets a pending session (mfa: 'pending'), which counts as signed out until
// the code step at /signin/2fa replaces it (see session.ts).

type SignedInUser = User & {
  role: RoleName;
  sv: number;
  mfa: MfaState;
};

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secureCookies(),
    cookies: { sessionToken: sessionCookie() },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(raw, req) {
          const parsed = signInSchema.safeParse(raw);
          if (!parsed.success) return null;
          const ip = clientIp(headerSource(req?.headers as Record<string, unknown> | undefined));
          try {
            const user = await checkPassword({ ...parsed.data, ip });
            if (!user.totpEnabled) await signInSucceeded(user.email);
            const signedIn: SignedInUser = {
              id: user.id,
              name: user.name,
              email: user.email,
              role: user.role,
              sv: user.sessionVersion,
              mfa: user.totpEnabled ? 'pending' : 'none',
            };
            return signedIn;
          } catch (error) {
            if (!isAppError(error)) {
              log.error('sign-in failed', { err: error instanceof Error ? error.message : String(error) });
              throw new Error('INTERNAL');
            }
            if (error.code === 'INVALID_CREDENTIALS') return null;
            if (error.code === 'RATE_LIMITED') throw new Error(`RATE_LIMITED:${error.retryAfter ?? 900}`);
            throw new Error(error.code);
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as SignedInUser;
          const claims = sessionClaims(
            {
              id: u.id,
              name: u.name ?? '',
              email: u.email ?? null,
              role: u.role,
              sessionVersion: u.sv,
            },
            u.mfa,
          );
          // next-auth's own claims (picture, iat, ...) stay; ours replace the rest.
          return { ...token, ...claims };
        }
        return token;
      },
      session({ session, token }) {
        // What the browser sees: who (id and role) and whether sign-in still needs its code.
        if (token.mfa === 'pending') return { expires: session.expires, mfa: 'pending' } as typeof session;
        return {
          ...session,
          mfa: token.mfa ?? 'none',
          user: { ...session.user, id: token.sub, role: token.role },
        };
      },
    },
  };
}
