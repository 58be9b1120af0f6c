import 'server-only';
import type { RatingSummary, ReviewView } from '@/lib/schemas/reviews';
import { db } from '@/server/db';
import { movieIdForSlug } from '@/server/reviews/find-movie';
import { reviewSelect, toReviewView } from '@/server/reviews/review-view';
import { verifiedViewerIds } from '@/server/reviews/verified-viewers';

export type ReviewPage = {
  rating: RatingSummary | null;
  reviews: ReviewView[];
  nextCursor: string | null;
};

/** The rating summary of a film: average (one decimal), count and the 1–5 star histogram. */
async function ratingSummary(movieId: string): Promise<RatingSummary | null> {
  const groups = await db().review.groupBy({
    by: ['rating'],
    where: { movieId },
    _count: { _all: true },
  });
  const histogram = [1, 2, 3, 4, 5].map((stars) => groups.find((g) => g.rating === stars)?._count._all ?? 0);
  const count = histogram.reduce((a, b) => a + b, 0);
  if (count === 0) return null;
  const total = histogram.reduce((sum, n, i) => sum + n * (i + 1), 0);
  return { average: Math.round((total / count) * 10) / 10, count, histogram };
}

/**
 * A film's reviews, newest first, `limit` per page; `cursor` is the previous page's
 * `nextCursor`. With `viewerId`, also the viewer's own review (wherever it falls in the pages).
 */
export async function listReviews(options: {
  slug: string;
  limit?: number;
  cursor?: string;
  viewerId?: string;
  now?: Date;
}): Promise<ReviewPage & { mine: ReviewView | null }> {
  const movieId = await movieIdForSlug(options.slug);
  const limit = options.limit ?? 10;
  const [rows, rating, mine] = await Promise.all([
    db().review.findMany({
      where: { movieId },
      select: reviewSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    }),
    ratingSummary(movieId),
    options.viewerId
      ? db().review.findUnique({
          where: { movieId_userId: { movieId, userId: options.viewerId } },
          select: reviewSelect,
        })
      : null,
  ]);
  const page = rows.slice(0, limit);
  const authors = [...page, ...(mine ? [mine] : [])].flatMap((r) => (r.userId ? [r.userId] : []));
  const verified = await verifiedViewerIds(movieId, authors, options.now);
  const view = (r: (typeof rows)[number]) => toReviewView(r, r.userId !== null && verified.has(r.userId));
  return {
    rating,
    reviews: page.map(view),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    mine: mine ? view(mine) : null,
  };
}
