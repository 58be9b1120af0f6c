import 'server-only';
import Stripe from 'stripe';
import type {
  ChargeRequest,
  ChargeResult,
  DeclineCode,
  PaymentProvider,
  RefundRequest,
  RefundResult,
} from '@/server/payments/provider';

// Stripe, used when STRIPE_SECRET_KEY is set. The browser turns card details into a PaymentMethod
// with Stripe.js; our server only ever sends its id (pm_...), never a card number, so Marquee
// stays out of PCI scope for card data. Our payment and refund ids are Stripe's idempotency keys,
// so a retried request after a timeout can never charge or refund twice.
//
// Outcomes Stripe reports (a decline, a refund it refuses) become results; failures that leave
// the outcome unknown (network, Stripe outage, rate limit, bad API key) are thrown, because only
// the caller knows whether to retry with the same key or give up.

const DECLINE_CODES: ReadonlySet<string> = new Set<DeclineCode>([
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'incorrect_number',
  'processing_error',
]);

// Stripe's codes that mean the same as ours under another name.
const DECLINE_ALIASES: Readonly<Record<string, DeclineCode>> = {
  invalid_cvc: 'incorrect_cvc',
  invalid_number: 'incorrect_number',
  invalid_expiry_month: 'expired_card',
  invalid_expiry_year: 'expired_card',
};

/** Our decline code for Stripe's decline_code (most specific) or error code. */
export function declineCodeFor(
  declineCode: string | null | undefined,
  code: string | null | undefined,
): DeclineCode {
  for (const c of [declineCode, code]) {
    if (!c) continue;
    if (DECLINE_CODES.has(c)) return c as DeclineCode;
    const alias = DECLINE_ALIASES[c];
    if (alias) return alias;
  }
  return 'card_declined';
}

function isStripeError(e: unknown): e is Stripe.errors.StripeError {
  return e instanceof Stripe.errors.StripeError;
}

function last4Of(intent: Stripe.PaymentIntent): string | null {
  const charge = intent.latest_charge;
  if (!charge || typeof charge === 'string') return null;
  return charge.payment_method_details?.card?.last4 ?? null;
}

async function charge(stripe: Stripe, request: ChargeRequest): Promise<ChargeResult> {
  if (request.payment.method !== 'stripe') {
    return {
      status: 'declined',
      providerRef: null,
      code: 'processing_error',
      message:
        'Card details cannot be sent to Stripe from our server; pay with the card form, which tokenises them in your browser.',
    };
  }

  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.create(
      {
        amount: request.amountMinor,
        currency: request.currency.toLowerCase(),
        payment_method: request.payment.paymentMethodId,
        confirm: true,
        // Cards only in practice; redirects are refused because there is no page to return to.
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        description: request.description,
        metadata: { ...request.metadata, paymentId: request.paymentId },
        // So the receipt can show the card's last four digits without a second request.
        expand: ['latest_charge'],
      },
      { idempotencyKey: request.paymentId },
    );
  } catch (e) {
    if (isStripeError(e) && e.type === 'StripeCardError') {
      return {
        status: 'declined',
        providerRef: e.payment_intent?.id ?? null,
        code: declineCodeFor(e.decline_code, e.code),
        message: e.message || 'Your card was declined.',
      };
    }
    // A payment method that does not exist or cannot be used is the customer's input, not an
    // outage: report it as a decline so they can try another card.
    if (isStripeError(e) && e.type === 'StripeInvalidRequestError' && e.param === 'payment_method') {
      return {
        status: 'declined',
        providerRef: e.payment_intent?.id ?? null,
        code: 'processing_error',
        message: 'This payment method cannot be used. Try another card.',
      };
    }
    throw e;
  }

  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', providerRef: intent.id, cardLast4: last4Of(intent) };
    case 'requires_action':
      return {
        status: 'declined',
        providerRef: intent.id,
        code: 'processing_error',
        message: 'This card needs authentication that Marquee cannot do server-side. Try another card.',
      };
    case 'requires_payment_method':
    case 'canceled': {
      const error = intent.last_payment_error;
      return {
        status: 'declined',
        providerRef: intent.id,
        code: declineCodeFor(error?.decline_code, error?.code),
        message: error?.message ?? 'Your card was declined.',
      };
    }
    default:
      // processing, requires_capture, ...: money may still move, so this is not a decline. The
      // caller keeps the payment pending; the payment_intent.* webhook settles it.
      throw new Error(`Stripe PaymentIntent ${intent.id} is ${intent.status}, not succeeded or declined`);
  }
}

async function refund(stripe: Stripe, request: RefundRequest): Promise<RefundResult> {
  let result: Stripe.Refund;
  try {
    result = await stripe.refunds.create(
      {
        payment_intent: request.chargeRef,
        amount: request.amountMinor,
        metadata: { refundId: request.refundId, reason: request.reason.slice(0, 500) },
      },
      { idempotencyKey: request.refundId },
    );
  } catch (e) {
    // Stripe refusing the refund (already refunded, amount too large, unknown payment) is an
    // answer; anything else leaves the outcome unknown.
    if (isStripeError(e) && e.type === 'StripeInvalidRequestError') {
      return { status: 'failed', message: e.message || 'Stripe refused the refund.' };
    }
    throw e;
  }
  // A pending refund has been accepted by Stripe and completes on its own; only failed and
  // canceled ones did not happen.
  if (result.status === 'failed' || result.status === 'canceled') {
    return { status: 'failed', message: `Stripe refund ${result.id} ${result.status}` };
  }
  return { status: 'succeeded', providerRef: result.id };
}

/** `client` lets tests point a real Stripe client at a local server. */
export function createStripeProvider(secretKey: string, client?: Stripe): PaymentProvider {
  const stripe = client ?? new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000 });
  return {
    name: 'stripe',
    charge: (request) => charge(stripe, request),
    refund: (request) => refund(stripe, request),
  };
}
