import 'server-only';
import { AppError } from '@/lib/errors';
import { type EndedHolds, endedHoldEvents } from '@/server/booking/end-holds';
import { seatRowKey, withKeyLocks } from '@/server/booking/keyed-mutex';
import { applyToRow, forgetHold, knownHold } from '@/server/booking/seat-rows-cache';
import { paymentStaleMs, settlePayment } from '@/server/booking/settle-payment';
import { db } from '@/server/db';
import { serializableStatement } from '@/server/db/transaction';
import { publishSeatEvents } from '@/server/events/seat-events';

type Released =
  | { outcome: 'not_found' | 'converted' | 'ended' | 'paying' }
  | ({ outcome: 'released'; showtimeId: string } & EndedHolds);

/**
 * The owner gives their held seats back. Releasing an already-ended hold is a no-op. One statement
 * (the PL/pgSQL function release_hold, which checks the hold and ends it through end_holds) on the
 * seat-writer pool: one round trip. A hold made by this process is released queued behind holds
 * on its rows (seat-rows-cache.ts knows them); for any other, a conflict with such a hold is
 * retried.
 */
export async function releaseHold(input: { userId: string; holdId: string }): Promise<{ released: boolean }> {
  const known = knownHold(input.holdId);
  const keys = known ? known.rows.map((r) => seatRowKey(known.showtimeId, r)) : [];
  return withKeyLocks(keys, () => release(input));
}

async function release(input: { userId: string; holdId: string }): Promise<{ released: boolean }> {
  for (let round = 0; ; round++) {
    const [row] = await serializableStatement(
      (writer) =>
        writer.$queryRawUnsafe<{ released: Released }[]>(
          'SELECT release_hold($1::uuid, $2::uuid) AS released',
          input.holdId,
          input.userId,
        ),
      { label: 'release-hold' },
    );
    const r = row?.released ?? { outcome: 'not_found' };
    switch (r.outcome) {
      // Someone else's hold is "not found": its existence is none of the caller's business.
      case 'not_found':
        throw new AppError('NOT_FOUND', 'Hold not found.');
      case 'converted':
        forgetHold(input.holdId);
        throw new AppError('HOLD_NOT_ACTIVE', 'These seats are already booked.');
      case 'ended':
        forgetHold(input.holdId);
        return { released: false };
      case 'released':
        forgetHold(input.holdId);
        for (const [row, version] of Object.entries(r.versions)) {
          applyToRow(r.showtimeId, {
            row: Number(row),
            from: version - 1,
            to: version,
            removed: (c) => c.holdId === input.holdId && !c.sold,
            added: [],
          });
        }
        // Still holding the rows: viewers get one row's batches in the order they committed.
        publishSeatEvents({
          showtimeId: r.showtimeId,
          versions: r.versions,
          events: endedHoldEvents(r, 'seat.released'),
          committedAt: Date.now(),
        });
        return { released: r.holdIds.length > 0 };
      case 'paying':
        if (round > 0) {
          throw new AppError('PAYMENT_PENDING', 'A payment for these seats is in progress.', {
            retryAfter: 2,
          });
        }
        await settleOpenPayment(input.holdId);
    }
  }
}

/** Never release seats under a payment: settle it first (it may have paid, or be abandoned). */
async function settleOpenPayment(holdId: string): Promise<void> {
  const open = await db().payment.findFirst({
    where: { holdId, status: 'PENDING' },
    select: { id: true, updatedAt: true },
  });
  if (!open) return; // settled meanwhile
  const settled = await settlePayment(open.id, {
    stale: Date.now() - open.updatedAt.getTime() > paymentStaleMs(),
  });
  if (settled.kind === 'booked') throw new AppError('HOLD_NOT_ACTIVE', 'These seats are already booked.');
  if (settled.kind === 'pending') {
    throw new AppError('PAYMENT_PENDING', 'A payment for these seats is in progress.', { retryAfter: 2 });
  }
}
