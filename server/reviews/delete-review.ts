import 'server-only';
import { AppError } from '@/lib/errors';
import { db } from '@/server/db';
import { movieIdForSlug } from '@/server/reviews/find-movie';

/** Deletes the user's own review of a film; NOT_FOUND when they have none. */
export async function deleteReview(options: { slug: string; userId: string }): Promise<{ deleted: true }> {
  const movieId = await movieIdForSlug(options.slug);
  // Scoped by user in the statement itself: nobody can delete someone else's review.
  const { count } = await db().review.deleteMany({ where: { movieId, userId: options.userId } });
  if (count === 0) throw new AppError('NOT_FOUND', 'You have not reviewed this film.');
  return { deleted: true };
}
