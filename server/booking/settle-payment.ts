import 'server-only';
import { AppError, type ErrorCode, isAppError } from '@/lib/errors';
import { completeCheckout } from '@/server/booking/complete-checkout';
import { endedHoldEvents, endHolds } from '@/server/booking/end-holds';
import { sendRefund } from '@/server/booking/refund-payment';
import { db, type Tx } from '@/server/db';
import { readCommitted, serializable } from '@/server/db/transaction';
import { env } from '@/server/env';
import { publishSeatEvents } from '@/server/events/seat-events';
import { log } from '@/server/log';
import { enqueueNotification } from '@/server/notifications/enqueue';
import { paymentProvider } from '@/server/payments';
import type { DeclineCode } from '@/server/payments/provider';

// Settling a payment: asking the provider what became of it and acting on the answer, exactly
// once whoever asks. Checkout asks right after charging; the browser asks after Stripe's Payment
// Element confirmed; Stripe's webhook tells us; and the reconciler (reconcile-payments.ts) asks
// for every payment left PENDING by a request that died. They all end here:
//   charged   → the booking is made (completeCheckout), or, if the hold ended first, the money
//               goes back in full (reverse);
//   declined  → the payment fails; the hold stays for the rest of its time so the customer can try
//               another card, until MAX_DECLINES declines, which release the seats;
//   open      → left alone while the hold lives (a 3-D Secure challenge under way); once the hold
//               is over, stopped at the provider and failed, so it can never succeed later;
//   unknown   → nothing was charged: once the payment is stale, it is failed and the hold is free
//               to be paid again.

const DECLINES: ReadonlySet<string> = new Set<DeclineCode>([
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'incorrect_number',
  'processing_error',
]);

/**
 * Declined attempts a hold survives. A customer whose card is refused keeps their seats to try
 * another card (releasing them at once made them choose again, and lost the seats to others);
 * a card tester cannot keep seats off sale with endless declines: the third releases them.
 */
export const MAX_DECLINES = 3;

/** A PENDING payment older than this has lost the request that started it (PAYMENT_STALE_SECONDS). */
export function paymentStaleMs(): number {
  return env().PAYMENT_STALE_SECONDS * 1000;
}

export type Settlement =
  | { kind: 'booked'; reference: string; created: boolean }
  | { kind: 'declined'; code: string; message: string; seatsReleased: boolean }
  | { kind: 'reversed'; reason: ErrorCode; message: string }
  | { kind: 'pending'; clientSecret?: string }
  | { kind: 'failed'; reason: string };

/** Gives back a promo use reserved for a payment that will not become a booking. */
async function releasePromo(tx: Tx, paymentId: string): Promise<void> {
  const [released] = await tx.$queryRaw<{ promo_code_id: string }[]>`
    DELETE FROM promo_redemptions WHERE payment_id = ${paymentId}::uuid AND booking_id IS NULL
    RETURNING promo_code_id::text`;
  if (released) {
    await tx.$executeRaw`
      UPDATE promo_codes SET redemption_count = redemption_count - 1 WHERE id = ${released.promo_code_id}::uuid`;
  }
}

/** Closes a PENDING payment that moved no money (abandoned, or stopped at the provider). */
export async function failPayment(paymentId: string, reason: string): Promise<boolean> {
  return readCommitted(async (tx) => {
    const closed = await tx.$executeRaw`
      UPDATE payments SET status = 'FAILED', failure_code = ${reason}, updated_at = now()
      WHERE id = ${paymentId}::uuid AND status = 'PENDING'`;
    if (closed) await releasePromo(tx, paymentId);
    return closed > 0;
  });
}

/**
 * The card was declined: the payment fails. The hold stays for the rest of its time (another card
 * may be tried), unless this was its MAX_DECLINES-th decline: then the seats go back on sale.
 */
export async function decline(
  paymentId: string,
  result: { code: string; providerRef: string | null },
): Promise<{ seatsReleased: boolean }> {
  const payment = await db().payment.findUnique({
    where: { id: paymentId },
    select: { holdId: true, hold: { select: { showtimeId: true, status: true, expiresAt: true } } },
  });
  if (!payment) return { seatsReleased: true };
  const showtimeId = payment.hold.showtimeId;
  // Not queued with the showtime's holds in this process: a decline is rare, and conflicts only
  // with holds on the same rows (a conflict is retried).
  const done = await serializable(
    async (tx) => {
      const closed = await tx.$executeRaw`
        UPDATE payments SET status = 'FAILED', failure_code = ${result.code},
               provider_ref = coalesce(${result.providerRef}, provider_ref), updated_at = now()
        WHERE id = ${paymentId}::uuid AND status = 'PENDING'`;
      if (!closed) return null;
      await releasePromo(tx, paymentId);
      // Kept only while it is still worth paying for: fewer than MAX_DECLINES declines, the show
      // still on sale (a cancellation passes over a hold being paid for, leaving it to this), and
      // no newer hold of the customer's on the show (holding again while paying leaves the old
      // hold to its payment).
      const [state] = await tx.$queryRaw<{ declines: number; on_sale: boolean; replaced: boolean }[]>`
        SELECT (SELECT count(*)::int FROM payments
                WHERE hold_id = h.id AND status = 'FAILED' AND failure_code = ANY(${[...DECLINES]}::text[])) AS declines,
               (SELECT status = 'SCHEDULED' FROM showtimes WHERE id = h.showtime_id) AS on_sale,
               EXISTS (SELECT 1 FROM seat_holds o WHERE o.user_id = h.user_id AND o.showtime_id = h.showtime_id
                       AND o.status = 'ACTIVE' AND o.id <> h.id) AS replaced
        FROM seat_holds h WHERE h.id = ${payment.holdId}::uuid`;
      if (state && state.declines < MAX_DECLINES && state.on_sale && !state.replaced) return { ended: null };
      return { ended: await endHolds(tx, { showtimeId, holdIds: [payment.holdId], as: 'RELEASED' }) };
    },
    { label: 'checkout-decline' },
  );
  if (done?.ended) {
    publishSeatEvents({
      showtimeId,
      versions: done.ended.versions,
      events: endedHoldEvents(done.ended, 'seat.released'),
      committedAt: Date.now(),
    });
  }
  // Settled by someone else first: the hold says whether the seats are still there.
  if (!done) return { seatsReleased: holdOver(payment.hold) };
  return { seatsReleased: done.ended !== null };
}

/**
 * The charge went through but the booking could not be made (the hold ended first): every paisa
 * goes back. The reversal is a refund like any other (bounded retries, and if it keeps failing it
 * is FAILED and shown to the cinema's managers), so money without seats is never silent.
 */
export async function reverse(paymentId: string, chargeRef: string, why: string): Promise<void> {
  const reversed = await readCommitted(async (tx) => {
    const [payment] = await tx.$queryRaw<
      {
        status: string;
        amount_minor: number;
        booking_id: string | null;
        hold_id: string;
        showtime_id: string;
        email: string | null;
      }[]
    >`
      SELECT p.status::text, p.amount_minor, p.booking_id::text, p.hold_id::text, h.showtime_id::text, u.email
      FROM payments p JOIN seat_holds h ON h.id = p.hold_id LEFT JOIN users u ON u.id = h.user_id
      WHERE p.id = ${paymentId}::uuid FOR UPDATE OF p`;
    // A booked payment is never reversed here (that is a cancellation); a reversal is made once.
    if (!payment || payment.booking_id) return null;
    const [existing] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM refunds WHERE payment_id = ${paymentId}::uuid AND booking_id IS NULL`;
    if (existing) return { refundId: existing.id, ended: null, showtimeId: payment.showtime_id };
    await tx.$executeRaw`
      UPDATE payments SET status = 'REVERSED', provider_ref = ${chargeRef}, failure_code = ${why}, updated_at = now()
      WHERE id = ${paymentId}::uuid`;
    await releasePromo(tx, paymentId);
    // Whatever is left of the hold (the show was cancelled under the payment, or some of its
    // seats lapsed to others) goes back on sale: the customer has their money back, not seats.
    const ended = await endHolds(tx, {
      showtimeId: payment.showtime_id,
      holdIds: [payment.hold_id],
      as: 'RELEASED',
    });
    const refund = await tx.refund.create({
      data: { paymentId, bookingId: null, amountMinor: payment.amount_minor, reason: `reversal: ${why}` },
      select: { id: true },
    });
    if (payment.email) {
      await enqueueNotification(tx, {
        kind: 'payment.reversed',
        recipient: payment.email,
        payload: { paymentId, refundId: refund.id, amountMinor: payment.amount_minor },
      });
    }
    return { refundId: refund.id, ended, showtimeId: payment.showtime_id };
  });
  if (!reversed) return;
  if (reversed.ended) {
    publishSeatEvents({
      showtimeId: reversed.showtimeId,
      versions: reversed.ended.versions,
      events: endedHoldEvents(reversed.ended, 'seat.released'),
      committedAt: Date.now(),
    });
  }
  await sendRefund(reversed.refundId);
}

function holdOver(hold: { status: string; expiresAt: Date }, now = new Date()): boolean {
  return hold.status !== 'ACTIVE' || hold.expiresAt <= now;
}

/**
 * What became of this payment, acted upon. `stale` (the reconciler, or a retry that found the
 * payment's request gone) lets an unknown payment be closed as abandoned.
 */
export async function settlePayment(
  paymentId: string,
  options: { stale?: boolean } = {},
): Promise<Settlement> {
  const payment = await db().payment.findUnique({
    where: { id: paymentId },
    select: {
      status: true,
      provider: true,
      providerRef: true,
      amountMinor: true,
      currency: true,
      failureCode: true,
      booking: { select: { reference: true } },
      hold: { select: { status: true, expiresAt: true } },
    },
  });
  if (!payment) throw new AppError('NOT_FOUND', 'Payment not found.');
  if (payment.booking) return { kind: 'booked', reference: payment.booking.reference, created: false };
  if (payment.status === 'REVERSED') {
    return { kind: 'reversed', reason: 'HOLD_EXPIRED', message: 'Your payment was refunded in full.' };
  }
  if (payment.status !== 'PENDING') {
    // Settled before (by the webhook, say): the same answer again.
    const code = payment.failureCode ?? 'failed';
    const seatsReleased = holdOver(payment.hold);
    return DECLINES.has(code)
      ? { kind: 'declined', code, message: declineMessage(code, seatsReleased), seatsReleased }
      : { kind: 'failed', reason: code };
  }

  const provider = paymentProvider();
  if (payment.provider !== provider.name) {
    // Switching providers with payments in flight: they need a person, not a guess.
    log.error('payment made with another provider is still pending', {
      paymentId,
      provider: payment.provider,
    });
    return { kind: 'pending' };
  }
  const ref = {
    paymentId,
    providerRef: payment.providerRef,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
  };
  for (let round = 0; round < 2; round++) {
    const found = await provider.lookup(ref).catch((error: unknown) => {
      // The provider cannot say now: the payment stays PENDING for the next ask.
      throw new AppError('BUSY', 'The payment service did not answer; try again in a moment.', {
        retryAfter: 5,
        cause: error,
      });
    });
    switch (found.status) {
      case 'succeeded':
        try {
          const booked = await completeCheckout({
            paymentId,
            providerRef: found.providerRef,
            cardLast4: found.cardLast4,
          });
          return { kind: 'booked', ...booked };
        } catch (error) {
          // Only an answer about this hold (it ended, it was closed) reverses the charge; a
          // database outage leaves the payment PENDING for the next try.
          if (!isAppError(error) || error.status >= 500) throw error;
          await reverse(paymentId, found.providerRef, error.code);
          return {
            kind: 'reversed',
            reason: error.code,
            message: `${error.message} Your payment has been refunded in full.`,
          };
        }
      case 'declined': {
        const { seatsReleased } = await decline(paymentId, {
          code: found.code,
          providerRef: found.providerRef,
        });
        return {
          kind: 'declined',
          code: found.code,
          message: declineMessage(found.code, seatsReleased),
          seatsReleased,
        };
      }
      case 'pending':
        if (!holdOver(payment.hold)) return { kind: 'pending', clientSecret: found.clientSecret };
        // The hold is over: stop the payment so it cannot succeed later. If it settled meanwhile,
        // look again and act on that.
        if (await provider.cancel(ref)) {
          await failPayment(paymentId, 'hold_ended');
          return { kind: 'failed', reason: 'hold_ended' };
        }
        continue;
      case 'not_found':
        if (!options.stale) return { kind: 'pending' };
        await failPayment(paymentId, 'abandoned');
        return { kind: 'failed', reason: 'abandoned' };
    }
  }
  return { kind: 'pending' };
}

/** The customer's words for a decline code, and what became of their seats. */
export function declineMessage(code: DeclineCode | string, seatsReleased = false): string {
  const seats = seatsReleased
    ? 'Your seats were released after too many declined attempts; choose seats again to book.'
    : 'Your seats are still held for you:';
  switch (code) {
    case 'insufficient_funds':
      return `Your card was declined for insufficient funds. ${seats}${seatsReleased ? '' : ' try another card.'}`;
    case 'expired_card':
      return `Your card has expired. ${seats}${seatsReleased ? '' : ' try another card.'}`;
    case 'incorrect_cvc':
      return `The security code was incorrect. ${seats}${seatsReleased ? '' : ' check it and try again.'}`;
    case 'incorrect_number':
      return `The card number is not valid. ${seats}${seatsReleased ? '' : ' check it and try again.'}`;
    default:
      return `Your card was declined. ${seats}${seatsReleased ? '' : ' try another card.'}`;
  }
}

/** Throws the error a client should see for a settlement that did not book. */
export function settlementError(s: Exclude<Settlement, { kind: 'booked' }>): AppError {
  switch (s.kind) {
    case 'declined':
      return new AppError('PAYMENT_DECLINED', declineMessage(s.code, s.seatsReleased), {
        details: { declineCode: s.code, seatsReleased: s.seatsReleased },
      });
    case 'reversed':
      return new AppError(s.reason, s.message);
    case 'pending':
      return new AppError(
        'PAYMENT_PENDING',
        'Your bank is still confirming this payment. Your tickets will be emailed to you as soon as it does.',
        { retryAfter: 3 },
      );
    case 'failed':
      return s.reason === 'hold_ended'
        ? new AppError(
            'HOLD_EXPIRED',
            'Your hold ended before the payment was completed; you have not been charged. Choose your seats again.',
          )
        : new AppError(
            'CONFLICT',
            'This payment was not completed and you have not been charged. Try again.',
          );
  }
}
