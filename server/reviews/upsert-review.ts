import 'server-only';
import type { ReviewView } from '@/lib/schemas/reviews';
import { db } from '@/server/db';
import { movieIdForSlug } from '@/server/reviews/find-movie';
import { reviewSelect, toReviewView } from '@/server/reviews/review-view';
import { verifiedViewerIds } from '@/server/reviews/verified-viewers';

/**
 * Writes the user's review of a film: creates it, or replaces their earlier one. The unique
 * index reviews (movie_id, user_id) decides which, in one statement, so two submits at once
 * (a double click, two tabs) leave one review rather than a duplicate or a 500.
 */
export async function upsertReview(options: {
  slug: string;
  userId: string;
  rating: number;
  title: string | null;
  body: string | null;
  now?: Date;
}): Promise<{ review: ReviewView; created: boolean }> {
  const movieId = await movieIdForSlug(options.slug);
  const now = options.now ?? new Date();
  // A snapshot of the badge when written (the column); reads re-evaluate it.
  const verified = (await verifiedViewerIds(movieId, [options.userId], now)).has(options.userId);
  const [row] = await db().$queryRaw<{ id: string; created: boolean }[]>`
    INSERT INTO "reviews" ("movie_id", "user_id", "rating", "title", "body", "verified", "created_at", "updated_at")
    VALUES (${movieId}::uuid, ${options.userId}::uuid, ${options.rating}, ${options.title}, ${options.body},
            ${verified}, ${now}, ${now})
    ON CONFLICT ("movie_id", "user_id") DO UPDATE
      SET "rating" = EXCLUDED."rating", "title" = EXCLUDED."title", "body" = EXCLUDED."body",
          "verified" = EXCLUDED."verified", "updated_at" = EXCLUDED."updated_at"
    RETURNING "id", (xmax = 0) AS created`;
  if (!row) throw new Error('upsertReview: INSERT … RETURNING returned no row');
  const saved = await db().review.findUniqueOrThrow({ where: { id: row.id }, select: reviewSelect });
  return { review: toReviewView(saved, verified), created: row.created };
}
