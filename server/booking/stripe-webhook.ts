import 'server-only';
import { AppError } from '@/lib/errors';
import { settlePayment } from '@/server/booking/settle-payment';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { verifyStripeWebhook } from '@/server/payments/stripe-webhook';

// Stripe's word on a PaymentIntent: it settles the payment exactly as the browser's confirmation
// or the reconciler would (settle-payment.ts asks Stripe for the intent's current state, so an
// event arriving late or twice changes nothing). Whichever comes first books; the rest find the
// booking. Events for payments we do not know are acknowledged and logged.

export async function handleStripeWebhook(
  rawBody: string,
  signature: string | null,
): Promise<{ received: true }> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new AppError('NOT_FOUND', 'Stripe webhooks are not configured.');
  const event = verifyStripeWebhook(rawBody, signature, secret);
  if (event.type === 'ignored') return { received: true };
  const paymentId = event.metadata.paymentId;
  const known =
    paymentId && /^[0-9a-f-]{36}$/i.test(paymentId)
      ? await db().payment.findUnique({ where: { id: paymentId }, select: { providerRef: true } })
      : null;
  if (!known || (known.providerRef && known.providerRef !== event.paymentIntentId)) {
    log.warn('stripe webhook for an unknown payment', {
      eventId: event.eventId,
      paymentIntentId: event.paymentIntentId,
    });
    return { received: true };
  }
  const settled = await settlePayment(paymentId as string);
  log.info('stripe webhook settled a payment', { eventId: event.eventId, paymentId, outcome: settled.kind });
  return { received: true };
}
