import 'server-only';
import { AppError } from '@/lib/errors';
import type { CounterRefundResponse } from '@/lib/schemas/boxoffice';
import type { Viewer } from '@/server/auth/session';
import { cancelBookingTx } from '@/server/booking/cancel-booking';
import { COUNTER_PROVIDER } from '@/server/booking/checkout';
import { type CounterRefund, refundCounterPayment } from '@/server/boxoffice/refund-counter-payment';
import { serializable } from '@/server/db/transaction';
import { publishSeatEvents } from '@/server/events/seat-events';

// The customer brings a counter-sold booking back to the counter: its tickets are cancelled, its
// seats go back on sale (seat events published after commit, as any cancellation), and what is
// left of the payment is handed back from the seller's till, in one transaction.

export async function refundCounterBooking(options: {
  viewer: Viewer;
  reference: string;
  reason: string;
}): Promise<CounterRefundResponse> {
  const { viewer } = options;
  let refund: CounterRefund | null = null;
  const done = await serializable(
    async (tx) => {
      const booking = await tx.booking.findUnique({
        where: { reference: options.reference },
        select: {
          id: true,
          status: true,
          payments: {
            where: { status: 'SUCCEEDED', provider: COUNTER_PROVIDER },
            select: { id: true, amountMinor: true, refunds: { select: { amountMinor: true, status: true } } },
          },
          showtime: { select: { screen: { select: { cinemaId: true } } } },
        },
      });
      const cinemaId = booking?.showtime.screen.cinemaId;
      const payment = booking?.payments[0];
      // Not a counter sale of a cinema the viewer works at: as if it did not exist.
      if (
        !booking ||
        !cinemaId ||
        !payment ||
        (viewer.role !== 'ADMIN' && !viewer.staffCinemaIds.includes(cinemaId))
      ) {
        throw new AppError('NOT_FOUND', 'No counter sale with this reference.');
      }
      if (booking.status !== 'CONFIRMED')
        throw new AppError('CONFLICT', 'This booking is already cancelled.');
      const refundedSoFar = payment.refunds
        .filter((r) => r.status !== 'FAILED')
        .reduce((sum, r) => sum + r.amountMinor, 0);
      const amountMinor = payment.amountMinor - refundedSoFar;
      if (amountMinor <= 0) {
        throw new AppError(
          'CONFLICT',
          'This payment was refunded in full already; nothing is left to hand back.',
        );
      }
      const cancelled = await cancelBookingTx(tx, {
        bookingId: booking.id,
        refundMinor: amountMinor,
        reason: `Refunded at the box office: ${options.reason}`,
        actor: viewer,
        recordRefund: async () => {
          refund = await refundCounterPayment({
            tx,
            payment: { id: payment.id },
            amountMinor,
            reason: options.reason,
            viewer,
          });
          return refund.refundId;
        },
      });
      const seats = await tx.seat.findMany({
        where: { id: { in: cancelled.seatIds } },
        select: { rowLabel: true, number: true },
        orderBy: [{ rowIndex: 'asc' }, { col: 'asc' }],
      });
      return { ...cancelled, seatLabels: seats.map((s) => `${s.rowLabel}${s.number}`) };
    },
    { label: 'boxoffice-refund' },
  ).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'P2025') {
      throw new AppError('CONFLICT', 'This booking is already cancelled.');
    }
    throw error;
  });
  publishSeatEvents({
    showtimeId: done.showtimeId,
    versions: done.versions,
    events: [{ type: 'seat.released', seatIds: done.seatIds }],
    committedAt: Date.now(),
  });
  const r = refund as CounterRefund | null;
  if (!r || !done.refundId) throw new Error('counter refund not recorded');
  return {
    reference: options.reference,
    refundId: r.refundId,
    amountMinor: r.amountMinor,
    method: r.method,
    tillId: r.tillId,
    seatsReleased: done.seatLabels,
  };
}
