import 'server-only';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { authorizePromos } from '@/server/promos/promo-access';

const FILMS_OFFERED = 300;

/**
 * What the promo form offers: the cinemas the viewer may put a code on (a manager's own; every
 * cinema for admins) and the films on the site, newest first, plus any film already chosen.
 */
export async function listPromoOptions(options: { viewer: Viewer; chosenMovieIds?: string[] }) {
  const viewer = authorizePromos(options.viewer);
  const [cinemas, films] = await Promise.all([
    db().cinema.findMany({
      where: viewer.role === 'ADMIN' ? {} : { id: { in: viewer.managedCinemaIds } },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    }),
    db().movie.findMany({
      where: { OR: [{ archivedAt: null }, { id: { in: options.chosenMovieIds ?? [] } }] },
      select: { id: true, title: true },
      orderBy: [{ releaseDate: 'desc' }, { title: 'asc' }],
      take: FILMS_OFFERED,
    }),
  ]);
  return { cinemas, films };
}
export type PromoOptions = Awaited<ReturnType<typeof listPromoOptions>>;
