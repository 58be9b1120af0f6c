import 'server-only';
import { AppError } from '@/lib/errors';
import { completeCheckout, decline, reverse } from '@/server/booking/checkout';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { verifyStripeWebhook } from '@/server/payments/stripe-webhook';

// Stripe's word on a PaymentIntent, for when our own request lost it (timeout, crash): a success
// completes the booking exactly as checkout would (idempotent on the payment), a failure
// releases the seats. Redeliveries are harmless.

export async function handleStripeWebhook(
  rawBody: string,
  signature: string | null,
): Promise<{ received: true }> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new AppError('NOT_FOUND', 'Stripe webhooks are not configured.');
  const event = verifyStripeWebhook(rawBody, signature, secret);
  if (event.type === 'ignored') return { received: true };
  const paymentId = event.metadata.paymentId;
  const payment = paymentId
    ? await db().payment.findUnique({
        where: { id: paymentId },
        select: {
          id: true,
          status: true,
          bookingId: true,
          amountMinor: true,
          currency: true,
          hold: { select: { id: true, showtimeId: true } },
        },
      })
    : null;
  if (!payment) {
    log.warn('stripe webhook for an unknown payment', {
      eventId: event.eventId,
      paymentIntentId: event.paymentIntentId,
    });
    return { received: true };
  }
  if (event.type === 'payment_intent.succeeded') {
    if (payment.bookingId) return { received: true };
    try {
      await completeCheckout({ paymentId: payment.id, providerRef: event.paymentIntentId, cardLast4: null });
    } catch (error) {
      const why = error instanceof AppError ? error.code : 'booking_failed';
      await reverse(payment.id, event.paymentIntentId, payment.amountMinor, payment.currency, why);
    }
  } else if (payment.status === 'PENDING') {
    await decline({ paymentId: payment.id, showtimeId: payment.hold.showtimeId }, payment.hold.id, {
      code: event.failureCode ?? 'card_declined',
      providerRef: event.paymentIntentId,
    });
  }
  return { received: true };
}
