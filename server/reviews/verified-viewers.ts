import 'server-only';
import { db } from '@/server/db';

/**
 * Which of these users have seen the film with a Marquee ticket: a live ticket (VALID or
 * CHECKED_IN) of a CONFIRMED booking, for a show of the film that has already started. The one
 * definition of the "verified viewer" badge; evaluated when reviews are read, so a review
 * written before the show earns its badge once the show starts, and a cancelled booking loses it.
 */
export async function verifiedViewerIds(
  movieId: string,
  userIds: readonly string[],
  now: Date = new Date(),
): Promise<Set<string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Set();
  const rows = await db().$queryRaw<{ user_id: string }[]>`
    SELECT DISTINCT b."user_id"
    FROM "bookings" b
    JOIN "tickets" t ON t."booking_id" = b."id"
    JOIN "showtimes" s ON s."id" = t."showtime_id"
    WHERE b."user_id" = ANY(${ids}::uuid[])
      AND b."status" = 'CONFIRMED'
      AND t."status" IN ('VALID', 'CHECKED_IN')
      AND s."movie_id" = ${movieId}::uuid
      AND s."starts_at" <= ${now}`;
  return new Set(rows.map((r) => r.user_id));
}
