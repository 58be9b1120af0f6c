import 'server-only';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/prisma/generated/client';
import { authorize, type Viewer } from '@/server/auth/session';

// Who may see and change promo codes:
//   - admins: every code, including codes that work at every cinema;
//   - managers: the codes restricted to cinemas they manage, all of them (a code that also works
//     at another cinema is someone else's business: the manager neither sees nor changes it);
//   - nobody else.
// A code a manager may not see is NOT_FOUND to them (codes are not public, and ids are not
// probed); a code they try to extend beyond their cinemas is FORBIDDEN.

export function authorizePromos(viewer: Viewer | null): Viewer {
  return authorize(viewer, { roles: ['MANAGER'] });
}

/** The codes the viewer may see (and change), as a Prisma filter. */
export function visiblePromosWhere(viewer: Viewer): Prisma.PromoCodeWhereInput {
  if (viewer.role === 'ADMIN') return {};
  return { cinemas: { some: {}, every: { cinemaId: { in: viewer.managedCinemaIds } } } };
}

/** Refuses cinemas the viewer may not put a code on: for a manager, at least one, all theirs. */
export function assertMayScope(viewer: Viewer, cinemaIds: readonly string[]): void {
  if (viewer.role === 'ADMIN') return;
  if (cinemaIds.length === 0) {
    const message = 'Choose the cinemas it works at: only an admin may make a code for every cinema.';
    throw new AppError('VALIDATION_FAILED', message, { details: [{ path: 'cinemaIds', message }] });
  }
  if (cinemaIds.some((id) => !viewer.managedCinemaIds.includes(id))) {
    throw new AppError('FORBIDDEN', 'You may make codes only for the cinemas you manage.');
  }
}
