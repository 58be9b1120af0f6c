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
  const hold = await db().seatHold.findUnique({
    where: { id: input.holdId },
    select: {
      userId: true,
      showtimeId: true,
      status: true,
      payments: { where: { status: 'PENDING' }, select: { id: true, updatedAt: true } },
      claims: { where: { state: 'HELD' }, select: { seat: { select: { rowIndex: true } } } },
    },
  });
  // Someone else's hold is "not found": its existence is none of the caller's business.
  if (!hold || hold.userId !== input.userId) throw new AppError('NOT_FOUND', 'Hold not found.');
  if (hold.status === 'CONVERTED') throw new AppError('HOLD_NOT_ACTIVE', 'These seats are already booked.');
  if (hold.status !== 'ACTIVE') return { released: false };
  const [open] = hold.payments;
  if (open) {
    // Never release seats under a payment: settle it first (it may have paid, or be abandoned).
    const settled = await settlePayment(open.id, {
      stale: Date.now() - open.updatedAt.getTime() > PAYMENT_STALE_MS,
    });
    if (settled.kind === 'booked') throw new AppError('HOLD_NOT_ACTIVE', 'These seats are already booked.');
    if (settled.kind === 'pending') {
      throw new AppError('PAYMENT_PENDING', 'A payment for these seats is in progress.', { retryAfter: 2 });
    }
  }
  // The hold's rows, queued in this process behind holds on the same rows (keyed-mutex.ts); the
  // statement is the whole transaction, so it runs on the seat-writer pool in one round trip.
  const rows = hold.claims.map((c) => seatRowKey(hold.showtimeId, c.seat.rowIndex));
  const ended = await withKeyLocks(rows, async () => {
    const done = await serializableStatement(
      (writer) => endHolds(writer, { showtimeId: hold.showtimeId, holdIds: [input.holdId], as: 'RELEASED' }),
      { label: 'release-hold' },
    );
    // Still holding the rows: viewers get one row's batches in the order they committed.
    publishSeatEvents({
      showtimeId: hold.showtimeId,
      versions: done.versions,
      events: endedHoldEvents(done, 'seat.released'),
      committedAt: Date.now(),
    });
    return done;
  });
  return { released: ended.holdIds.length > 0 };
}
