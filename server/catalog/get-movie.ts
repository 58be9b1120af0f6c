import 'server-only';
import { db } from '@/server/db';

export type MovieDetail = NonNullable<Awaited<ReturnType<typeof getMovie>>>;

/**
 * A film's page data (its reviews and rating come from server/reviews/list-reviews.ts). Archived
 * films are found too: their page says they are no longer showing (bookings link to it).
 */
export async function getMovie(slug: string) {
  const movie = await db().movie.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      synopsis: true,
      runtimeMinutes: true,
      certificate: true,
      genres: true,
      languages: true,
      formats: true,
      director: true,
      releaseDate: true,
      posterUrl: true,
      trailerUrl: true,
      archivedAt: true,
      credits: { select: { name: true, character: true }, orderBy: { position: 'asc' } },
    },
  });
  if (!movie) return null;
  return {
    ...movie,
    releaseDate: movie.releaseDate.toISOString().slice(0, 10),
    archivedAt: movie.archivedAt?.toISOString() ?? null,
  };
}
