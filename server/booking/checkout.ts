import 'server-only';
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { BookingResponse, PaymentInput } from '@/lib/schemas/booking';
import { type PriceBreakdown, priceBreakdownSchema } from '@/lib/schemas/pricing';
import type { Prisma } from '@/prisma/generated/client';
import { bookingView } from '@/server/booking/booking-view';
import { endedHoldEvents, endHolds } from '@/server/booking/end-holds';
import { requestHash, withIdempotency } from '@/server/booking/idempotency';
import { withKeyLock } from '@/server/booking/keyed-mutex';
import { db } from '@/server/db';
import { serializable } from '@/server/db/transaction';
import { log } from '@/server/log';
import { enqueueNotification } from '@/server/notifications/enqueue';
import { paymentProvider } from '@/server/payments';
import type { ChargeResult } from '@/server/payments/provider';
import { withDiscount } from '@/server/pricing/price-selection';
import { findPromo, promoDiscount } from '@/server/pricing/promo';
import { publishSeatEvents } from '@/server/realtime/publish';
import { bookingReference } from '@/server/tickets/booking-reference';

// Checkout turns a live hold into a booking with a payment, in three steps, because a card
// charge must never run inside a database transaction:
//   1. prepare (SERIALIZABLE): the hold is the caller's, live, for a bookable showtime; the final
//      price is computed (promo applied); a PENDING payment is recorded; the hold is extended so
//      it cannot expire while the card is charged;
//   2. charge through the provider, with our payment id as its idempotency key;
//   3. complete (SERIALIZABLE): claims become SOLD, the booking, tickets and promo redemption are
//      written, the payment is marked; or, on a decline, the hold is released at once.
// If step 3 cannot complete after a successful charge, the charge is reversed in full.
// Wrapped in an Idempotency-Key: a retried checkout returns the same booking, never charges twice.

const PAYMENT_GRACE = '2 minutes';

export type CheckoutInput = {
  userId: string;
  holdId: string;
  promoCode?: string;
  payment: PaymentInput;
  idempotencyKey?: string;
};

type Prepared = { paymentId: string; showtimeId: string; price: PriceBreakdown };

async function prepare(input: CheckoutInput): Promise<Prepared> {
  return serializable(
    async (tx) => {
      const [hold] = await tx.$queryRawUnsafe<
        {
          user_id: string | null;
          showtime_id: string;
          status: string;
          live: boolean;
          price: unknown;
          show_status: string;
          show_open: boolean;
          cinema_id: string;
          pending: number;
        }[]
      >(
        `SELECT h.user_id::text, h.showtime_id::text, h.status::text, h.expires_at > now() AS live, h.price,
                s.status::text AS show_status, s.starts_at > now() AS show_open, sc.cinema_id::text,
                (SELECT count(*)::int FROM payments p WHERE p.hold_id = h.id AND p.status = 'PENDING') AS pending
         FROM seat_holds h JOIN showtimes s ON s.id = h.showtime_id JOIN screens sc ON sc.id = s.screen_id
         WHERE h.id = $1::uuid`,
        input.holdId,
      );
      if (!hold || hold.user_id !== input.userId) throw new AppError('NOT_FOUND', 'Hold not found.');
      if (hold.status === 'CONVERTED')
        throw new AppError('HOLD_NOT_ACTIVE', 'These seats are already booked.');
      if (hold.status !== 'ACTIVE' || !hold.live) {
        throw new AppError('HOLD_EXPIRED', 'Your hold on these seats has ended. Choose your seats again.');
      }
      if (hold.show_status !== 'SCHEDULED' || !hold.show_open) {
        throw new AppError('SHOWTIME_NOT_BOOKABLE', 'This showtime is no longer on sale.');
      }
      if (hold.pending > 0) {
        throw new AppError('CONFLICT', 'A payment for these seats is already in progress.', {
          retryAfter: 2,
        });
      }
      const locked = priceBreakdownSchema.parse(hold.price);
      let discount = null;
      if (input.promoCode) {
        const promo = await findPromo(input.promoCode, tx);
        discount = await promoDiscount(promo, {
          userId: input.userId,
          cinemaId: hold.cinema_id,
          seatCount: locked.seats.length,
          now: new Date(),
          client: tx,
        });
      }
      const price = withDiscount(locked, discount);
      // The hold keeps the price being paid (so whoever completes the booking, this request or
      // Stripe's webhook, books exactly that), and must outlive the charge: the sweep would
      // otherwise free seats that are being paid for.
      await tx.$executeRawUnsafe(
        `WITH h AS (
           UPDATE seat_holds
           SET expires_at = greatest(expires_at, now() + interval '${PAYMENT_GRACE}'), price = $2::jsonb, total_minor = $3::int
           WHERE id = $1::uuid RETURNING id, expires_at
         )
         UPDATE seat_claims c SET expires_at = h.expires_at FROM h WHERE c.hold_id = h.id AND c.state = 'HELD'`,
        input.holdId,
        JSON.stringify(price),
        price.totalMinor,
      );
      const paymentId = randomUUID();
      await tx.payment.create({
        data: {
          id: paymentId,
          holdId: input.holdId,
          provider: paymentProvider().name,
          amountMinor: price.totalMinor,
          currency: price.currency,
        },
      });
      return { paymentId, showtimeId: hold.showtime_id, price };
    },
    { label: 'checkout-prepare' },
  );
}

export async function decline(
  prepared: Pick<Prepared, 'paymentId' | 'showtimeId'>,
  holdId: string,
  result: { code: string; providerRef: string | null },
) {
  const ended = await withKeyLock(`showtime:${prepared.showtimeId}`, () =>
    serializable(
      async (tx) => {
        await tx.payment.update({
          where: { id: prepared.paymentId },
          data: { status: 'FAILED', failureCode: result.code, providerRef: result.providerRef },
        });
        // A declined payment releases the seats at once, for everyone else to book.
        return endHolds(tx, { showtimeId: prepared.showtimeId, holdIds: [holdId], as: 'RELEASED' });
      },
      { label: 'checkout-decline' },
    ),
  );
  if (ended.version !== null) {
    publishSeatEvents({
      showtimeId: prepared.showtimeId,
      version: ended.version,
      events: endedHoldEvents(ended, 'seat.released'),
      committedAt: Date.now(),
    });
  }
}

/**
 * Step 3: turn a paid hold into a booking. Idempotent on the payment: called by checkout and by
 * the Stripe webhook, whichever comes first wins and the other gets the same booking.
 */
export async function completeCheckout(options: {
  paymentId: string;
  providerRef: string;
  cardLast4: string | null;
}): Promise<{ reference: string; created: boolean }> {
  const payment = await db().payment.findUnique({
    where: { id: options.paymentId },
    select: {
      holdId: true,
      status: true,
      booking: { select: { reference: true } },
      hold: { select: { showtimeId: true } },
    },
  });
  if (!payment) throw new AppError('NOT_FOUND', 'Payment not found.');
  if (payment.booking) return { reference: payment.booking.reference, created: false };
  const showtimeId = payment.hold.showtimeId;

  const outcome = await withKeyLock(`showtime:${showtimeId}`, () =>
    serializable(
      async (tx) => {
        const [hold] = await tx.$queryRawUnsafe<
          {
            user_id: string | null;
            status: string;
            price: unknown;
            name: string | null;
            email: string | null;
          }[]
        >(
          `SELECT h.user_id::text, h.status::text, h.price, u.name, u.email
           FROM seat_holds h LEFT JOIN users u ON u.id = h.user_id WHERE h.id = $1::uuid`,
          payment.holdId,
        );
        const claims = await tx.seatClaim.findMany({
          where: { holdId: payment.holdId, state: 'HELD' },
          select: { id: true, seatId: true, priceMinor: true },
        });
        const locked = priceBreakdownSchema.parse(hold?.price);
        if (hold?.status !== 'ACTIVE' || claims.length !== locked.seats.length) {
          throw new AppError('HOLD_EXPIRED', 'Your hold on these seats ended before the payment completed.');
        }
        const price = locked;
        const [seq] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('booking_reference_seq') AS n`;
        const reference = bookingReference(BigInt(seq?.n ?? 0));
        const bookingId = randomUUID();
        await tx.booking.create({
          data: {
            id: bookingId,
            reference,
            userId: hold.user_id,
            showtimeId,
            holdId: payment.holdId,
            subtotalMinor: price.subtotalMinor,
            discountMinor: price.discount?.amountMinor ?? 0,
            feeMinor: price.feeMinor,
            taxMinor: price.taxMinor,
            totalMinor: price.totalMinor,
            currency: price.currency,
            price: price as unknown as Prisma.InputJsonValue,
            customerName: hold.name,
            customerEmail: hold.email,
          },
        });
        const [sold] = await tx.$queryRawUnsafe<{ version: number }[]>(
          `WITH c AS (
             UPDATE seat_claims SET state = 'SOLD', updated_at = now()
             WHERE hold_id = $1::uuid AND state = 'HELD' RETURNING id
           ), h AS (
             UPDATE seat_holds SET status = 'CONVERTED', ended_at = now() WHERE id = $1::uuid RETURNING id
           )
           UPDATE showtimes SET seat_version = seat_version + 1 WHERE id = $2::uuid RETURNING seat_version AS version`,
          payment.holdId,
          showtimeId,
        );
        await tx.ticket.createMany({
          data: claims.map((c) => ({
            bookingId,
            claimId: c.id,
            showtimeId,
            seatId: c.seatId,
            priceMinor: c.priceMinor,
          })),
        });
        await tx.payment.update({
          where: { id: options.paymentId },
          data: {
            status: 'SUCCEEDED',
            bookingId,
            providerRef: options.providerRef,
            cardLast4: options.cardLast4,
          },
        });
        if (price.discount) {
          // The CHECK promo_codes_redemptions_within_limit refuses the increment past the limit.
          const promo = await tx.promoCode.update({
            where: { code: price.discount.code },
            data: { redemptionCount: { increment: 1 } },
            select: { id: true },
          });
          await tx.promoRedemption.create({
            data: {
              promoCodeId: promo.id,
              userId: hold.user_id,
              bookingId,
              discountMinor: price.discount.amountMinor,
            },
          });
        }
        if (hold.email) {
          await enqueueNotification(tx, {
            kind: 'booking.confirmed',
            recipient: hold.email,
            payload: { reference, bookingId, name: hold.name },
          });
        }
        // seat.sold lists the seats in the order the customer chose them (the locked price's
        // order), not whatever order the claims came back in.
        return { reference, version: sold?.version ?? 0, seatIds: locked.seats.map((s) => s.seatId) };
      },
      { label: 'checkout-complete' },
    ),
  );
  publishSeatEvents({
    showtimeId,
    version: outcome.version,
    events: [{ type: 'seat.sold', seatIds: outcome.seatIds, bookingReference: outcome.reference }],
    committedAt: Date.now(),
  });
  return { reference: outcome.reference, created: true };
}

/** The charge went through but the booking could not be made: give every paisa back. */
export async function reverse(
  paymentId: string,
  chargeRef: string,
  amountMinor: number,
  currency: string,
  why: string,
) {
  const result = await paymentProvider()
    .refund({ refundId: paymentId, chargeRef, amountMinor, currency, reason: why })
    .catch((error: unknown) => ({ status: 'failed' as const, message: String(error) }));
  await db().payment.update({
    where: { id: paymentId },
    data: {
      status: result.status === 'succeeded' ? 'REVERSED' : 'SUCCEEDED',
      providerRef: chargeRef,
      failureCode: why,
    },
  });
  if (result.status !== 'succeeded') {
    // Money taken with no booking behind it: loud, so an operator refunds by hand.
    log.error('reversing a charge failed; refund manually', { paymentId, chargeRef, reason: result.message });
  }
}

async function runCheckout(input: CheckoutInput): Promise<BookingResponse> {
  const prepared = await prepare(input);
  const provider = paymentProvider();
  let result: ChargeResult;
  try {
    result = await provider.charge({
      paymentId: prepared.paymentId,
      amountMinor: prepared.price.totalMinor,
      currency: prepared.price.currency,
      payment: input.payment,
      description: `Marquee tickets (${prepared.price.seats.map((s) => s.label).join(', ')})`,
      metadata: { holdId: input.holdId, paymentId: prepared.paymentId },
    });
  } catch (error) {
    // No answer from the provider: we cannot know whether the card was charged. The payment is
    // marked failed so the customer can retry; if the charge did go through, Stripe's webhook
    // completes the booking (the hold was extended) or the second charge is reversed.
    log.error('payment provider did not answer', { paymentId: prepared.paymentId, err: String(error) });
    await db().payment.update({
      where: { id: prepared.paymentId },
      data: { status: 'FAILED', failureCode: 'provider_unavailable' },
    });
    throw new AppError(
      'BUSY',
      'The payment service did not answer. You have not been charged; please try again.',
      {
        retryAfter: 5,
      },
    );
  }
  if (result.status === 'declined') {
    await decline(prepared, input.holdId, result);
    throw new AppError('PAYMENT_DECLINED', declineMessage(result.code), {
      details: { declineCode: result.code, seatsReleased: true },
    });
  }
  let reference: string;
  try {
    ({ reference } = await completeCheckout({
      paymentId: prepared.paymentId,
      providerRef: result.providerRef,
      cardLast4: result.cardLast4,
    }));
  } catch (error) {
    const why = error instanceof AppError ? error.code : 'booking_failed';
    await reverse(
      prepared.paymentId,
      result.providerRef,
      prepared.price.totalMinor,
      prepared.price.currency,
      why,
    );
    throw error instanceof AppError
      ? new AppError(error.code, `${error.message} Your payment has been refunded in full.`, {
          details: error.details,
        })
      : error;
  }
  // Outside the try on purpose: the booking is committed, so a failure to read it back must
  // never reverse the payment.
  return bookingView({ reference, viewerId: input.userId });
}

function declineMessage(code: string): string {
  switch (code) {
    case 'insufficient_funds':
      return 'Your card was declined for insufficient funds. Your seats were released; try another card.';
    case 'expired_card':
      return 'Your card has expired. Your seats were released; try another card.';
    case 'incorrect_cvc':
      return 'The security code was incorrect. Your seats were released; check it and try again.';
    case 'incorrect_number':
      return 'The card number is not valid. Your seats were released; check it and try again.';
    default:
      return 'Your card was declined. Your seats were released; try another card.';
  }
}

export async function checkout(
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
    async () => ({ status: 201, body: await runCheckout(input) }),
  );
  return { status: outcome.status, booking: outcome.body, replayed: outcome.replayed };
}
