import 'server-only';
import { db } from '@/server/db';

// An offer is an ordinary hold, so its fate is the hold's: once the hold becomes a booking the
// entry is FULFILLED; once it is released or expires without one, the entry is EXPIRED (and its
// seats, already free, go to the next waiter on the engine's next run). Idempotent, and safe to
// run anywhere at any time: every update is conditional on the entry still being OFFERED.
//
// If the waiter changes their offered hold in the seat picker (holdSeats replaces a user's hold
// with a new one), the offer follows the new hold as long as it still has every offered seat.

export type SettledOffer = { entryId: string; showtimeId: string; status: 'FULFILLED' | 'EXPIRED' };

export async function settleOffers(
  options: { showtimeId?: string; userId?: string } = {},
): Promise<SettledOffer[]> {
  const showtimeId = options.showtimeId ?? null;
  const userId = options.userId ?? null;
  await db().$executeRawUnsafe(
    `WITH moved AS (
       SELECT w.id, n.id AS hold_id, n.expires_at
       FROM waitlist_entries w
       JOIN seat_holds h ON h.id = w.offer_hold_id
       CROSS JOIN LATERAL (
         SELECT h2.id, h2.expires_at FROM seat_holds h2
         WHERE h2.user_id = w.user_id AND h2.showtime_id = w.showtime_id AND h2.id <> h.id
           AND h2.status IN ('ACTIVE', 'CONVERTED') AND h2.created_at >= h.created_at
           AND w.offered_seat_ids <@ ARRAY(
             SELECT c.seat_id FROM seat_claims c WHERE c.hold_id = h2.id AND c.state IN ('HELD', 'SOLD')
           )
         ORDER BY h2.created_at DESC LIMIT 1
       ) n
       WHERE w.status = 'OFFERED' AND h.status = 'RELEASED'
         AND ($1::uuid IS NULL OR w.showtime_id = $1::uuid) AND ($2::uuid IS NULL OR w.user_id = $2::uuid)
     )
     UPDATE waitlist_entries w SET offer_hold_id = moved.hold_id, offer_expires_at = moved.expires_at, updated_at = now()
     FROM moved WHERE w.id = moved.id AND w.status = 'OFFERED'`,
    showtimeId,
    userId,
  );
  return db().$queryRawUnsafe<SettledOffer[]>(
    `UPDATE waitlist_entries w
     SET status = (CASE WHEN h.status = 'CONVERTED' THEN 'FULFILLED' ELSE 'EXPIRED' END)::"WaitlistStatus",
         updated_at = now()
     FROM seat_holds h
     WHERE h.id = w.offer_hold_id AND w.status = 'OFFERED' AND (h.status <> 'ACTIVE' OR h.expires_at <= now())
       AND ($1::uuid IS NULL OR w.showtime_id = $1::uuid) AND ($2::uuid IS NULL OR w.user_id = $2::uuid)
     RETURNING w.id::text AS "entryId", w.showtime_id::text AS "showtimeId", w.status::text AS status`,
    showtimeId,
    userId,
  );
}

/** Waiting entries of showtimes that were cancelled or have started will never be served. */
export async function closeEndedWaitlists(options: { showtimeId?: string } = {}): Promise<number> {
  return db().$executeRawUnsafe(
    `UPDATE waitlist_entries w SET status = 'EXPIRED', updated_at = now()
     FROM showtimes s
     WHERE s.id = w.showtime_id AND w.status = 'WAITING' AND (s.status <> 'SCHEDULED' OR s.starts_at <= now())
       AND ($1::uuid IS NULL OR w.showtime_id = $1::uuid)`,
    options.showtimeId ?? null,
  );
}
