import 'server-only';
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { priceBreakdownSchema } from '@/lib/schemas/pricing';
import type { RowVersions } from '@/lib/seat-events';
import type { Prisma } from '@/prisma/generated/client';
import type { Tx } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';
import { publishSeatEvents } from '@/server/events/seat-events';
import { countBooking } from '@/server/metrics/use-cases';
import { enqueueNotification } from '@/server/notifications/enqueue';
import { bookingReference } from '@/server/tickets/booking-reference';

/**
 * Turns a paid hold into a booking: claims become SOLD, the booking, its tickets and the promo
 * use are written, the payment is marked. Idempotent on the payment: checkout, the browser's
 * confirmation, Stripe's webhook and the reconciler may all call it, and exactly one of them
 * books (the payment's row lock makes the others wait and then find the booking).
 *
 * It runs after the card was charged, so it must not fail for reasons of contention. It runs at
 * READ COMMITTED with explicit row locks taken in the order every seat writer keeps (payment →
 * hold → seat rows → claims; migration 20261203210000_seat_rows), so no serialization failure can
 * abort it and no lock cycle with the hold function or the expiry sweep (hold → rows → claims) can
 * form. Nothing else can change this
 * hold meanwhile: a hold with a PENDING payment is neither released nor replaced, and its promo
 * use was reserved before the charge. It fails only when the hold itself ended first (its extended
 * expiry passed and its seats went to someone else); the caller then returns the money.
 */
export async function completeCheckout(options: {
  paymentId: string;
  providerRef: string;
  cardLast4: string | null;
  /**
   * A box-office sale: the booking is the walk-in customer's (whatever the seller typed, possibly
   * nothing), not the seller's whose hold it was; it belongs to no account.
   */
  customer?: { name: string | null; email: string | null; phone: string | null };
  /** Runs inside the transaction once the booking is written (the box office's audit record). */
  within?: (tx: Tx, booking: { id: string; reference: string; showtimeId: string }) => Promise<void>;
}): Promise<{ reference: string; created: boolean }> {
  const outcome = await readCommitted(
    async (tx) => {
      // The payment's row lock first, alone: a statement that waited for it sees the payment as
      // the winner left it, but rows joined to it as they were when it started waiting; the
      // booking is therefore read by a statement of its own, after the lock.
      const [payment] = await tx.$queryRaw<
        { status: string; hold_id: string; booking_id: string | null; amount_minor: number }[]
      >`
        SELECT status::text, hold_id::text, booking_id::text, amount_minor
        FROM payments WHERE id = ${options.paymentId}::uuid FOR UPDATE`;
      if (!payment) throw new AppError('NOT_FOUND', 'Payment not found.');
      if (payment.booking_id) {
        const booking = await tx.booking.findUniqueOrThrow({
          where: { id: payment.booking_id },
          select: { reference: true },
        });
        return { reference: booking.reference, created: false as const };
      }
      if (payment.status !== 'PENDING') {
        throw new AppError('HOLD_EXPIRED', 'This payment was closed before it completed.');
      }
      const [hold] = await tx.$queryRaw<
        {
          user_id: string | null;
          showtime_id: string;
          status: string;
          price: unknown;
          name: string | null;
          email: string | null;
        }[]
      >`
        SELECT h.user_id::text, h.showtime_id::text, h.status::text, h.price, u.name, u.email
        FROM seat_holds h LEFT JOIN users u ON u.id = h.user_id
        WHERE h.id = ${payment.hold_id}::uuid FOR UPDATE OF h`;
      if (hold?.status !== 'ACTIVE') {
        throw new AppError('HOLD_EXPIRED', 'Your hold on these seats ended before the payment completed.');
      }
      const price = priceBreakdownSchema.parse(hold.price);
      if (price.totalMinor !== payment.amount_minor) {
        // prepare() writes both in one transaction; a mismatch would mean charging one price and
        // booking another.
        throw new Error(`payment ${options.paymentId} does not match the price of hold ${payment.hold_id}`);
      }
      const showtimeId = hold.showtime_id;
      // The rows of the seats being sold, then the showtime's status, read after those row locks:
      // a cancellation bumps every row before it changes the status, so it either committed
      // before (and is seen here) or waits for this booking and then cancels it with the rest.
      const [bumped] = await tx.$queryRaw<{ versions: RowVersions }[]>`
        SELECT bump_seat_rows(${showtimeId}::uuid, ARRAY(
          SELECT s.row_index FROM seat_claims c JOIN seats s ON s.id = c.seat_id
          WHERE c.hold_id = ${payment.hold_id}::uuid AND c.state = 'HELD')) AS versions`;
      const [show] = await tx.$queryRaw<{ status: string }[]>`
        SELECT status::text FROM showtimes WHERE id = ${showtimeId}::uuid`;
      if (show?.status !== 'SCHEDULED') {
        // The cinema cancelled the show while the card was being charged.
        throw new AppError(
          'SHOWTIME_NOT_BOOKABLE',
          'This showtime was cancelled before the payment completed.',
        );
      }
      const claims = await tx.$queryRaw<{ id: string; seat_id: string; price_minor: number }[]>`
        UPDATE seat_claims SET state = 'SOLD', updated_at = now()
        WHERE hold_id = ${payment.hold_id}::uuid AND state = 'HELD'
        RETURNING id::text, seat_id::text, price_minor`;
      if (claims.length !== price.seats.length) {
        // Some seat lapsed and was taken by someone else: roll all of it back.
        throw new AppError('HOLD_EXPIRED', 'Your hold on these seats ended before the payment completed.');
      }
      const [seq] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('booking_reference_seq') AS n`;
      const reference = bookingReference(BigInt(seq?.n ?? 0));
      const bookingId = randomUUID();
      const customer = options.customer ?? { name: hold.name, email: hold.email, phone: null };
      await tx.booking.create({
        data: {
          id: bookingId,
          reference,
          userId: options.customer ? null : hold.user_id,
          showtimeId,
          holdId: payment.hold_id,
          subtotalMinor: price.subtotalMinor,
          discountMinor: price.discount?.amountMinor ?? 0,
          feeMinor: price.feeMinor,
          taxMinor: price.taxMinor,
          totalMinor: price.totalMinor,
          currency: price.currency,
          price: price as unknown as Prisma.InputJsonValue,
          customerName: customer.name,
          customerEmail: customer.email,
          customerPhone: customer.phone,
        },
      });
      await tx.$executeRaw`
        UPDATE seat_holds SET status = 'CONVERTED', ended_at = now() WHERE id = ${payment.hold_id}::uuid`;
      await tx.ticket.createMany({
        data: claims.map((c) => ({
          bookingId,
          claimId: c.id,
          showtimeId,
          seatId: c.seat_id,
          priceMinor: c.price_minor,
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
      // The promo use was reserved with the payment; it now belongs to the booking.
      await tx.promoRedemption.updateMany({ where: { paymentId: options.paymentId }, data: { bookingId } });
      if (customer.email) {
        await enqueueNotification(tx, {
          kind: 'booking.confirmed',
          recipient: customer.email,
          payload: { reference, bookingId, name: customer.name },
        });
      }
      await options.within?.(tx, { id: bookingId, reference, showtimeId });
      return {
        reference,
        created: true as const,
        showtimeId,
        versions: bumped?.versions ?? {},
        // seat.sold lists the seats in the order the customer chose them (the locked price's
        // order), not whatever order the claims came back in.
        seatIds: price.seats.map((s) => s.seatId),
      };
    },
    { label: 'checkout-complete' },
  );
  if (outcome.created) {
    countBooking(options.customer ? 'counter' : 'online');
    publishSeatEvents({
      showtimeId: outcome.showtimeId,
      versions: outcome.versions,
      events: [{ type: 'seat.sold', seatIds: outcome.seatIds, bookingReference: outcome.reference }],
      committedAt: Date.now(),
    });
  }
  return { reference: outcome.reference, created: outcome.created };
}
