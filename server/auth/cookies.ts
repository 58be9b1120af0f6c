import 'server-only';
import { env } from '@/server/env';

// The session cookie, defined once for next-auth (options.ts) and for the server actions that
// re-issue a session (server/auth/session-cookie.ts): HttpOnly, SameSite=Lax, and over HTTPS
// Secure with the __Secure- prefix, which browsers refuse to set from plain HTTP.

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function secureCookies(): boolean {
  return (env().APP_URL ?? process.env.NEXTAUTH_URL ?? '').startsWith('https://');
}

export function sessionCookie(): {
  name: string;
  options: { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean };
} {
  const secure = secureCookies();
  return {
    name: `${secure ? '__Secure-' : ''}next-auth.session-token`,
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure },
  };
}
