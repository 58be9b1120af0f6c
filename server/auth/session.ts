import 'server-only';
import { LRUCache } from 'lru-cache';
import { decode, type JWT } from 'next-auth/jwt';
import { AppError } from '@/lib/errors';
import type { RoleName } from '@/lib/schemas/auth';
import { authSecret } from '@/server/auth/secret';
import { db } from '@/server/db';
import { EVERY_ACCOUNT, onAccountChange, publishAccountChange } from '@/server/events/account-events';
import { singleton } from '@/server/singleton';

// The one authorization helper. Every page, server action, route handler and socket event asks
// here who the caller is and whether they may act. The JWT (session cookie or API bearer token)
// says who; the database says what they may do now, so a demoted or deleted user, or a
// password change (sessionVersion bump), takes effect at once through forgetViewer (on every
// instance), and within VIEWER_TTL_MS for a change made outside Marquee (SQL by hand).
//
// Two-factor sign-in: after the right password, an account with 2FA gets a session whose token
// says `mfa: 'pending'`. Such a token is no session at all here (viewerFromToken answers null);
// only the code step (/signin/2fa, server/auth/second-factor.ts) reads it, and replaces it with a
// full one (`mfa: 'done'`). Tokens of accounts without 2FA say `mfa: 'none'` (API tokens and
// sessions issued before this claim existed have none, which means the same).

export type MfaState = 'none' | 'pending' | 'done';

export function mfaState(token: JWT | null): MfaState {
  const v = token?.mfa;
  return v === 'pending' || v === 'done' ? v : 'none';
}

export type Viewer = {
  id: string;
  name: string;
  email: string | null;
  role: RoleName;
  /** Cinemas where the user works as STAFF or MANAGER. */
  staffCinemaIds: string[];
  /** Cinemas the user manages. */
  managedCinemaIds: string[];
};

export type Policy = {
  roles?: readonly RoleName[];
  /** The resource belongs to this cinema: MANAGER/STAFF must be assigned to it. */
  cinemaId?: string;
};

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];
const VIEWER_TTL_MS = 5_000;
// One per process (the custom server's REST router and Next's bundle each load this module: with a
// copy each, a role change made by a server action left the REST router's copy serving the old
// role), and it forgets a user as soon as any instance says their account changed.
const cache = singleton('viewer-cache', () => {
  const lru = new LRUCache<string, { viewer: Viewer | null }>({ max: 10_000, ttl: VIEWER_TTL_MS });
  onAccountChange((userId) => {
    if (userId === EVERY_ACCOUNT) return lru.clear();
    for (const key of lru.keys()) if (key.startsWith(`${userId}:`)) lru.delete(key);
  });
  return lru;
});

type HeaderSource = { get(name: string): string | null };

function cookieValue(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** The raw token from `Authorization: Bearer` or the next-auth session cookie. */
export function tokenFromHeaders(h: HeaderSource): string | undefined {
  const auth = h.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  const cookie = h.get('cookie');
  if (!cookie) return undefined;
  for (const name of SESSION_COOKIES) {
    const v = cookieValue(cookie, name);
    if (v) return v;
  }
  return undefined;
}

// Decrypting a token (HKDF key derivation + AES-GCM) cost about 5 % of a booking request's CPU,
// repeated for every request of the same session. A token never changes, so a decoded one is
// kept briefly; revocation does not depend on this cache (loadViewer checks sessionVersion).
const DECODED_TTL_MS = 60_000;
const decoded = new LRUCache<string, JWT>({ max: 10_000 });

export async function decodeToken(raw: string | undefined): Promise<JWT | null> {
  if (!raw || raw.length > 8192) return null;
  const hit = decoded.get(raw);
  if (hit) return hit;
  try {
    const jwt = await decode({ token: raw, secret: authSecret() });
    if (!jwt) return null;
    const untilExpiry = typeof jwt.exp === 'number' ? jwt.exp * 1000 - Date.now() : DECODED_TTL_MS;
    // Never past the token's own expiry; an already expired token is not kept at all.
    if (untilExpiry > 0) decoded.set(raw, jwt, { ttl: Math.min(DECODED_TTL_MS, untilExpiry) });
    return jwt;
  } catch {
    return null; // tampered, expired or signed with another secret
  }
}

async function loadViewer(userId: string, sessionVersion: number): Promise<Viewer | null> {
  const key = `${userId}:${sessionVersion}`;
  const hit = cache.get(key);
  if (hit) return hit.viewer;
  const user = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      sessionVersion: true,
      deletedAt: true,
      cinemaRoles: { select: { cinemaId: true, role: true } },
    },
  });
  const viewer: Viewer | null =
    user && !user.deletedAt && user.sessionVersion === sessionVersion
      ? {
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          staffCinemaIds: user.cinemaRoles.map((r) => r.cinemaId),
          managedCinemaIds: user.cinemaRoles.filter((r) => r.role === 'MANAGER').map((r) => r.cinemaId),
        }
      : null;
  cache.set(key, { viewer });
  return viewer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function viewerFromToken(token: JWT | null): Promise<Viewer | null> {
  if (!token?.sub || !UUID.test(token.sub)) return null;
  if (mfaState(token) === 'pending') return null; // password only: not signed in yet
  const sv = typeof token.sv === 'number' ? token.sv : 0;
  return loadViewer(token.sub, sv);
}

export async function viewerFromHeaders(h: HeaderSource): Promise<Viewer | null> {
  return viewerFromToken(await decodeToken(tokenFromHeaders(h)));
}

/** The decoded session or bearer token of the current request, pending or not, or null. */
export async function getSessionToken(): Promise<JWT | null> {
  const { headers } = await import('next/headers');
  return decodeToken(tokenFromHeaders(await headers()));
}

/** The caller of the current request (page, action or route handler), or null. */
export async function getViewer(): Promise<Viewer | null> {
  const { headers } = await import('next/headers');
  return viewerFromHeaders(await headers());
}

export function allows(viewer: Viewer, policy: Policy = {}): boolean {
  if (viewer.role === 'ADMIN') return true;
  if (policy.roles && !policy.roles.includes(viewer.role)) return false;
  if (policy.cinemaId) {
    // A manager may also be staff at another cinema (invited as staff there): what staff may do
    // there, they may too.
    if (viewer.role === 'MANAGER') {
      return (
        viewer.managedCinemaIds.includes(policy.cinemaId) ||
        (policy.roles?.includes('STAFF') === true && viewer.staffCinemaIds.includes(policy.cinemaId))
      );
    }
    if (viewer.role === 'STAFF') return viewer.staffCinemaIds.includes(policy.cinemaId);
    return false;
  }
  return true;
}

/** Throws UNAUTHENTICATED (401) or FORBIDDEN (403) unless the viewer satisfies the policy. */
export function authorize(viewer: Viewer | null, policy: Policy = {}): Viewer {
  if (!viewer) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  if (!allows(viewer, policy)) throw new AppError('FORBIDDEN', 'You do not have access to this.');
  return viewer;
}

/**
 * Drops cached viewers for a user (after a role change, sign-out-everywhere, deletion), here and on
 * every other instance. Call it after the transaction commits.
 */
export function forgetViewer(userId: string): void {
  publishAccountChange(userId);
}
