import 'server-only';
import type { AccessFilter } from '@/lib/accessibility';
import { listShowtimeCards, type ShowtimeCard } from '@/server/catalog/showtime-cards';

export type FilmShowtimes = {
  movie: ShowtimeCard['movie'];
  showtimes: Omit<ShowtimeCard, 'cinema' | 'movie'>[];
};

/** A cinema's programme for one local day, grouped by film (by title), with seats left and prices. */
export async function listCinemaShowtimes(options: {
  cinemaId: string;
  date: string;
  now?: Date;
  /** Only accessible showings with every one of these (lib/accessibility.ts). */
  access?: readonly AccessFilter[];
}): Promise<FilmShowtimes[]> {
  const cards = await listShowtimeCards(options);
  const byFilm = new Map<string, FilmShowtimes>();
  for (const { cinema: _, movie, ...showtime } of cards) {
    let group = byFilm.get(movie.slug);
    if (!group) {
      group = { movie, showtimes: [] };
      byFilm.set(movie.slug, group);
    }
    group.showtimes.push(showtime);
  }
  return [...byFilm.values()].sort((a, b) => a.movie.title.localeCompare(b.movie.title));
}
