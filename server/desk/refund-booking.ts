import 'server-only';
import { AppError } from '@/lib/errors';
import type { DeskRefundRequest, DeskRefundResult } from '@/lib/schemas/desk';
import { priceBreakdownSchema } from '@/lib/schemas/pricing';
import type { RowVersions } from '@/lib/seat-events';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { cancelBookingTx } from '@/server/booking/cancel-booking';
import { COUNTER_PROVIDER } from '@/server/booking/checkout';
import { sendRefund } from '@/server/booking/refund-payment';
import { forgetRows } from '@/server/booking/seat-rows-cache';
import { refundCounterPayment } from '@/server/boxoffice/refund-counter-payment';
import type { Tx } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { serializable } from '@/server/db/transaction';
import { deskBookingRef } from '@/server/desk/desk-access';
import { pickTickets } from '@/server/desk/pick-tickets';
import { publishSeatEvents } from '@/server/events/seat-events';
import { issueCreditNoteTx } from '@/server/invoices/issue-credit-note';
import { customerRefundMinor } from '@/server/pricing/price-selection';

// The cinema refunds one booking from its side, through the same pipeline as every refund: the
// refund is a row written in the transaction that changes the booking (so the database's bound on
// refunds, payments_refunded_within_amount, judges it there), then sent to the provider; the
// refunds job retries it and /admin/refunds shows it if the provider will not take it.
//   full     every live ticket cancelled, seats back on sale, refund (default: all that is left)
//   tickets  those tickets cancelled, their seats back on sale, refund (default: their share)
//   amount   goodwill: money back, tickets kept
// A checked-in ticket is never cancelled (someone is in that seat): refund it by amount instead.

type Done = {
  status: 'CONFIRMED' | 'CANCELLED';
  cancelledTicketIds: string[];
  refundId: string | null;
  amountMinor: number;
  released: { showtimeId: string; seatIds: string[]; rows: number[]; versions: RowVersions } | null;
};

export async function refundDeskBooking(options: {
  viewer: Viewer;
  reference: string;
  request: DeskRefundRequest;
}): Promise<DeskRefundResult> {
  const { viewer, request } = options;
  const ref = await deskBookingRef(viewer, options.reference);
  // "cinema" in the reason makes the customer's mail say the cinema cancelled (notification-mail.ts).
  const reason = `By the cinema: ${request.reason}`;
  const done = await serializable((tx) => refundTx(tx, { viewer, bookingId: ref.id, request, reason }), {
    label: 'desk-refund',
  }).catch((error: unknown) => {
    if (
      isConstraintViolation(error, 'payments_refunded_within_amount') ||
      isConstraintViolation(error, 'refunds_within_payment')
    ) {
      throw new AppError('CONFLICT', 'That is more than is left to refund on this booking.', {
        details: { reason: 'exceeds-payment' },
      });
    }
    if ((error as { code?: string }).code === 'P2025') {
      throw new AppError('CONFLICT', 'This booking is already cancelled.', {
        details: { reason: 'cancelled' },
      });
    }
    throw error;
  });
  if (done.released?.seatIds.length) {
    const { showtimeId, seatIds, rows, versions } = done.released;
    forgetRows(showtimeId, rows);
    publishSeatEvents({
      showtimeId,
      versions,
      events: [{ type: 'seat.released', seatIds }],
      committedAt: Date.now(),
    });
  }
  const status = done.refundId ? await sendRefund(done.refundId) : null;
  return {
    reference: ref.reference,
    status: done.status,
    cancelledTicketIds: done.cancelledTicketIds,
    refund: done.refundId && status ? { id: done.refundId, amountMinor: done.amountMinor, status } : null,
  };
}

async function refundTx(
  tx: Tx,
  o: { viewer: Viewer; bookingId: string; request: DeskRefundRequest; reason: string },
): Promise<Done> {
  const { request } = o;
  // The booking row first: two desk changes to one booking queue here.
  const [booking] = await tx.$queryRaw<
    { status: 'CONFIRMED' | 'CANCELLED'; reference: string; showtime_id: string; price: unknown }[]
  >`SELECT status::text, reference, showtime_id::text, price FROM bookings WHERE id = ${o.bookingId}::uuid FOR UPDATE`;
  if (!booking) throw new AppError('NOT_FOUND', 'Booking not found.');
  if (request.mode !== 'amount' && booking.status !== 'CONFIRMED') {
    throw new AppError('CONFLICT', 'This booking is already cancelled.', {
      details: { reason: 'cancelled' },
    });
  }
  const payment = await tx.payment.findFirst({
    where: { bookingId: o.bookingId, status: 'SUCCEEDED' },
    select: { id: true, provider: true, amountMinor: true, refundedMinor: true },
  });
  const left = payment ? payment.amountMinor - payment.refundedMinor : 0;
  const tickets = await tx.ticket.findMany({
    where: { bookingId: o.bookingId, status: { not: 'CANCELLED' } },
    select: {
      id: true,
      status: true,
      priceMinor: true,
      seatId: true,
      claimId: true,
      seat: { select: { rowIndex: true } },
    },
  });
  const chosen = pickTickets(
    tickets,
    request.mode === 'full' ? tickets.map((t) => t.id) : request.mode === 'tickets' ? request.ticketIds : [],
    'A checked-in ticket cannot be cancelled: someone is in that seat. Refund an amount instead.',
  );
  const price = priceBreakdownSchema.parse(booking.price);
  const share =
    price.subtotalMinor > 0
      ? Math.round(
          (customerRefundMinor(price) * chosen.reduce((n, t) => n + t.priceMinor, 0)) / price.subtotalMinor,
        )
      : 0;
  const amountMinor =
    request.mode === 'amount'
      ? request.amountMinor
      : (request.amountMinor ?? (request.mode === 'full' ? left : Math.min(share, left)));
  if (amountMinor > left) {
    throw new AppError('CONFLICT', `At most ${left} (minor units) is left to refund on this booking.`, {
      details: { reason: 'exceeds-payment', leftMinor: left },
    });
  }
  // Money taken at the counter goes back at the counter, from the refunding seller's till
  // (SUCCEEDED at once, never sent to a gateway; a cash refund needs an open till).
  const counter = payment?.provider === COUNTER_PROVIDER;
  const counterRefund = async (paymentId: string) =>
    (
      await refundCounterPayment({
        tx,
        payment: { id: paymentId },
        amountMinor,
        reason: o.reason,
        viewer: o.viewer,
      })
    ).refundId;
  if (amountMinor > 0 && !payment) {
    throw new AppError('CONFLICT', 'Nothing was paid for this booking.', { details: { reason: 'not-paid' } });
  }

  if (request.mode === 'full' || (request.mode === 'tickets' && chosen.length === tickets.length)) {
    const cancelled = await cancelBookingTx(tx, {
      bookingId: o.bookingId,
      refundMinor: amountMinor,
      reason: o.reason,
      actor: o.viewer,
      ...(counter ? { recordRefund: counterRefund } : {}),
    });
    return {
      status: 'CANCELLED',
      cancelledTicketIds: tickets.map((t) => t.id),
      refundId: cancelled.refundId,
      amountMinor,
      released: {
        showtimeId: cancelled.showtimeId,
        seatIds: cancelled.seatIds,
        rows: [...new Set(tickets.map((t) => t.seat.rowIndex))],
        versions: cancelled.versions,
      },
    };
  }

  let released: Done['released'] = null;
  if (chosen.length) {
    const rows = [...new Set(chosen.map((t) => t.seat.rowIndex))].sort((a, b) => a - b);
    // The seats' rows before their tickets and claims: the lock order of every seat writer.
    const [bumped] = await tx.$queryRaw<{ versions: RowVersions }[]>`
      SELECT bump_seat_rows(${booking.showtime_id}::uuid, ${rows}::int[]) AS versions`;
    const ids = chosen.map((t) => t.id);
    await tx.ticket.updateMany({ where: { id: { in: ids } }, data: { status: 'CANCELLED' } });
    await tx.seatClaim.updateMany({
      where: { id: { in: chosen.map((t) => t.claimId) }, state: 'SOLD' },
      data: { state: 'CANCELLED' },
    });
    released = {
      showtimeId: booking.showtime_id,
      seatIds: chosen.map((t) => t.seatId),
      rows,
      versions: bumped?.versions ?? {},
    };
  }
  const refund =
    amountMinor > 0 && payment && counter
      ? { id: await counterRefund(payment.id) }
      : amountMinor > 0 && payment
        ? await tx.refund.create({
            data: {
              paymentId: payment.id,
              bookingId: o.bookingId,
              amountMinor,
              reason: o.reason,
              requestedById: o.viewer.id,
            },
            select: { id: true },
          })
        : null;
  // A counter refund issued its credit note in refundCounterPayment.
  if (refund && !counter) await issueCreditNoteTx(tx, { refundId: refund.id });
  await recordAudit(tx, {
    actor: o.viewer,
    action: request.mode === 'tickets' ? 'booking.refund-tickets' : 'booking.refund',
    entityType: 'booking',
    entityId: booking.reference,
    before: {
      tickets: tickets.map((t) => t.id),
      refundedMinor: payment?.refundedMinor ?? 0,
    },
    after: {
      tickets: tickets.filter((t) => !chosen.includes(t)).map((t) => t.id),
      cancelledTickets: chosen.map((t) => t.id),
      refundedMinor: (payment?.refundedMinor ?? 0) + amountMinor,
      refundId: refund?.id ?? null,
      amountMinor,
      reason: request.reason,
    },
  });
  return {
    status: booking.status,
    cancelledTicketIds: chosen.map((t) => t.id),
    refundId: refund?.id ?? null,
    amountMinor,
    released,
  };
}
