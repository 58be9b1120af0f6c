import 'server-only';
import { localDate } from '@/lib/format';
import { movieRatings } from '@/server/catalog/movie-ratings';
import { db } from '@/server/db';
import { onCatalogChange } from '@/server/events/catalog-events';
import { log } from '@/server/log';
import { cacheDelete, cached } from '@/server/security/cache';
import { singleton } from '@/server/singleton';

export type MovieCard = {
  id: string;
  slug: string;
  title: string;
  posterUrl: string;
  certificate: string;
  genres: string[];
  languages: string[];
  formats: string[];
  runtimeMinutes: number;
  releaseDate: string;
  rating: { average: number; count: number } | null;
};

/** The columns a film card shows (home, discover, search). */
export const movieCardSelect = {
  id: true,
  slug: true,
  title: true,
  posterUrl: true,
  certificate: true,
  genres: true,
  languages: true,
  formats: true,
  runtimeMinutes: true,
  releaseDate: true,
} as const;

const MOVIES_CACHE_SECONDS = 30;

// A showtime cancelled or a film archived must leave the home page at once, not after the 30 s:
// any catalogue change (here or, through the cluster channel, on another instance) drops every
// city's list. The shared copy (Redis or PostgreSQL) is dropped by each instance that hears the
// change, which is harmless; a list being computed across the change may still be stored, and
// lives its 30 s at most (inventory never depends on it: a hold is judged in its transaction).
function forgetListsOnCatalogChange(): void {
  singleton('movies-cache-invalidation', () =>
    onCatalogChange(() => {
      void db()
        .city.findMany({ select: { slug: true } })
        .then((cities) => cacheDelete(...cities.map((c) => `movies:${c.slug}`)))
        .catch((error: unknown) => log.warn('could not drop the cached film lists', { err: String(error) }));
    }),
  );
}

/**
 * Films with a bookable show in the city, and films not yet released. The home page's answer is
 * shared for MOVIES_CACHE_SECONDS through the cache (Redis when configured), one query per city
 * per half minute however busy the site; an explicit `now` (tests) always reads the database.
 */
export async function listMovies(options: { citySlug: string; now?: Date }): Promise<{
  nowShowing: MovieCard[];
  comingSoon: MovieCard[];
}> {
  if (options.now) return readMovies(options.citySlug, options.now);
  forgetListsOnCatalogChange();
  return cached(`movies:${options.citySlug}`, MOVIES_CACHE_SECONDS, () =>
    readMovies(options.citySlug, new Date()),
  );
}

async function readMovies(
  citySlug: string,
  now: Date,
): Promise<{ nowShowing: MovieCard[]; comingSoon: MovieCard[] }> {
  const today = new Date(`${localDate(now)}T00:00:00Z`);
  const [showing, soon] = await Promise.all([
    db().movie.findMany({
      where: {
        releaseDate: { lte: today },
        archivedAt: null,
        showtimes: {
          some: {
            status: 'SCHEDULED',
            startsAt: { gt: now },
            screen: { cinema: { city: { slug: citySlug } } },
          },
        },
      },
      select: movieCardSelect,
      orderBy: [{ releaseDate: 'desc' }, { title: 'asc' }],
    }),
    db().movie.findMany({
      where: { releaseDate: { gt: today }, archivedAt: null },
      select: movieCardSelect,
      orderBy: [{ releaseDate: 'asc' }, { title: 'asc' }],
    }),
  ]);
  const rated = await movieRatings(showing.map((m) => m.id));
  const toCard = (m: (typeof showing)[number]): MovieCard => ({
    ...m,
    releaseDate: m.releaseDate.toISOString().slice(0, 10),
    rating: rated.get(m.id) ?? null,
  });
  return { nowShowing: showing.map(toCard), comingSoon: soon.map(toCard) };
}
