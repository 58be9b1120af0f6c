import 'server-only';
import type { WaitlistEntryView, WaitlistStatus } from '@/lib/schemas/waitlist';
import { db } from '@/server/db';

// How a waitlist entry is shown to its owner: place in line while waiting, the held seats and a
// checkout link while offered. One query; the position counts the entries still waiting that
// joined earlier.

type Row = {
  id: string;
  showtime_id: string;
  seats_wanted: number;
  status: WaitlistStatus;
  created_at: Date;
  position: number | null;
  hold_id: string | null;
  hold_expires_at: Date | null;
  offered: { id: string; label: string }[] | null;
};

export function checkoutPath(holdId: string): string {
  return `/checkout/${holdId}`;
}

/**
 * The user's latest entry for a showtime (a live one first), or null when they have none or
 * left the last one.
 */
export async function loadWaitlistEntry(options: {
  userId: string;
  showtimeId: string;
}): Promise<WaitlistEntryView | null> {
  const [row] = await db().$queryRawUnsafe<Row[]>(
    `SELECT w.id::text, w.showtime_id::text, w.seats_wanted, w.status::text AS status, w.created_at,
            CASE WHEN w.status = 'WAITING' THEN (
              SELECT count(*)::int + 1 FROM waitlist_entries o
              WHERE o.showtime_id = w.showtime_id AND o.status = 'WAITING' AND (o.created_at, o.id) < (w.created_at, w.id)
            ) END AS position,
            w.offer_hold_id::text AS hold_id,
            (SELECT h.expires_at FROM seat_holds h WHERE h.id = w.offer_hold_id) AS hold_expires_at,
            (SELECT json_agg(json_build_object('id', s.id, 'label', s.row_label || s.number) ORDER BY s.row_index, s.col)
             FROM seats s WHERE s.id = ANY(w.offered_seat_ids)) AS offered
     FROM waitlist_entries w
     WHERE w.user_id = $1::uuid AND w.showtime_id = $2::uuid
     ORDER BY (w.status IN ('WAITING', 'OFFERED')) DESC, w.created_at DESC
     LIMIT 1`,
    options.userId,
    options.showtimeId,
  );
  if (!row || row.status === 'CANCELLED') return null;
  const offered = row.offered ?? [];
  return {
    id: row.id,
    showtimeId: row.showtime_id,
    seatsWanted: row.seats_wanted,
    status: row.status,
    position: row.status === 'WAITING' ? row.position : null,
    createdAt: row.created_at.toISOString(),
    offer:
      row.status === 'OFFERED' && row.hold_id && row.hold_expires_at
        ? {
            holdId: row.hold_id,
            seatIds: offered.map((s) => s.id),
            labels: offered.map((s) => s.label),
            expiresAt: new Date(row.hold_expires_at).toISOString(),
            checkoutPath: checkoutPath(row.hold_id),
          }
        : null,
  };
}
