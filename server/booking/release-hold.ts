import 'server-only';
import { AppError } from '@/lib/errors';
import { endedHoldEvents, endHolds } from '@/server/booking/end-holds';
import { seatRowKey, withKeyLocks } from '@/server/booking/keyed-mutex';
import { PAYMENT_STALE_MS, settlePayment } from '@/server/booking/settle-payment';
import { db } from '@/server/db';
import { serializableStatement } from '@/server/db/transaction';
import { publishSeatEvents } from '@/server/realtime/publish';

/** The owner gives their held seats back. Releasing an already-ended hold is a no-op. */
export async function releaseHold(input: { userId: string; holdId: string }): Promise<{ released: boolean }> {
  // One statement: the hold, its payment in progress, and the rows where it holds seats.
  const [hold] = await db().$queryRaw<
    {
      user_id: string | null;
      showtime_id: string;
      status: string;
      payment_id: string | null;
      payment_updated_at: Date | null;
      rows: number[];
    }[]
  >`
    SELECT h.user_id::text, h.showtime_id::text, h.status::text, p.id::text AS payment_id,
           p.updated_at AS payment_updated_at,
           ARRAY(SELECT DISTINCT s.row_index FROM seat_claims c JOIN seats s ON s.id = c.seat_id
                 WHERE c.hold_id = h.id AND c.state = 'HELD') AS rows
    FROM seat_holds h LEFT JOIN payments p ON p.hold_id = h.id AND p.status = 'PENDING'
    WHERE h.id = ${input.holdId}::uuid`;
  // Someone else's hold is "not found": its existence is none of the caller's business.
  if (!hold || hold.user_id !== input.userId) throw new AppError('NOT_FOUND', 'Hold not found.');
  if (hold.status === 'CONVERTED') throw new AppError('HOLD_NOT_ACTIVE', 'These seats are already booked.');
  if (hold.status !== 'ACTIVE') return { released: false };
  if (hold.payment_id && hold.payment_updated_at) {
    // Never release seats under a payment: settle it first (it may have paid, or be abandoned).
    const settled = await settlePayment(hold.payment_id, {
      stale: Date.now() - hold.payment_updated_at.getTime() > PAYMENT_STALE_MS,
    });
    if (settled.kind === 'booked') throw new AppError('HOLD_NOT_ACTIVE', 'These seats are already booked.');
    if (settled.kind === 'pending') {
      throw new AppError('PAYMENT_PENDING', 'A payment for these seats is in progress.', { retryAfter: 2 });
    }
  }
  // The hold's rows, queued in this process behind holds on the same rows (keyed-mutex.ts); the
  // statement is the whole transaction, so it runs on the seat-writer pool in one round trip.
  const showtimeId = hold.showtime_id;
  const rows = hold.rows.map((r) => seatRowKey(showtimeId, r));
  const ended = await withKeyLocks(rows, async () => {
    const done = await serializableStatement(
      (writer) => endHolds(writer, { showtimeId, holdIds: [input.holdId], as: 'RELEASED' }),
      { label: 'release-hold' },
    );
    // Still holding the rows: viewers get one row's batches in the order they committed.
    publishSeatEvents({
      showtimeId,
      versions: done.versions,
      events: endedHoldEvents(done, 'seat.released'),
      committedAt: Date.now(),
    });
    return done;
  });
  return { released: ended.holdIds.length > 0 };
}
