'use server';

import { z } from 'zod';
import {
  checkoutRequestSchema,
  idempotencyKeySchema,
  paymentStartRequestSchema,
  promoCodeSchema,
} from '@/lib/schemas/booking';
import { checkout, confirmPayment, startPayment } from '@/server/booking/checkout';
import { quoteHold } from '@/server/booking/quote-price';
import { action } from '@/server/http/action';

export const checkoutAction = action(
  {
    input: checkoutRequestSchema.extend({ holdId: z.uuid(), idempotencyKey: idempotencyKeySchema }),
    auth: {},
  },
  async (input, { viewer }) => (await checkout({ userId: viewer.id, ...input })).booking,
);

export const quoteHoldAction = action(
  { input: z.object({ holdId: z.uuid(), promoCode: promoCodeSchema.optional() }), auth: {} },
  (input, { viewer }) => quoteHold({ userId: viewer.id, holdId: input.holdId, promoCode: input.promoCode }),
);

export const startPaymentAction = action(
  { input: paymentStartRequestSchema.extend({ holdId: z.uuid() }), auth: {} },
  (input, { viewer }) =>
    startPayment({ userId: viewer.id, holdId: input.holdId, promoCode: input.promoCode }),
);

export const confirmPaymentAction = action(
  { input: z.object({ paymentId: z.uuid() }), auth: {} },
  (input, { viewer }) => confirmPayment({ userId: viewer.id, paymentId: input.paymentId }),
);
