import 'server-only';
import { env } from '@/server/env';
import type { PaymentProvider } from '@/server/payments/provider';
import { createSandboxProvider } from '@/server/payments/sandbox';
import { createStripeProvider } from '@/server/payments/stripe';

// Stripe when STRIPE_SECRET_KEY is set, otherwise the built-in sandbox, so a fresh checkout of
// Marquee can take (pretend) payments with no account anywhere. One provider per process, kept on
// globalThis because Next's bundle and the custom server each load this module.

const g = globalThis as typeof globalThis & { __marqueePaymentProvider?: PaymentProvider };

export function paymentProvider(): PaymentProvider {
  if (!g.__marqueePaymentProvider) {
    const key = env().STRIPE_SECRET_KEY;
    g.__marqueePaymentProvider = key ? createStripeProvider(key) : createSandboxProvider();
  }
  return g.__marqueePaymentProvider;
}
