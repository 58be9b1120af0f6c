import 'server-only';
import { AppError } from '@/lib/errors';
import { authorize, type Viewer } from '@/server/auth/session';
import type { Db, Tx } from '@/server/db';

// Who may write films. The catalogue is one for every cinema (a film is not owned by one), so:
//   - admins may do everything;
//   - a manager (of at least one cinema) may add films, and upload posters;
//   - a manager may edit, archive and unarchive the films they added, and the films that play
//     (or played) at a cinema they manage: the people who program a film look after its page.
//     Another cinema's film is theirs to read, not to change (403: films are public).
// Staff and customers may do none of it.

const NO_CINEMA = 'You manage no cinema yet: an admin must assign you one before you can add films.';

/** A manager of at least one cinema, or an admin. */
export function assertMayAddFilms(viewer: Viewer | null): Viewer {
  const v = authorize(viewer, { roles: ['MANAGER'] });
  if (v.role === 'MANAGER' && v.managedCinemaIds.length === 0) throw new AppError('FORBIDDEN', NO_CINEMA);
  return v;
}

/** Of `ids`, the films the viewer may edit. */
export async function editableFilmIds(client: Db | Tx, viewer: Viewer, ids: readonly string[]) {
  if (viewer.role === 'ADMIN') return new Set(ids);
  if (viewer.role !== 'MANAGER' || ids.length === 0) return new Set<string>();
  const rows = await client.movie.findMany({
    where: {
      id: { in: [...ids] },
      OR: [
        { createdById: viewer.id },
        { showtimes: { some: { screen: { cinemaId: { in: viewer.managedCinemaIds } } } } },
      ],
    },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

export async function assertMayEditFilm(client: Db | Tx, viewer: Viewer, movieId: string): Promise<void> {
  authorize(viewer, { roles: ['MANAGER'] });
  if ((await editableFilmIds(client, viewer, [movieId])).has(movieId)) return;
  throw new AppError(
    'FORBIDDEN',
    'You may edit the films you added and the films that play at a cinema you manage.',
  );
}
