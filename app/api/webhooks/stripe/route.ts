import { handleStripeWebhook } from '@/server/booking/stripe-webhook';
import { route } from '@/server/http/route';

// Stripe calls this; it is authenticated by the signature over the raw body, not by a session.
export const POST = route({ auth: 'public' }, async ({ req }) => {
  const raw = await req.text();
  return handleStripeWebhook(raw, req.headers.get('stripe-signature'));
});
