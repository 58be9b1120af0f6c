import 'server-only';
import { AppError } from '@/lib/errors';
import type { RowVersions, SeatEvent } from '@/lib/seat-events';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { cancelBookingTx } from '@/server/booking/cancel-booking';
import { endedHoldEvents, endHolds } from '@/server/booking/end-holds';
import { seatRowKey, withKeyLocks } from '@/server/booking/keyed-mutex';
import { sendRefund } from '@/server/booking/refund-payment';
import { db } from '@/server/db';
import { serializable } from '@/server/db/transaction';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { publishSeatEvents } from '@/server/events/seat-events';

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

  // Locks in the order every seat writer keeps (holds and bookings → seat rows → showtime →
  // claims): every row of the showtime is bumped before the status changes, so each hold, sale or
  // cancellation in flight on the showtime conflicts with this transaction, and a booking completed
  // at READ COMMITTED reads the status only after its own rows are locked. This process's holds
  // on the showtime wait their turn meanwhile.
  const screenRows = await db().seat.findMany({
    where: { layout: { showtimes: { some: { id: options.showtimeId } } } },
    distinct: ['rowIndex'],
    select: { rowIndex: true },
  });
  const rows = screenRows.map((r) => r.rowIndex);
  const result = await withKeyLocks(
    rows.map((r) => seatRowKey(options.showtimeId, r)),
    () =>
      serializable(
        async (tx) => {
          const holdIds = (
            await tx.$queryRaw<{ id: string }[]>`
              SELECT id::text FROM seat_holds WHERE showtime_id = ${options.showtimeId}::uuid AND status = 'ACTIVE'
              ORDER BY id FOR UPDATE`
          ).map((h) => h.id);
          // FOR NO KEY UPDATE, not FOR UPDATE: only the bookings' status changes here, and an invoice
          // being issued for one of them meanwhile (its mail job) takes KEY SHARE on the booking for
          // its foreign key while holding the invoice counter, which this transaction also needs to
          // issue the credit notes' invoices: with FOR UPDATE the two deadlocked (seen once in e2e).
          const bookings = await tx.$queryRaw<{ id: string; total_minor: number }[]>`
            SELECT id::text, total_minor FROM bookings
            WHERE showtime_id = ${options.showtimeId}::uuid AND status = 'CONFIRMED'
            ORDER BY id FOR NO KEY UPDATE`;
          const [bumped] = await tx.$queryRaw<{ versions: RowVersions }[]>`
            SELECT bump_seat_rows(${options.showtimeId}::uuid, ${rows}::int[]) AS versions`;
          const updated = await tx.showtime.updateMany({
            where: { id: options.showtimeId, status: 'SCHEDULED' },
            data: { status: 'CANCELLED', cancelledAt: new Date() },
          });
          if (updated.count === 0) throw new AppError('CONFLICT', 'This showtime is already cancelled.');
          const holds = await endHolds(tx, { showtimeId: options.showtimeId, holdIds, as: 'RELEASED' });
          const refundIds: string[] = [];
          const seatIds: string[] = [];
          for (const b of bookings) {
            const done = await cancelBookingTx(tx, {
              bookingId: b.id,
              refundMinor: b.total_minor,
              lessRefunded: true,
              reason: `Showtime cancelled by the cinema: ${options.reason}`,
              actor: options.viewer,
            });
            if (done.refundId) refundIds.push(done.refundId);
            seatIds.push(...done.seatIds);
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
          // A transaction bumps a row once: the later steps' versions are these.
          return { holds, refundIds, seatIds, versions: bumped?.versions ?? {}, bookings: bookings.length };
        },
        { label: 'cancel-showtime' },
      ),
  );
  publishCatalogChange({ showtimeIds: [options.showtimeId] });
  const events: SeatEvent[] = endedHoldEvents(result.holds, 'seat.released');
  if (result.seatIds.length) events.push({ type: 'seat.released', seatIds: result.seatIds });
  publishSeatEvents({
    showtimeId: options.showtimeId,
    versions: result.versions,
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
