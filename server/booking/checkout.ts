import 'server-only';
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { BookingResponse, PaymentInput, PaymentStartResponse } from '@/lib/schemas/booking';
import { type PriceBreakdown, priceBreakdownSchema } from '@/lib/schemas/pricing';
import { bookingView } from '@/server/booking/booking-view';
import { completeCheckout } from '@/server/booking/complete-checkout';
import { requestHash, withIdempotency } from '@/server/booking/idempotency';
import {
  decline,
  declineMessage,
  failPayment,
  paymentStaleMs,
  reverse,
  type Settlement,
  settlementError,
  settlePayment,
} from '@/server/booking/settle-payment';
import { db } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';
import { log } from '@/server/log';
import { measureCheckout } from '@/server/metrics/use-cases';
import { paymentProvider } from '@/server/payments';
import { attemptKey, type ChargeResult } from '@/server/payments/provider';
import { withDiscount } from '@/server/pricing/price-selection';
import { findPromo, promoDiscount } from '@/server/pricing/promo';

// Checkout turns a live hold into a booking. A card charge never runs inside a database
// transaction, and money never moves before the seats are secured:
//   1. prepare: the hold is the caller's, live, for a bookable showtime; the final price is
//      computed; the promo use is reserved (so no limit can be hit after the charge); a PENDING
//      payment is recorded (at most one per hold: a unique index), which keeps the hold from
//      being released or replaced, and the hold is extended to outlive the payment;
//   2. charge: through the provider, with an idempotency key derived from the hold and the
//      attempt number (Stripe: the PaymentIntent is created and recorded first, then confirmed);
//   3. complete (complete-checkout.ts): claims become SOLD and the booking is written, in a step
//      that cannot lose a serialization race; only a hold that ended before the payment finished
//      makes it fail, and then the money goes back in full.
// Whatever dies in between, the payment stays PENDING and is settled against the provider
// (settle-payment.ts): by a retry of the same request, Stripe's webhook, or the reconciler.
//
// Two ways to pay: `checkout` charges on the server (the sandbox's card details, or an API
// client's Stripe PaymentMethod) under an Idempotency-Key; `startPayment` + `confirmPayment` let
// the browser confirm a Stripe PaymentIntent with Stripe's own Payment Element (3-D Secure
// included), the booking made by whichever comes first of confirmPayment and the webhook.

/** How long a hold is kept while its card is charged from our server. */
const SERVER_PAYMENT_WINDOW_MINUTES = 2;
/** … and while the customer confirms in the browser, 3-D Secure challenge included. */
const BROWSER_PAYMENT_WINDOW_MINUTES = 10;

export type CheckoutInput = {
  userId: string;
  holdId: string;
  promoCode?: string;
  payment: PaymentInput;
  idempotencyKey?: string;
};

type Prepared = {
  paymentId: string;
  attempt: number;
  showtimeId: string;
  price: PriceBreakdown;
  expiresAt: Date;
};
type OpenPayment = { id: string; updatedAt: Date };

/** A box-office payment (server/boxoffice/sell-at-counter.ts): recorded with the counter's fields. */
export type CounterPaymentFields = {
  method: 'CASH' | 'CARD_TERMINAL' | 'UPI';
  counterReference: string | null;
  tenderedMinor: number | null;
  tillId: string;
  soldById: string;
};

/** The provider name of payments taken at the box office (no gateway: the money is in the till). */
export const COUNTER_PROVIDER = 'counter';

async function prepare(
  input: { userId: string; holdId: string; promoCode?: string },
  windowMinutes: number,
  counter?: CounterPaymentFields,
): Promise<Prepared | { open: OpenPayment } | { booked: string }> {
  const provider = counter ? COUNTER_PROVIDER : paymentProvider().name;
  // READ COMMITTED with the hold's row lock (and the promo's): everything below is decided under
  // locks, so no serialization failure can make a customer retry, and nothing here moves money.
  return readCommitted(
    async (tx) => {
      const [hold] = await tx.$queryRaw<
        {
          user_id: string | null;
          showtime_id: string;
          status: string;
          live: boolean;
          price: unknown;
          show_status: string;
          show_open: boolean;
          cinema_id: string;
          movie_id: string;
        }[]
      >`
        SELECT h.user_id::text, h.showtime_id::text, h.status::text, h.expires_at > now() AS live, h.price,
               s.status::text AS show_status, s.starts_at > now() AS show_open, sc.cinema_id::text,
               s.movie_id::text
        FROM seat_holds h JOIN showtimes s ON s.id = h.showtime_id JOIN screens sc ON sc.id = s.screen_id
        WHERE h.id = ${input.holdId}::uuid FOR UPDATE OF h`;
      if (!hold || hold.user_id !== input.userId) throw new AppError('NOT_FOUND', 'Hold not found.');
      if (hold.status === 'CONVERTED') {
        // Paid already (by a request whose answer was lost, which the reconciler or a webhook
        // finished): the customer's booking is the answer, not an error.
        const booking = await tx.booking.findUnique({
          where: { holdId: input.holdId },
          select: { reference: true },
        });
        if (booking) return { booked: booking.reference };
        throw new AppError('HOLD_NOT_ACTIVE', 'These seats are already booked.');
      }
      if (hold.status !== 'ACTIVE' || !hold.live) {
        throw new AppError('HOLD_EXPIRED', 'Your hold on these seats has ended. Choose your seats again.');
      }
      if (hold.show_status !== 'SCHEDULED' || !hold.show_open) {
        throw new AppError('SHOWTIME_NOT_BOOKABLE', 'This showtime is no longer on sale.');
      }
      const [open] = await tx.$queryRaw<{ id: string; updated_at: Date }[]>`
        SELECT id::text, updated_at FROM payments WHERE hold_id = ${input.holdId}::uuid AND status = 'PENDING'`;
      if (open) return { open: { id: open.id, updatedAt: open.updated_at } };

      const locked = priceBreakdownSchema.parse(hold.price);
      let discount = null;
      let promoId: string | null = null;
      if (input.promoCode) {
        // The promo's row lock puts its uses in a line, so the counts read below stay true until
        // this transaction reserves its own use.
        await tx.$queryRaw`SELECT 1 FROM promo_codes WHERE code = ${input.promoCode.toUpperCase()} FOR UPDATE`;
        const promo = await findPromo(input.promoCode, tx);
        promoId = promo.id;
        discount = await promoDiscount(promo, {
          userId: input.userId,
          cinemaId: hold.cinema_id,
          movieId: hold.movie_id,
          seatCount: locked.seats.length,
          now: new Date(),
          client: tx,
        });
      }
      const price = withDiscount(locked, discount);
      const [next] = await tx.$queryRaw<{ attempt: number }[]>`
        SELECT coalesce(max(attempt), 0) + 1 AS attempt FROM payments WHERE hold_id = ${input.holdId}::uuid`;
      const attempt = next?.attempt ?? 1;
      // The hold keeps the price being paid (whoever completes the booking books exactly that)
      // and must outlive the payment: the sweep would otherwise free seats being paid for.
      const [extended] = await tx.$queryRaw<{ expires_at: Date }[]>`
        WITH h AS (
          UPDATE seat_holds
          SET expires_at = greatest(expires_at, now() + make_interval(mins => ${windowMinutes}::int)),
              price = ${JSON.stringify(price)}::jsonb, total_minor = ${price.totalMinor}::int
          WHERE id = ${input.holdId}::uuid RETURNING id, expires_at
        ), c AS (
          UPDATE seat_claims c SET expires_at = h.expires_at FROM h WHERE c.hold_id = h.id AND c.state = 'HELD'
        )
        SELECT expires_at FROM h`;
      const paymentId = randomUUID();
      await tx.payment.create({
        data: {
          id: paymentId,
          holdId: input.holdId,
          attempt,
          provider,
          amountMinor: price.totalMinor,
          currency: price.currency,
          ...counter,
        },
      });
      if (price.discount && promoId) {
        // The CHECK promo_codes_redemptions_within_limit refuses the use past the limit.
        await tx.$executeRaw`UPDATE promo_codes SET redemption_count = redemption_count + 1 WHERE id = ${promoId}::uuid`;
        await tx.promoRedemption.create({
          data: {
            promoCodeId: promoId,
            userId: input.userId,
            paymentId,
            discountMinor: price.discount.amountMinor,
          },
        });
      }
      return {
        paymentId,
        attempt,
        showtimeId: hold.showtime_id,
        price,
        expiresAt: extended?.expires_at ?? new Date(),
      };
    },
    { label: 'checkout-prepare' },
  );
}

/**
 * Box office, step one: the same checks, price and PENDING payment as an online checkout (so the
 * hold is kept and cannot be replaced under it), paid at the counter instead of a gateway. The
 * caller completes it at once with completeCheckout.
 */
export function prepareCounterPayment(
  input: { userId: string; holdId: string },
  counter: CounterPaymentFields,
): Promise<Prepared | { open: OpenPayment } | { booked: string }> {
  return prepare(input, SERVER_PAYMENT_WINDOW_MINUTES, counter);
}

/**
 * A payment for this hold is already open. If the request that started it is gone (it is stale),
 * settle it now: it may have charged the card (then this is the booking), or nothing happened
 * (then it is closed and this request can pay). A fresh one belongs to a request still running.
 */
async function settleOpen(open: OpenPayment): Promise<Settlement> {
  const stale = Date.now() - open.updatedAt.getTime() > paymentStaleMs();
  const settled = await settlePayment(open.id, { stale });
  if (settled.kind === 'pending') {
    throw new AppError('PAYMENT_PENDING', 'A payment for these seats is already in progress.', {
      retryAfter: 2,
    });
  }
  return settled;
}

async function prepareOrSettle(
  input: { userId: string; holdId: string; promoCode?: string },
  windowMinutes: number,
): Promise<Prepared | { booked: string; created: boolean }> {
  for (let round = 0; ; round++) {
    const prepared = await prepare(input, windowMinutes);
    if ('booked' in prepared) return { booked: prepared.booked, created: false };
    if (!('open' in prepared)) return prepared;
    const settled = await settleOpen(prepared.open);
    // Another request's payment (a twin, or one that died): its booking, not this request's.
    if (settled.kind === 'booked') return { booked: settled.reference, created: false };
    // A reversed attempt (or a hold's last allowed decline) ended the hold; the next prepare says
    // so. A failed or declined one left it free to pay again. A second open payment in a row means someone else is paying.
    if (round >= 1) throw settlementError(settled);
  }
}

/** The booking, and whether it is this request's (false: an earlier attempt's, found already booked). */
type Checkout = { booking: BookingResponse; created: boolean };

async function booked(reference: string, created: boolean, userId: string): Promise<Checkout> {
  return { booking: await bookingView({ reference, viewerId: userId }), created };
}

async function runCheckout(input: CheckoutInput): Promise<Checkout> {
  const prepared = await prepareOrSettle(input, SERVER_PAYMENT_WINDOW_MINUTES);
  if ('booked' in prepared) return booked(prepared.booked, prepared.created, input.userId);
  const { paymentId, attempt, price } = prepared;
  const provider = paymentProvider();
  const idempotencyKey = attemptKey(input.holdId, attempt);
  const description = `Marquee tickets (${price.seats.map((s) => s.label).join(', ')})`;
  const metadata = { holdId: input.holdId, paymentId };

  let result: ChargeResult;
  try {
    let providerRef: string | null = null;
    if (provider.createIntent && input.payment.method === 'stripe') {
      // Stripe: the PaymentIntent is recorded before it is confirmed, so a crash between the two
      // leaves something the reconciler can look up.
      const intent = await provider.createIntent({
        paymentId,
        idempotencyKey,
        amountMinor: price.totalMinor,
        currency: price.currency,
        description,
        metadata,
        confirmedBy: 'server',
      });
      providerRef = intent.providerRef;
      await db().payment.update({ where: { id: paymentId }, data: { providerRef } });
    }
    result = await provider.charge({
      paymentId,
      idempotencyKey,
      amountMinor: price.totalMinor,
      currency: price.currency,
      payment: input.payment,
      description,
      metadata,
      providerRef,
    });
  } catch (error) {
    // No answer from the provider: the card may or may not have been charged. Ask once; if the
    // provider cannot say either, the payment stays PENDING and the reconciler settles it.
    log.error('payment provider did not answer', { paymentId, err: String(error) });
    const settled = await settlePayment(paymentId, { stale: true }).catch(() => null);
    if (settled?.kind === 'booked') return booked(settled.reference, true, input.userId);
    if (settled && settled.kind !== 'pending') throw settlementError(settled);
    throw new AppError(
      'BUSY',
      'The payment service did not answer. If your card was charged, your booking will be confirmed by email within a minute; otherwise nothing was taken. Pressing Pay again is safe.',
      { retryAfter: 5 },
    );
  }

  if (result.status === 'declined') {
    const { seatsReleased } = await decline(paymentId, result);
    throw new AppError('PAYMENT_DECLINED', declineMessage(result.code, seatsReleased), {
      details: { declineCode: result.code, seatsReleased },
    });
  }
  if (result.status === 'requires_action') {
    // The payment stays PENDING: the client finishes 3-D Secure with Stripe.js, then confirms.
    throw new AppError('PAYMENT_ACTION_REQUIRED', 'Your bank asks you to confirm this payment.', {
      details: { paymentId, clientSecret: result.clientSecret },
    });
  }
  let completed: { reference: string; created: boolean };
  try {
    completed = await completeCheckout({
      paymentId,
      providerRef: result.providerRef,
      cardLast4: result.cardLast4,
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    await reverse(paymentId, result.providerRef, error.code);
    throw new AppError(error.code, `${error.message} Your payment has been refunded in full.`, {
      details: error.details,
    });
  }
  // Outside the try on purpose: the booking is committed, so a failure to read it back must
  // never reverse the payment. It is this request's booking (its charge) even when another
  // request that found the payment open wrote the row first.
  return booked(completed.reference, true, input.userId);
}

export function checkout(
  input: CheckoutInput,
): Promise<{ status: number; booking: BookingResponse; replayed: boolean }> {
  return measureCheckout(() => checkoutUnmeasured(input));
}

async function checkoutUnmeasured(
  input: CheckoutInput,
): Promise<{ status: number; booking: BookingResponse; replayed: boolean }> {
  // The card details are part of the request's identity but must not be stored: hash them.
  const hash = requestHash({
    holdId: input.holdId,
    promoCode: input.promoCode ?? null,
    payment: input.payment,
  });
  const outcome = await withIdempotency(
    { userId: input.userId, key: input.idempotencyKey, scope: `checkout:${input.holdId}`, hash },
    async () => {
      const done = await runCheckout(input);
      // 200 and "replayed" when an earlier attempt (a request that died, or a twin running
      // alongside) had made the booking: this answer is not a second one.
      return { status: done.created ? 201 : 200, body: done.booking };
    },
  );
  return {
    status: outcome.status,
    booking: outcome.body,
    replayed: outcome.replayed || outcome.status === 200,
  };
}

/**
 * Stripe in the browser, step one: a PaymentIntent for the hold's final price, which the Payment
 * Element confirms. Calling it again (a reload, a second click, a changed promo code) stops the
 * open attempt and starts a new one, unless that attempt already paid: then it is the booking.
 */
export async function startPayment(input: {
  userId: string;
  holdId: string;
  promoCode?: string;
}): Promise<PaymentStartResponse> {
  const hold = await db().seatHold.findUnique({ where: { id: input.holdId }, select: { userId: true } });
  // Someone else's hold is "not found", whichever provider is configured.
  if (hold?.userId !== input.userId) throw new AppError('NOT_FOUND', 'Hold not found.');
  const provider = paymentProvider();
  if (!provider.createIntent) {
    throw new AppError(
      'CONFLICT',
      'This cinema takes card details on the checkout form; pay with it instead.',
    );
  }
  for (let round = 0; ; round++) {
    const prepared = await prepare(input, BROWSER_PAYMENT_WINDOW_MINUTES);
    if ('booked' in prepared) return { status: 'booked', reference: prepared.booked };
    if ('open' in prepared) {
      const settled = await settlePayment(prepared.open.id, { stale: true });
      if (settled.kind === 'booked') return { status: 'booked', reference: settled.reference };
      if (settled.kind === 'pending') {
        const paymentRef = await db().payment.findUniqueOrThrow({
          where: { id: prepared.open.id },
          select: { providerRef: true, amountMinor: true, currency: true },
        });
        const ref = { paymentId: prepared.open.id, ...paymentRef };
        if (!(await provider.cancel(ref))) continue; // it settled meanwhile: look again
        await failPayment(prepared.open.id, 'superseded');
      }
      if (round >= 2) throw new AppError('PAYMENT_PENDING', 'A payment for these seats is in progress.');
      continue;
    }
    const idempotencyKey = attemptKey(input.holdId, prepared.attempt);
    let intent: { providerRef: string; clientSecret: string };
    try {
      intent = await provider.createIntent({
        paymentId: prepared.paymentId,
        idempotencyKey,
        amountMinor: prepared.price.totalMinor,
        currency: prepared.price.currency,
        description: `Marquee tickets (${prepared.price.seats.map((s) => s.label).join(', ')})`,
        metadata: { holdId: input.holdId, paymentId: prepared.paymentId },
        confirmedBy: 'browser',
      });
    } catch (error) {
      // No PaymentIntent, so nothing can have been charged: close the attempt.
      log.error('could not create a PaymentIntent', { paymentId: prepared.paymentId, err: String(error) });
      await failPayment(prepared.paymentId, 'provider_unavailable');
      throw new AppError(
        'BUSY',
        'The payment service did not answer. You have not been charged; try again.',
        {
          retryAfter: 5,
        },
      );
    }
    await db().payment.update({
      where: { id: prepared.paymentId },
      data: { providerRef: intent.providerRef },
    });
    return {
      status: 'requires_confirmation',
      paymentId: prepared.paymentId,
      clientSecret: intent.clientSecret,
      amountMinor: prepared.price.totalMinor,
      currency: prepared.price.currency,
      price: prepared.price,
      expiresAt: prepared.expiresAt.toISOString(),
    };
  }
}

/**
 * Stripe in the browser, step two: the Payment Element has confirmed (or failed); the server asks
 * Stripe what happened and books, exactly once, whether or not the webhook was first.
 */
export async function confirmPayment(input: { userId: string; paymentId: string }): Promise<BookingResponse> {
  const payment = await db().payment.findUnique({
    where: { id: input.paymentId },
    select: { hold: { select: { userId: true } } },
  });
  // Someone else's payment is "not found": payment ids must not be probeable.
  if (payment?.hold.userId !== input.userId) throw new AppError('NOT_FOUND', 'Payment not found.');
  const settled = await settlePayment(input.paymentId);
  if (settled.kind !== 'booked') throw settlementError(settled);
  return bookingView({ reference: settled.reference, viewerId: input.userId });
}
