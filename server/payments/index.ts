import 'server-only';
import { env } from '@/server/env';
import type { PaymentProvider } from '@/server/payments/provider';
import { createSandboxProvider } from '@/server/payments/sandbox';
import { createStripeProvider } from '@/server/payments/stripe';
import { singleton } from '@/server/singleton';

// The provider PAYMENT_PROVIDER names (server/env.ts resolves the default: Stripe when a key is
// set, the sandbox outside production). One provider per process (a singleton: Next's bundle and
// the custom server each load this module); tests swap one in with setSingleton(PAYMENT_PROVIDER).

export const PAYMENT_PROVIDER = 'payment-provider';

export function paymentProvider(): PaymentProvider {
  return singleton(PAYMENT_PROVIDER, () => {
    const config = env();
    if (config.paymentProvider === 'stripe' && config.STRIPE_SECRET_KEY) {
      return createStripeProvider(config.STRIPE_SECRET_KEY);
    }
    if (config.paymentProvider === 'sandbox') return createSandboxProvider();
    throw new Error('No payment provider is configured: set STRIPE_SECRET_KEY or PAYMENT_PROVIDER=sandbox.');
  });
}
