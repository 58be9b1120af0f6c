import 'server-only';
import type { SeatEvent } from '@/lib/seat-events';
import type { Tx } from '@/server/db';

// Ends holds of one showtime (released by their owner, expired, or dropped by a declined payment)
// and frees their seats, in one statement. The seat version is bumped only if a seat changed.

export type EndedHolds = {
  version: number | null;
  holdIds: string[];
  seats: { seatId: string; holdId: string }[];
};

export async function endHolds(
  tx: Tx,
  options: { showtimeId: string; holdIds?: string[]; due?: boolean; as: 'RELEASED' | 'EXPIRED' },
): Promise<EndedHolds> {
  const [row] = await tx.$queryRawUnsafe<
    { version: number | null; hold_ids: string[]; seats: { seatId: string; holdId: string }[] | null }[]
  >(
    `WITH ended AS (
       UPDATE seat_holds SET status = $2::"HoldStatus", ended_at = now()
       WHERE showtime_id = $1::uuid AND status = 'ACTIVE'
         AND (id = ANY($3::uuid[]) OR ($4::boolean AND expires_at <= now()))
         -- Never under a payment in progress, until the time it was given has run out.
         AND (NOT payment_pending OR expires_at <= now())
       RETURNING id
     ), claims AS (
       UPDATE seat_claims c SET state = $2::text::"ClaimState", updated_at = now()
       FROM ended WHERE c.hold_id = ended.id AND c.state = 'HELD'
       RETURNING c.seat_id, c.hold_id
     ), v AS (
       UPDATE showtimes SET seat_version = seat_version + 1
       WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM claims)
       RETURNING seat_version
     )
     SELECT (SELECT seat_version FROM v) AS version,
            ARRAY(SELECT id::text FROM ended) AS hold_ids,
            (SELECT json_agg(json_build_object('seatId', seat_id, 'holdId', hold_id)) FROM claims) AS seats`,
    options.showtimeId,
    options.as,
    options.holdIds ?? [],
    options.due ?? false,
  );
  return { version: row?.version ?? null, holdIds: row?.hold_ids ?? [], seats: row?.seats ?? [] };
}

/** The events for ended holds: one per hold, so a viewer can tell whose seats came free. */
export function endedHoldEvents(ended: EndedHolds, type: 'seat.released' | 'hold.expired'): SeatEvent[] {
  const byHold = new Map<string, string[]>();
  for (const s of ended.seats) byHold.set(s.holdId, [...(byHold.get(s.holdId) ?? []), s.seatId]);
  return [...byHold].map(([holdId, seatIds]) => ({ type, seatIds, holdId }));
}
