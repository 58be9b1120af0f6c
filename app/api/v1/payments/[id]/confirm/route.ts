import { paymentIdParamsSchema } from '@/lib/schemas/booking';
import { confirmPayment } from '@/server/booking/checkout';
import { json, route } from '@/server/http/route';

// After Stripe.js confirmed the PaymentIntent in the browser: book (once, whoever is first).
export const POST = route({ auth: {}, params: paymentIdParamsSchema }, async ({ params, viewer }) =>
  json(await confirmPayment({ userId: viewer.id, paymentId: params.id }), { status: 201 }),
);
