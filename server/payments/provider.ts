import 'server-only';
import type { PaymentInput } from '@/lib/schemas/booking';

// What Marquee needs from a payment provider. The sandbox provider (default) and Stripe (when
// STRIPE_SECRET_KEY is set) implement it. Card data passes through to the provider and is never
// stored or logged: we keep the provider's reference and at most the last four digits.

export type ChargeRequest = {
  /** Our payments.id; providers use it as their idempotency key, so a retry never charges twice. */
  paymentId: string;
  amountMinor: number;
  currency: string;
  payment: PaymentInput;
  description: string;
  metadata: Record<string, string>;
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
  | { status: 'declined'; providerRef: string | null; code: DeclineCode; message: string };

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
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
};
