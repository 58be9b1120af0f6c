import 'server-only';
import { AppError } from '@/lib/errors';
import { allows, type Viewer } from '@/server/auth/session';

// Who may work the box office of a cinema: its staff and managers, and admins. A manager who is
// only staff at another cinema sells there as staff (server/auth/session.ts allows). Someone
// else's cinema is FORBIDDEN: cinema ids are not secret (they are on every public page).

export function assertCounterAccess(viewer: Viewer, cinemaId: string): void {
  if (!allows(viewer, { roles: ['STAFF', 'MANAGER'], cinemaId })) {
    throw new AppError('FORBIDDEN', 'You do not work at this cinema’s box office.');
  }
}

/** Managers of the cinema and admins see and act on everyone's tills and counter sales there. */
export function managesCinema(viewer: Viewer, cinemaId: string): boolean {
  return viewer.role === 'ADMIN' || (viewer.role === 'MANAGER' && viewer.managedCinemaIds.includes(cinemaId));
}
