import 'server-only';
import { AppError } from '@/lib/errors';
import type { CounterMethod } from '@/lib/schemas/boxoffice';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { COUNTER_PROVIDER } from '@/server/booking/checkout';
import { managesCinema } from '@/server/boxoffice/counter-access';
import { openTillOf } from '@/server/boxoffice/list-tills';
import type { Tx } from '@/server/db';
import { issueCreditNoteTx } from '@/server/invoices/issue-credit-note';

// Money handed back at the counter for a box-office payment (provider 'counter'): no gateway to
// ask, so the refund is SUCCEEDED at once, recorded against the refunding seller's open till (a
// CASH refund must come out of a drawer, so it needs one; card-terminal and UPI refunds are done
// on the terminal or the UPI app and go on the till when one is open). Full or partial: the
// trigger refunds_within_payment keeps the refunds of a payment within what was paid.
//
// The contract other use cases rely on (the bookings desk refunds counter payments through this):
// call it inside your transaction, with the payment's id; it authorizes the viewer (staff refund
// only their own counter sales; managers any at their cinemas; admins all), locks the payment,
// writes the refund and its audit record, and returns what it wrote. It does not cancel tickets.

export type CounterRefund = {
  refundId: string;
  amountMinor: number;
  method: CounterMethod;
  tillId: string | null;
};

export async function refundCounterPayment(options: {
  tx: Tx;
  payment: { id: string };
  amountMinor: number;
  reason: string;
  viewer: Viewer;
}): Promise<CounterRefund> {
  const { tx, viewer } = options;
  if (!Number.isInteger(options.amountMinor) || options.amountMinor <= 0) {
    throw new AppError('VALIDATION_FAILED', 'A refund is a positive amount.', {
      details: [{ path: 'amountMinor', message: 'Enter an amount above zero' }],
    });
  }
  const [payment] = await tx.$queryRaw<
    {
      provider: string;
      status: string;
      method: CounterMethod | null;
      amount_minor: number;
      booking_id: string | null;
      sold_by_id: string | null;
      cinema_id: string;
      refunded: number;
    }[]
  >`
    SELECT p.provider, p.status::text, p.method, p.amount_minor, p.booking_id::text, p.sold_by_id::text,
           sc.cinema_id::text,
           (SELECT coalesce(sum(r.amount_minor), 0)::int FROM refunds r
             WHERE r.payment_id = p.id AND r.status <> 'FAILED') AS refunded
    FROM payments p JOIN seat_holds h ON h.id = p.hold_id JOIN showtimes s ON s.id = h.showtime_id
    JOIN screens sc ON sc.id = s.screen_id
    WHERE p.id = ${options.payment.id}::uuid FOR UPDATE OF p`;
  if (!payment) throw new AppError('NOT_FOUND', 'Payment not found.');
  const mine = payment.sold_by_id === viewer.id && viewer.staffCinemaIds.includes(payment.cinema_id);
  if (!mine && !managesCinema(viewer, payment.cinema_id)) {
    throw new AppError(
      'FORBIDDEN',
      'Only the seller who took this payment, or a manager of the cinema, can refund it.',
    );
  }
  if (payment.provider !== COUNTER_PROVIDER || !payment.method) {
    throw new AppError(
      'CONFLICT',
      'This payment was not taken at the counter; refund it to the card instead.',
    );
  }
  if (payment.status !== 'SUCCEEDED') throw new AppError('CONFLICT', 'This payment did not complete.');
  const left = payment.amount_minor - payment.refunded;
  if (options.amountMinor > left) {
    throw new AppError('CONFLICT', `At most ${(left / 100).toFixed(2)} is left to refund on this payment.`, {
      details: { refundableMinor: left },
    });
  }
  const till = await openTillOf(viewer, payment.cinema_id, tx);
  if (payment.method === 'CASH' && !till) {
    throw new AppError('CONFLICT', 'Open your till first: cash is refunded from a till.', {
      details: { reason: 'till-closed' },
    });
  }
  const refund = await tx.refund.create({
    data: {
      paymentId: options.payment.id,
      bookingId: payment.booking_id,
      amountMinor: options.amountMinor,
      reason: options.reason,
      requestedById: viewer.id,
      status: 'SUCCEEDED',
      tillId: till?.id ?? null,
    },
    select: { id: true },
  });
  await issueCreditNoteTx(tx, { refundId: refund.id });
  await recordAudit(tx, {
    actor: viewer,
    action: 'boxoffice.refund',
    entityType: 'payment',
    entityId: options.payment.id,
    before: { refundedMinor: payment.refunded, amountMinor: payment.amount_minor },
    after: {
      refundedMinor: payment.refunded + options.amountMinor,
      refundId: refund.id,
      amountMinor: options.amountMinor,
      method: payment.method,
      tillId: till?.id ?? null,
      reason: options.reason,
    },
  });
  return {
    refundId: refund.id,
    amountMinor: options.amountMinor,
    method: payment.method,
    tillId: till?.id ?? null,
  };
}
