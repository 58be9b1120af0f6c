import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import type { RoleName } from '@/lib/schemas/auth';
import type { CinemaRoleName } from '@/lib/schemas/staff';
import { derivedKey } from '@/server/auth/secret';
import type { Tx } from '@/server/db';

// The rules every staff use case shares: what a person's account role is, given the cinemas they
// work at; what a role change does to their sessions; how invitation tokens are made and found.

const RANK: Record<RoleName, number> = { CUSTOMER: 0, STAFF: 1, MANAGER: 2, ADMIN: 3 };

/**
 * A person's account role from their cinema roles: MANAGER if they manage any cinema, STAFF if
 * they only work at some, CUSTOMER if none. An admin stays an admin: cinema roles never demote
 * one (and the database keeps the last admin: trigger users_keep_an_admin).
 */
export function accountRoleFor(current: RoleName, cinemaRoles: CinemaRoleName[]): RoleName {
  if (current === 'ADMIN') return 'ADMIN';
  if (cinemaRoles.includes('MANAGER')) return 'MANAGER';
  return cinemaRoles.length ? 'STAFF' : 'CUSTOMER';
}

export const higherRole = (a: CinemaRoleName, b: CinemaRoleName): CinemaRoleName =>
  RANK[a] >= RANK[b] ? a : b;

/**
 * After a person's cinema roles changed: their account role follows them, and when anything was
 * taken away their session version moves on, so every session and API token they hold stops
 * working at the next request (session.ts compares it; the caller forgets the cached viewer).
 */
export async function settleAccountRole(
  tx: Tx,
  userId: string,
  options: { revokeSessions: boolean },
): Promise<RoleName> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { role: true, cinemaRoles: { select: { role: true } } },
  });
  const role = accountRoleFor(
    user.role,
    user.cinemaRoles.map((r) => r.role),
  );
  if (role !== user.role || options.revokeSessions) {
    await tx.user.update({
      where: { id: userId },
      data: { role, ...(options.revokeSessions ? { sessionVersion: { increment: 1 } } : {}) },
    });
  }
  return role;
}

/** 32 random bytes for an invitation link; only invitationTokenHash() of it is stored. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Keyed with a key derived from AUTH_SECRET: a copy of the database alone cannot make a working link. */
export function invitationTokenHash(token: string): string {
  return createHmac('sha256', derivedKey('staff-invitation')).update(token).digest('hex');
}
