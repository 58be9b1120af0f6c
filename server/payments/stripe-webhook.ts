import 'server-only';
import Stripe from 'stripe';
import { AppError } from '@/lib/errors';

// Stripe calls POST /api/webhooks/stripe when a PaymentIntent settles. The signature (HMAC of the
// raw body with STRIPE_WEBHOOK_SECRET, with a timestamp Stripe checks against replay) is the only
// thing that makes the body trustworthy, so it is checked on the exact bytes received, before any
// parsing, and a bad one is the sender's fault (400), never ours (500).

export type StripeWebhookEvent =
  | {
      type: 'payment_intent.succeeded' | 'payment_intent.payment_failed' | 'payment_intent.canceled';
      /** Stripe's event id (evt_...), for de-duplicating redeliveries. */
      eventId: string;
      paymentIntentId: string;
      amountMinor: number;
      /** Upper-case ISO code, as we store it. */
      currency: string;
      metadata: Record<string, string>;
      failureCode?: string;
    }
  | { type: 'ignored'; eventType: string };

export function verifyStripeWebhook(
  rawBody: string,
  signatureHeader: string | null,
  secret: string,
): StripeWebhookEvent {
  if (!signatureHeader) throw new AppError('BAD_REQUEST', 'Missing Stripe-Signature header.');

  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret);
  } catch (e) {
    // A signature mismatch, a stale timestamp or a body that is not JSON: all the sender's doing.
    throw new AppError('BAD_REQUEST', 'Invalid Stripe webhook signature.', { cause: e });
  }

  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const intent = event.data.object;
      const failureCode = intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code;
      return {
        type: event.type,
        eventId: event.id,
        paymentIntentId: intent.id,
        amountMinor: intent.amount,
        currency: intent.currency.toUpperCase(),
        metadata: { ...(intent.metadata ?? {}) },
        ...(event.type === 'payment_intent.payment_failed' && failureCode ? { failureCode } : {}),
      };
    }
    default:
      return { type: 'ignored', eventType: event.type };
  }
}
