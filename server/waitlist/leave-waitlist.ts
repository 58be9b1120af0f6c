import 'server-only';
import { isAppError } from '@/lib/errors';
import { releaseHold } from '@/server/booking/release-hold';
import { db } from '@/server/db';
import { waitlistLineChanged } from '@/server/waitlist/renumber-waitlist';
import { settleOffers } from '@/server/waitlist/settle-offers';

// The user leaves a showtime's waitlist. Leaving with seats on offer gives them back at once
// (the release publishes seat.released, so the next waiter is offered them). Leaving when there is
// nothing to leave is a no-op, so the call is safe to repeat.

export async function leaveWaitlist(options: {
  userId: string;
  showtimeId: string;
}): Promise<{ left: boolean }> {
  // An offer that was just paid for is FULFILLED, not something to leave.
  await settleOffers(options);
  const [left] = await db().$queryRaw<{ id: string; was: string; hold_id: string | null }[]>`
    WITH e AS (
      SELECT id, status, offer_hold_id FROM waitlist_entries
      WHERE user_id = ${options.userId}::uuid AND showtime_id = ${options.showtimeId}::uuid
        AND status IN ('WAITING', 'OFFERED')
      FOR UPDATE
    )
    UPDATE waitlist_entries w SET status = 'CANCELLED', updated_at = now()
    FROM e WHERE w.id = e.id
    RETURNING w.id::text, e.status::text AS was, e.offer_hold_id::text AS hold_id`;
  if (!left) return { left: false };
  // Everyone who waited behind them moves up (an OFFERED entry was out of the line already).
  if (left.was === 'WAITING') waitlistLineChanged(options.showtimeId);
  if (left.was === 'OFFERED' && left.hold_id) {
    try {
      await releaseHold({ userId: options.userId, holdId: left.hold_id });
    } catch (error) {
      // Paid for between the settle and the update: the entry did its job after all.
      if (!isAppError(error) || error.code !== 'HOLD_NOT_ACTIVE') throw error;
      await db().waitlistEntry.update({ where: { id: left.id }, data: { status: 'FULFILLED' } });
    }
  }
  return { left: true };
}
