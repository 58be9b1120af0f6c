import 'server-only';
import Stripe from 'stripe';
import type {
  ChargeRequest,
  ChargeResult,
  DeclineCode,
  Intent,
  IntentRequest,
  LookupResult,
  PaymentProvider,
  PaymentRef,
  RefundRequest,
  RefundResult,
} from '@/server/payments/provider';

// Stripe (PAYMENT_PROVIDER=stripe). Card details never reach our server: the browser collects
// them in Stripe's Payment Element and confirms a PaymentIntent we create; API clients send a
// PaymentMethod id (pm_…) that Stripe.js made. Either way a PaymentIntent exists, and its id is
// stored with our payment, before any money can move, so whatever crashes, `lookup` can ask
// Stripe what became of it. Idempotency keys derive from the hold and the attempt number, so a
// repeated call after a timeout never charges twice.
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

/** What a PaymentIntent's state means for us. */
function intentOutcome(intent: Stripe.PaymentIntent): LookupResult {
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', providerRef: intent.id, cardLast4: last4Of(intent) };
    case 'canceled':
      return {
        status: 'declined',
        providerRef: intent.id,
        code: 'processing_error',
        message: 'The payment was cancelled before it completed.',
      };
    case 'requires_payment_method': {
      // Never confirmed, or confirmed and declined: only an error tells them apart.
      const error = intent.last_payment_error;
      if (!error)
        return { status: 'pending', providerRef: intent.id, clientSecret: intent.client_secret ?? undefined };
      return {
        status: 'declined',
        providerRef: intent.id,
        code: declineCodeFor(error.decline_code, error.code),
        message: error.message ?? 'Your card was declined.',
      };
    }
    default:
      // requires_confirmation, requires_action (3-D Secure under way), processing, requires_capture:
      // money may still move, so this is not an answer yet.
      return { status: 'pending', providerRef: intent.id, clientSecret: intent.client_secret ?? undefined };
  }
}

async function createIntent(
  stripe: Stripe,
  request: IntentRequest,
  options: { redirects: boolean },
): Promise<Intent> {
  const intent = await stripe.paymentIntents.create(
    {
      amount: request.amountMinor,
      currency: request.currency.toLowerCase(),
      // A confirmation from our server (API clients) has no page to return to, so methods that
      // redirect are off there; the browser's Payment Element can take them.
      automatic_payment_methods: options.redirects
        ? { enabled: true }
        : { enabled: true, allow_redirects: 'never' },
      description: request.description,
      metadata: { ...request.metadata, paymentId: request.paymentId },
    },
    { idempotencyKey: request.idempotencyKey },
  );
  if (!intent.client_secret)
    throw new Error(`Stripe PaymentIntent ${intent.id} came without a client secret`);
  return { providerRef: intent.id, clientSecret: intent.client_secret };
}

async function charge(stripe: Stripe, request: ChargeRequest): Promise<ChargeResult> {
  if (request.payment.method !== 'stripe') {
    return {
      status: 'declined',
      providerRef: null,
      code: 'processing_error',
      message:
        'Card details cannot be sent to Stripe from our server; pay with the card form, which sends them to Stripe from your browser.',
    };
  }
  if (!request.providerRef) throw new Error('a Stripe charge needs its PaymentIntent created first');

  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.confirm(
      request.providerRef,
      { payment_method: request.payment.paymentMethodId, expand: ['latest_charge'] },
      { idempotencyKey: `${request.idempotencyKey}-confirm` },
    );
  } catch (e) {
    if (isStripeError(e) && e.type === 'StripeCardError') {
      return {
        status: 'declined',
        providerRef: request.providerRef,
        code: declineCodeFor(e.decline_code, e.code),
        message: e.message || 'Your card was declined.',
      };
    }
    // A payment method that does not exist or cannot be used is the customer's input, not an
    // outage: report it as a decline so they can try another card.
    if (isStripeError(e) && e.type === 'StripeInvalidRequestError' && e.param === 'payment_method') {
      return {
        status: 'declined',
        providerRef: request.providerRef,
        code: 'processing_error',
        message: 'This payment method cannot be used. Try another card.',
      };
    }
    throw e;
  }
  if (intent.status === 'requires_action' && intent.client_secret) {
    return { status: 'requires_action', providerRef: intent.id, clientSecret: intent.client_secret };
  }
  const outcome = intentOutcome(intent);
  if (outcome.status === 'succeeded' || outcome.status === 'declined') return outcome;
  // processing, …: not a decline and not money yet. The caller keeps the payment pending and the
  // webhook or the reconciler settles it.
  throw new Error(`Stripe PaymentIntent ${intent.id} is ${intent.status}, not succeeded or declined`);
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

async function lookup(stripe: Stripe, payment: PaymentRef): Promise<LookupResult> {
  // Our payment always records its PaymentIntent before any money can move; without one,
  // nothing was charged.
  if (!payment.providerRef) return { status: 'not_found' };
  try {
    return intentOutcome(
      await stripe.paymentIntents.retrieve(payment.providerRef, { expand: ['latest_charge'] }),
    );
  } catch (e) {
    if (isStripeError(e) && e.code === 'resource_missing') return { status: 'not_found' };
    throw e;
  }
}

async function cancel(stripe: Stripe, payment: PaymentRef): Promise<boolean> {
  if (!payment.providerRef) return true;
  try {
    await stripe.paymentIntents.cancel(payment.providerRef);
    return true;
  } catch (e) {
    // Already succeeded (or otherwise past cancelling): the caller looks again and settles it.
    if (isStripeError(e) && e.code === 'payment_intent_unexpected_state') {
      const now = await lookup(stripe, payment);
      return now.status === 'declined' || now.status === 'not_found';
    }
    throw e;
  }
}

/** `client` lets tests point a real Stripe client at a local server. */
export function createStripeProvider(secretKey: string, client?: Stripe): PaymentProvider {
  const stripe = client ?? new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000 });
  return {
    name: 'stripe',
    charge: (request) => charge(stripe, request),
    refund: (request) => refund(stripe, request),
    lookup: (payment) => lookup(stripe, payment),
    cancel: (payment) => cancel(stripe, payment),
    createIntent: (request) =>
      createIntent(stripe, request, { redirects: request.confirmedBy === 'browser' }),
  };
}
