import 'server-only';
import { AppError } from '@/lib/errors';
import type { BookingResponse } from '@/lib/schemas/booking';
import { priceBreakdownSchema } from '@/lib/schemas/pricing';
import type { RowVersions } from '@/lib/seat-events';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { bookingView, canSeeBooking } from '@/server/booking/booking-view';
import { sendRefund } from '@/server/booking/refund-payment';
import { db, type Tx } from '@/server/db';
import { serializable } from '@/server/db/transaction';
import { publishSeatEvents } from '@/server/events/seat-events';
import { issueCreditNoteTx } from '@/server/invoices/issue-credit-note';
import { enqueueNotification } from '@/server/notifications/enqueue';
import { customerRefundMinor } from '@/server/pricing/price-selection';

// Cancelling a booking: tickets and seat claims are cancelled together (the constraint trigger
// seat_claims_ticketed_sold refuses one without the other), the seats return to sale, a refund is
// recorded in the same transaction and then sent to the provider.

export type CancelResult = {
  booking: BookingResponse;
  refund: { amountMinor: number; status: string } | null;
};

/** Inside a transaction: cancel one booking, free its seats, record its refund. */
export async function cancelBookingTx(
  tx: Tx,
  options: {
    bookingId: string;
    refundMinor: number;
    /**
     * refundMinor is the whole booking's due (a customer's cancellation, a show the cinema
     * cancels): what the desk already refunded of it is taken off, or a booking refunded in part
     * would be refunded twice (and payments_refunded_within_amount refuse the whole cancellation).
     */
    lessRefunded?: boolean;
    reason: string;
    actor: Viewer | null;
    /**
     * Records the refund instead of a PENDING one for the provider to send: the box office hands
     * money back at the counter (server/boxoffice/refund-counter-payment.ts). Returns its id.
     */
    recordRefund?: (paymentId: string) => Promise<string>;
  },
): Promise<{
  seatIds: string[];
  refundId: string | null;
  refundMinor: number;
  versions: RowVersions;
  showtimeId: string;
}> {
  const booking = await tx.booking.update({
    where: { id: options.bookingId, status: 'CONFIRMED' },
    data: { status: 'CANCELLED', cancelledAt: new Date(), cancelReason: options.reason },
    select: {
      id: true,
      reference: true,
      showtimeId: true,
      holdId: true,
      customerEmail: true,
      customerName: true,
      totalMinor: true,
    },
  });
  // The seats' rows before their tickets and claims: the lock order of every seat writer.
  const [bumped] = await tx.$queryRaw<{ versions: RowVersions }[]>`
    SELECT bump_seat_rows(${booking.showtimeId}::uuid, ARRAY(
      SELECT s.row_index FROM seat_claims c JOIN seats s ON s.id = c.seat_id
      WHERE c.hold_id = ${booking.holdId}::uuid AND c.state = 'SOLD')) AS versions`;
  await tx.ticket.updateMany({ where: { bookingId: booking.id }, data: { status: 'CANCELLED' } });
  const claims = await tx.seatClaim.findMany({
    where: { holdId: booking.holdId, state: 'SOLD' },
    select: { seatId: true },
  });
  await tx.seatClaim.updateMany({
    where: { holdId: booking.holdId, state: 'SOLD' },
    data: { state: 'CANCELLED' },
  });
  let refundId: string | null = null;
  const payment = await tx.payment.findFirst({
    where: { bookingId: booking.id, status: 'SUCCEEDED' },
    select: { id: true, amountMinor: true, refundedMinor: true },
  });
  const refundMinor =
    payment && options.lessRefunded
      ? Math.max(
          0,
          Math.min(options.refundMinor - payment.refundedMinor, payment.amountMinor - payment.refundedMinor),
        )
      : options.refundMinor;
  if (payment && refundMinor > 0 && options.recordRefund) {
    refundId = await options.recordRefund(payment.id);
  } else if (payment && refundMinor > 0) {
    const refund = await tx.refund.create({
      data: {
        paymentId: payment.id,
        bookingId: booking.id,
        amountMinor: refundMinor,
        reason: options.reason,
        requestedById: options.actor?.id ?? null,
      },
    });
    refundId = refund.id;
    await issueCreditNoteTx(tx, { refundId });
  }
  await recordAudit(tx, {
    actor: options.actor,
    action: 'booking.cancel',
    entityType: 'booking',
    entityId: booking.reference,
    before: { status: 'CONFIRMED', totalMinor: booking.totalMinor },
    after: { status: 'CANCELLED', refundMinor, reason: options.reason },
  });
  if (booking.customerEmail) {
    await enqueueNotification(tx, {
      kind: 'booking.cancelled',
      recipient: booking.customerEmail,
      payload: {
        reference: booking.reference,
        refundId,
        refundMinor,
        reason: options.reason,
      },
    });
  }
  return {
    seatIds: claims.map((c) => c.seatId),
    refundId,
    refundMinor,
    versions: bumped?.versions ?? {},
    showtimeId: booking.showtimeId,
  };
}

/** A customer cancels their own booking, up to the cinema's cut-off before the show. */
export async function cancelBooking(options: {
  reference: string;
  viewer: Viewer;
  reason?: string;
}): Promise<CancelResult> {
  const b = await db().booking.findUnique({
    where: { reference: options.reference },
    select: {
      id: true,
      userId: true,
      status: true,
      price: true,
      showtimeId: true,
      showtime: {
        select: {
          startsAt: true,
          screen: { select: { cinema: { select: { id: true, cancellationCutoffMins: true } } } },
        },
      },
    },
  });
  const cinema = b?.showtime.screen.cinema;
  if (!b || !cinema || !canSeeBooking(options.viewer, { userId: b.userId, cinemaId: cinema.id })) {
    throw new AppError('NOT_FOUND', 'Booking not found.');
  }
  if (b.userId !== options.viewer.id) {
    throw new AppError(
      'FORBIDDEN',
      'Only the customer can cancel their booking; managers cancel whole showtimes.',
    );
  }
  if (b.status !== 'CONFIRMED')
    throw new AppError('CANCELLATION_CLOSED', 'This booking is already cancelled.');
  const deadline = new Date(b.showtime.startsAt.getTime() - cinema.cancellationCutoffMins * 60_000);
  if (new Date() >= deadline) {
    throw new AppError(
      'CANCELLATION_CLOSED',
      `Bookings can be cancelled up to ${Math.round(cinema.cancellationCutoffMins / 60)} hours before the show.`,
    );
  }
  const refundMinor = customerRefundMinor(priceBreakdownSchema.parse(b.price));
  const done = await serializable(
    (tx) =>
      cancelBookingTx(tx, {
        bookingId: b.id,
        refundMinor,
        lessRefunded: true,
        reason: options.reason ? `Cancelled by customer: ${options.reason}` : 'Cancelled by customer',
        actor: options.viewer,
      }),
    { label: 'cancel-booking' },
  ).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'P2025')
      throw new AppError('CANCELLATION_CLOSED', 'This booking is already cancelled.');
    throw error;
  });
  publishSeatEvents({
    showtimeId: done.showtimeId,
    versions: done.versions,
    events: [{ type: 'seat.released', seatIds: done.seatIds }],
    committedAt: Date.now(),
  });
  const status = done.refundId ? await sendRefund(done.refundId) : null;
  return {
    booking: await bookingView({ reference: options.reference, viewer: options.viewer }),
    refund: status ? { amountMinor: done.refundMinor, status } : null,
  };
}
