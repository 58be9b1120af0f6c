import 'server-only';
import { AppError } from '@/lib/errors';
import { formatDay, formatTime } from '@/lib/format';
import type { Film, LiveShowtime } from '@/lib/schemas/films';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { assertMayEditFilm } from '@/server/films/film-access';
import { filmSelect, liveShowtimesWhere, toFilm } from '@/server/films/film-view';

const LISTED = 5;

function refusal(title: string, shows: LiveShowtime[], total: number): AppError {
  const listed = shows
    .slice(0, LISTED)
    .map((s) => `${formatDay(s.startsAt)} ${formatTime(s.startsAt)} at ${s.cinema} (${s.screen})`)
    .join('; ');
  const more = total > LISTED ? `; and ${total - LISTED} more` : '';
  return new AppError(
    'CONFLICT',
    `“${title}” still has ${total === 1 ? 'a showtime' : `${total} showtimes`} to come or under way: ${listed}${more}. Cancel ${total === 1 ? 'it' : 'them'}, or wait until ${total === 1 ? 'it is' : 'they are'} over, before archiving the film.`,
    { details: { reason: 'live-showtimes', showtimes: shows } },
  );
}

/**
 * Archives a film (off the public site: lists and search drop it, its page says it is no longer
 * showing; bookings keep it) or brings it back. Refused, listing them, while any showtime of the
 * film is scheduled and not over: archiving must never strand people holding tickets. The film's
 * row is locked first, and a showtime can only be added under a share lock on it (trigger
 * showtimes_movie_not_archived), so the check cannot miss one added meanwhile; the database's
 * own trigger movies_archive_check refuses it too. Archiving an archived film changes nothing.
 */
export async function setFilmArchived(options: {
  viewer: Viewer;
  id: string;
  archived: boolean;
}): Promise<Film> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  const { id, archived } = options;
  const now = new Date();
  // A showtime scheduled in between would trip the database's trigger instead: its violation is
  // a CONFLICT too (server/http/errors.ts).
  const { film, changed } = await db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "movies" WHERE "id" = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError('NOT_FOUND', 'There is no such film.');
    await assertMayEditFilm(tx, viewer, id);
    const current = await tx.movie.findUniqueOrThrow({ where: { id }, select: filmSelect(now) });
    if ((current.archivedAt !== null) === archived) return { film: toFilm(current, true), changed: false };
    if (archived) {
      const where = { movieId: id, ...liveShowtimesWhere(now) };
      const [total, shows] = await Promise.all([
        tx.showtime.count({ where }),
        tx.showtime.findMany({
          where,
          orderBy: { startsAt: 'asc' },
          take: 50,
          select: {
            id: true,
            startsAt: true,
            screen: { select: { name: true, cinema: { select: { name: true } } } },
          },
        }),
      ]);
      if (total > 0) {
        throw refusal(
          current.title,
          shows.map((s) => ({
            id: s.id,
            startsAt: s.startsAt.toISOString(),
            cinema: s.screen.cinema.name,
            screen: s.screen.name,
          })),
          total,
        );
      }
    }
    const row = await tx.movie.update({
      where: { id },
      data: { archivedAt: archived ? now : null },
      select: filmSelect(now),
    });
    await recordAudit(tx, {
      actor: viewer,
      action: archived ? 'film.archived' : 'film.unarchived',
      entityType: 'movie',
      entityId: id,
      before: { archivedAt: current.archivedAt?.toISOString() ?? null },
      after: { archivedAt: row.archivedAt?.toISOString() ?? null },
    });
    return { film: toFilm(row, true), changed: true };
  });
  // After the commit: an archived film leaves lists and search, so every copy of it must go.
  if (changed) publishCatalogChange({ movieIds: [id] });
  return film;
}
