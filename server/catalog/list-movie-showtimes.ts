import 'server-only';
import { localDayBounds } from '@/lib/format';
import { db } from '@/server/db';

export type CinemaShowtimes = {
  cinema: { slug: string; name: string; locality: string };
  showtimes: {
    id: string;
    startsAt: string;
    format: string;
    language: string;
    priceFromMinor: number | null;
    screen: string;
  }[];
};

/** A film's bookable showtimes on one local day in one city, grouped by cinema. */
export async function listMovieShowtimes(options: {
  movieId: string;
  citySlug: string;
  date: string;
  now?: Date;
}): Promise<CinemaShowtimes[]> {
  const now = options.now ?? new Date();
  const { start, end } = localDayBounds(options.date);
  const rows = await db().showtime.findMany({
    where: {
      movieId: options.movieId,
      status: 'SCHEDULED',
      startsAt: { gte: new Date(Math.max(start.getTime(), now.getTime())), lt: end },
      screen: { cinema: { city: { slug: options.citySlug } } },
    },
    select: {
      id: true,
      startsAt: true,
      format: true,
      language: true,
      prices: { select: { priceMinor: true } },
      screen: { select: { name: true, cinema: { select: { slug: true, name: true, locality: true } } } },
    },
    orderBy: { startsAt: 'asc' },
  });
  const byCinema = new Map<string, CinemaShowtimes>();
  for (const s of rows) {
    const c = s.screen.cinema;
    let group = byCinema.get(c.slug);
    if (!group) {
      group = { cinema: c, showtimes: [] };
      byCinema.set(c.slug, group);
    }
    const prices = s.prices.map((p) => p.priceMinor);
    group.showtimes.push({
      id: s.id,
      startsAt: s.startsAt.toISOString(),
      format: s.format,
      language: s.language,
      priceFromMinor: prices.length ? Math.min(...prices) : null,
      screen: s.screen.name,
    });
  }
  return [...byCinema.values()].sort((a, b) => a.cinema.name.localeCompare(b.cinema.name));
}
