import 'server-only';
import { db } from '@/server/db';

export type RatingAverage = { average: number; count: number };

/** Average rating (one decimal) and review count per film, for the films that have reviews. */
export async function movieRatings(movieIds: readonly string[]): Promise<Map<string, RatingAverage>> {
  if (movieIds.length === 0) return new Map();
  const rows = await db().review.groupBy({
    by: ['movieId'],
    where: { movieId: { in: [...movieIds] } },
    _avg: { rating: true },
    _count: { _all: true },
  });
  return new Map(
    rows.map((r) => [
      r.movieId,
      { average: Math.round((r._avg.rating ?? 0) * 10) / 10, count: r._count._all },
    ]),
  );
}
