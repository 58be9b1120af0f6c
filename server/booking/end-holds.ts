import 'server-only';
import type { RowVersions, SeatEvent } from '@/lib/seat-events';
import type { Db, Tx } from '@/server/db';

// Ends holds of one showtime (released by their owner, expired, or dropped by a declined payment)
// and frees their seats, in one statement: the PL/pgSQL function end_holds (migration
// 20261203210000_seat_rows) ends the holds, bumps the rows of the seats that change, then frees
// the claims, in that order. Rows are bumped only where a seat changed.

export type EndedHolds = {
  /** The rows whose seats changed, at their new versions; empty when no seat changed. */
  versions: RowVersions;
  holdIds: string[];
  seats: { seatId: string; holdId: string }[];
};

/**
 * `client` is a transaction, or the seat-writer pool (serializableStatement) when ending the holds
 * is the whole transaction: one round trip instead of BEGIN, statement, COMMIT.
 */
export async function endHolds(
  client: Tx | Db,
  options: { showtimeId: string; holdIds?: string[]; due?: boolean; as: 'RELEASED' | 'EXPIRED' },
): Promise<EndedHolds> {
  const [row] = await client.$queryRawUnsafe<{ ended: EndedHolds }[]>(
    'SELECT end_holds($1::uuid, $2::uuid[], $3::boolean, $4::text) AS ended',
    options.showtimeId,
    options.holdIds ?? [],
    options.due ?? false,
    options.as,
  );
  return row?.ended ?? { versions: {}, holdIds: [], seats: [] };
}

/** The events for ended holds: one per hold, so a viewer can tell whose seats came free. */
export function endedHoldEvents(ended: EndedHolds, type: 'seat.released' | 'hold.expired'): SeatEvent[] {
  const byHold = new Map<string, string[]>();
  for (const s of ended.seats) byHold.set(s.holdId, [...(byHold.get(s.holdId) ?? []), s.seatId]);
  return [...byHold].map(([holdId, seatIds]) => ({ type, seatIds, holdId }));
}
