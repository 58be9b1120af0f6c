import 'server-only';
import { AppError } from '@/lib/errors';
import type { WaitlistEntryView } from '@/lib/schemas/waitlist';
import { showtimeContext } from '@/server/booking/showtime-context';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { bestAdjacentSeats } from '@/server/waitlist/find-adjacent-seats';
import { onSale, takenSeatIds } from '@/server/waitlist/seat-availability';
import { loadWaitlistEntry } from '@/server/waitlist/waitlist-view';

// A signed-in user joins a showtime's waitlist for `seats` seats side by side. Only when they
// cannot simply book them: if that many seats are free together right now, the answer is a 409
// that says so. One live entry per user and showtime, enforced by the partial unique index
// waitlist_one_live_per_user: a second join is a 409 too. Changing the party size means leaving
// and joining again, at the back of the line; otherwise a place taken early for one seat could
// later be grown to ten.

export async function joinWaitlist(options: {
  userId: string;
  showtimeId: string;
  seats: number;
}): Promise<WaitlistEntryView> {
  const ctx = await showtimeContext(options.showtimeId);
  if (!ctx) throw new AppError('NOT_FOUND', 'Showtime not found.');
  if (!(await onSale(ctx.id))) {
    throw new AppError('SHOWTIME_NOT_BOOKABLE', 'This showtime was cancelled or has started.');
  }
  const free = bestAdjacentSeats(ctx, await takenSeatIds(ctx.id), options.seats);
  if (free) {
    const labels = free.map((s) => s.label);
    throw new AppError(
      'CONFLICT',
      `${options.seats === 1 ? 'A seat is' : `${options.seats} seats side by side are`} available right now (${labels.join(', ')}): book ${options.seats === 1 ? 'it' : 'them'} instead.`,
      { details: { reason: 'seats-available', seatIds: free.map((s) => s.id), labels } },
    );
  }
  try {
    await db().waitlistEntry.create({
      data: { showtimeId: ctx.id, userId: options.userId, seatsWanted: options.seats },
      select: { id: true },
    });
  } catch (error) {
    if (isConstraintViolation(error, 'waitlist_one_live_per_user')) {
      throw new AppError(
        'CONFLICT',
        'You are already on the waitlist for this showtime. To change the number of seats, leave it and join again.',
        { details: { reason: 'already-on-waitlist' } },
      );
    }
    throw error;
  }
  const entry = await loadWaitlistEntry({ userId: options.userId, showtimeId: ctx.id });
  if (!entry) throw new AppError('CONFLICT', 'Your waitlist entry changed meanwhile; reload and try again.');
  // This answer tells the joiner their place: recorded, so the next numbering of the line pushes
  // it to them only if it has moved since (unless a numbering already told them meanwhile).
  if (entry.position !== null) {
    await db().$executeRaw`
      UPDATE waitlist_entries SET told_position = ${entry.position}
      WHERE id = ${entry.id}::uuid AND told_position IS NULL`;
  }
  return entry;
}
