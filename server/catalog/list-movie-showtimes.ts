import 'server-only';
import type { AccessFilter } from '@/lib/accessibility';
import { listShowtimeCards, type ShowtimeCard } from '@/server/catalog/showtime-cards';

export type CinemaShowtimes = {
  cinema: { slug: string; name: string; locality: string };
  showtimes: Omit<ShowtimeCard, 'cinema' | 'movie'>[];
};

/**
 * A film's bookable showtimes on one local day in one city, grouped by cinema (by name), each
 * with seats left and the lowest price: one query for the whole day.
 */
export async function listMovieShowtimes(options: {
  movieId: string;
  citySlug: string;
  date: string;
  now?: Date;
  /** Only accessible showings with every one of these (lib/accessibility.ts). */
  access?: readonly AccessFilter[];
}): Promise<CinemaShowtimes[]> {
  const cards = await listShowtimeCards(options);
  const byCinema = new Map<string, CinemaShowtimes>();
  for (const { cinema, movie: _, ...showtime } of cards) {
    let group = byCinema.get(cinema.slug);
    if (!group) {
      group = { cinema, showtimes: [] };
      byCinema.set(cinema.slug, group);
    }
    group.showtimes.push(showtime);
  }
  return [...byCinema.values()].sort((a, b) => a.cinema.name.localeCompare(b.cinema.name));
}
