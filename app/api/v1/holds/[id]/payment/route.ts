import { idParamsSchema, paymentStartRequestSchema } from '@/lib/schemas/booking';
import { startPayment } from '@/server/booking/checkout';
import { json, route } from '@/server/http/route';

// Stripe in the browser: a PaymentIntent for the hold, for the Payment Element to confirm.
export const POST = route(
  { auth: {}, params: idParamsSchema, body: paymentStartRequestSchema },
  async ({ params, body, viewer }) =>
    json(await startPayment({ userId: viewer.id, holdId: params.id, promoCode: body.promoCode }), {
      status: 201,
    }),
);
