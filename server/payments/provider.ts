import 'server-only';
import type { PaymentInput } from '@/lib/schemas/booking';

// What Marquee needs from a payment provider. The sandbox provider (development, tests, demos;
// PAYMENT_PROVIDER=sandbox) and Stripe implement it. Card data passes through to the provider and
// is never stored or logged: we keep the provider's reference and at most the last four digits.
//
// Every call that can move money carries an idempotency key the provider honours, so a call
// repeated after a timeout or a crash never charges or refunds twice, and `lookup` tells what
// became of a payment whose answer was lost.

export type ChargeRequest = {
  /** Our payments.id. */
  paymentId: string;
  /** The provider's idempotency key for this attempt: derived from the hold and the attempt number. */
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  payment: PaymentInput;
  description: string;
  metadata: Record<string, string>;
  /** A PaymentIntent already created for this payment (Stripe), to confirm rather than create. */
  providerRef?: string | null;
};

export type DeclineCode =
  | 'card_declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'incorrect_number'
  | 'processing_error';

export type ChargeResult =
  | { status: 'succeeded'; providerRef: string; cardLast4: string | null }
  | { status: 'declined'; providerRef: string | null; code: DeclineCode; message: string }
  /** The bank wants the customer to authenticate (3-D Secure): the browser finishes it. */
  | { status: 'requires_action'; providerRef: string; clientSecret: string };

export type IntentRequest = Omit<ChargeRequest, 'payment' | 'providerRef'> & {
  /** The browser (Payment Element, may redirect to a bank) or our server (an API client's pm_…). */
  confirmedBy: 'browser' | 'server';
};

/** A payment the browser confirms with the provider's own form (Stripe's Payment Element). */
export type Intent = { providerRef: string; clientSecret: string };

/** What the provider says became of a payment. */
export type LookupResult =
  | { status: 'succeeded'; providerRef: string; cardLast4: string | null }
  | { status: 'declined'; providerRef: string | null; code: DeclineCode; message: string }
  /** Still open: waiting for the customer (authentication, a new card) or for the bank. */
  | { status: 'pending'; providerRef: string; clientSecret?: string }
  /** The provider has no such payment: nothing was charged. */
  | { status: 'not_found' };

export type PaymentRef = {
  paymentId: string;
  providerRef: string | null;
  amountMinor: number;
  currency: string;
};

export type RefundRequest = {
  /** Our refunds.id: the provider's idempotency key for this refund. */
  refundId: string;
  /** The provider's reference of the charge being refunded. */
  chargeRef: string;
  amountMinor: number;
  currency: string;
  reason: string;
};

export type RefundResult =
  | { status: 'succeeded'; providerRef: string }
  | { status: 'failed'; message: string };

export type PaymentProvider = {
  readonly name: 'sandbox' | 'stripe';
  /** Charge now, on the server (sandbox card details; a Stripe PaymentMethod from an API client). */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
  lookup(payment: PaymentRef): Promise<LookupResult>;
  /** Stop an open payment so it can no longer succeed. False when it already settled. */
  cancel(payment: PaymentRef): Promise<boolean>;
  /** Stripe only: a PaymentIntent for the browser to confirm, created before any money moves. */
  createIntent?(request: IntentRequest): Promise<Intent>;
};

/** The provider's idempotency key for attempt `attempt` at paying for hold `holdId`. */
export function attemptKey(holdId: string, attempt: number): string {
  return `marquee-hold-${holdId}-${attempt}`;
}
