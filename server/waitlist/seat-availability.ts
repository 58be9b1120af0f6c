import 'server-only';
import { db } from '@/server/db';

// What the waitlist reads about a showtime right now, fresh from the database (the cached
// showtime context is not trusted for inventory or for the showtime's status).

/** Seats in a live claim: sold, or held and not yet past expiry (an overdue hold blocks nothing). */
export async function takenSeatIds(showtimeId: string): Promise<Set<string>> {
  const rows = await db().$queryRaw<{ seat_id: string }[]>`
    SELECT seat_id::text FROM seat_claims
    WHERE showtime_id = ${showtimeId}::uuid AND state IN ('HELD', 'SOLD')
      AND (state = 'SOLD' OR expires_at > now())`;
  return new Set(rows.map((r) => r.seat_id));
}

/** Scheduled and not started: tickets are on sale, so a waitlist makes sense. */
export async function onSale(showtimeId: string): Promise<boolean | null> {
  const [row] = await db().$queryRaw<{ open: boolean }[]>`
    SELECT (status = 'SCHEDULED' AND starts_at > now()) AS open FROM showtimes WHERE id = ${showtimeId}::uuid`;
  return row ? row.open : null;
}
