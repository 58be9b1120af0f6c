import 'server-only';
import { env } from '@/server/env';
import type { PaymentProvider } from '@/server/payments/provider';
import { createSandboxProvider } from '@/server/payments/sandbox';
import { createStripeProvider } from '@/server/payments/stripe';

// The provider PAYMENT_PROVIDER names (server/env.ts resolves the default: Stripe when a key is
// set, the sandbox outside production). One provider per process, kept on globalThis because
// Next's bundle and the custom server each load this module.

const g = globalThis as typeof globalThis & { __marqueePaymentProvider?: PaymentProvider };

export function paymentProvider(): PaymentProvider {
  if (!g.__marqueePaymentProvider) {
    const config = env();
    if (config.paymentProvider === 'stripe' && config.STRIPE_SECRET_KEY) {
      g.__marqueePaymentProvider = createStripeProvider(config.STRIPE_SECRET_KEY);
    } else if (config.paymentProvider === 'sandbox') {
      g.__marqueePaymentProvider = createSandboxProvider();
    } else {
      throw new Error(
        'No payment provider is configured: set STRIPE_SECRET_KEY or PAYMENT_PROVIDER=sandbox.',
      );
    }
  }
  return g.__marqueePaymentProvider;
}
