import 'server-only';
import { AppError } from '@/lib/errors';
import type { SeatEvent } from '@/lib/seat-events';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { cancelBookingTx } from '@/server/booking/cancel-booking';
import { endedHoldEvents, endHolds } from '@/server/booking/end-holds';
import { withKeyLock } from '@/server/booking/keyed-mutex';
import { sendRefund } from '@/server/booking/refund-payment';
import { forgetShowtimeContext } from '@/server/booking/showtime-context';
import { db } from '@/server/db';
import { serializable } from '@/server/db/transaction';
import { publishSeatEvents } from '@/server/realtime/publish';

// A manager cancels a showtime: it comes off sale (and frees its screen slot), every hold is
// released and every booking cancelled with a full refund, all in one transaction; then the
// refunds go to the provider one by one (retried by the scheduler if the provider fails).

export async function cancelShowtime(options: { showtimeId: string; viewer: Viewer; reason: string }) {
  const show = await db().showtime.findUnique({
    where: { id: options.showtimeId },
    select: { status: true, startsAt: true, screen: { select: { cinemaId: true } } },
  });
  if (!show) throw new AppError('NOT_FOUND', 'Showtime not found.');
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: show.screen.cinemaId });
  if (show.status === 'CANCELLED') throw new AppError('CONFLICT', 'This showtime is already cancelled.');

  const result = await withKeyLock(`showtime:${options.showtimeId}`, () =>
    serializable(
      async (tx) => {
        const updated = await tx.showtime.updateMany({
          where: { id: options.showtimeId, status: 'SCHEDULED' },
          data: { status: 'CANCELLED', cancelledAt: new Date() },
        });
        if (updated.count === 0) throw new AppError('CONFLICT', 'This showtime is already cancelled.');
        const holds = await endHolds(tx, {
          showtimeId: options.showtimeId,
          holdIds: (
            await tx.seatHold.findMany({
              where: { showtimeId: options.showtimeId, status: 'ACTIVE' },
              select: { id: true },
            })
          ).map((h) => h.id),
          as: 'RELEASED',
        });
        const bookings = await tx.booking.findMany({
          where: { showtimeId: options.showtimeId, status: 'CONFIRMED' },
          select: { id: true, totalMinor: true },
        });
        const refundIds: string[] = [];
        const seatIds: string[] = [];
        let version = holds.version ?? 0;
        for (const b of bookings) {
          const done = await cancelBookingTx(tx, {
            bookingId: b.id,
            refundMinor: b.totalMinor,
            reason: `Showtime cancelled by the cinema: ${options.reason}`,
            actor: options.viewer,
          });
          if (done.refundId) refundIds.push(done.refundId);
          seatIds.push(...done.seatIds);
          version = done.version;
        }
        if (version === 0) {
          const [v] = await tx.$queryRaw<{ seat_version: number }[]>`
            UPDATE showtimes SET seat_version = seat_version + 1 WHERE id = ${options.showtimeId}::uuid RETURNING seat_version`;
          version = v?.seat_version ?? 0;
        }
        await recordAudit(tx, {
          actor: options.viewer,
          action: 'showtime.cancel',
          entityType: 'showtime',
          entityId: options.showtimeId,
          before: { status: 'SCHEDULED' },
          after: {
            status: 'CANCELLED',
            reason: options.reason,
            bookingsCancelled: bookings.length,
            holdsReleased: holds.holdIds.length,
          },
        });
        return { holds, refundIds, seatIds, version, bookings: bookings.length };
      },
      { label: 'cancel-showtime' },
    ),
  );
  forgetShowtimeContext(options.showtimeId);
  const events: SeatEvent[] = endedHoldEvents(result.holds, 'seat.released');
  if (result.seatIds.length) events.push({ type: 'seat.released', seatIds: result.seatIds });
  publishSeatEvents({
    showtimeId: options.showtimeId,
    version: result.version,
    events,
    committedAt: Date.now(),
  });
  let refunded = 0;
  for (const id of result.refundIds) if ((await sendRefund(id)) === 'SUCCEEDED') refunded++;
  return {
    bookingsCancelled: result.bookings,
    holdsReleased: result.holds.holdIds.length,
    refundsSucceeded: refunded,
    refundsPending: result.refundIds.length - refunded,
  };
}
