import 'server-only';
import { db } from '@/server/db';

export type MovieDetail = NonNullable<Awaited<ReturnType<typeof getMovie>>>;

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
      credits: { select: { name: true, character: true }, orderBy: { position: 'asc' } },
    },
  });
  if (!movie) return null;
  const [agg, reviews] = await Promise.all([
    db().review.aggregate({ where: { movieId: movie.id }, _avg: { rating: true }, _count: { _all: true } }),
    db().review.findMany({
      where: { movieId: movie.id },
      select: {
        id: true,
        rating: true,
        title: true,
        body: true,
        verified: true,
        createdAt: true,
        user: { select: { name: true } },
      },
      orderBy: { createdAt: 'desc' },
      take: 5,
    }),
  ]);
  return {
    ...movie,
    releaseDate: movie.releaseDate.toISOString().slice(0, 10),
    rating: agg._count._all
      ? { average: Math.round((agg._avg.rating ?? 0) * 10) / 10, count: agg._count._all }
      : null,
    reviews: reviews.map((r) => ({
      ...r,
      author: r.user?.name ?? 'Former member',
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
