import 'server-only';
import { quoteRequestSchema } from '@/lib/schemas/booking';
import { priceBreakdownSchema } from '@/lib/schemas/pricing';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { EXAMPLE } from '@/server/api/responses';
import { quotePrice } from '@/server/booking/quote-price';

export const quotePriceOp = operation({
  operationId: 'quotePrice',
  method: 'post',
  path: '/api/v1/pricing/quote',
  tag: 'Pricing',
  summary: 'Quote a price',
  description:
    'What these seats would cost now, with an optional promo code, without holding them: the same computation a hold locks in (occupancy-based rules may change it by the time you hold).',
  auth: {},
  body: quoteRequestSchema,
  success: { status: 200, description: 'The price.', schema: priceBreakdownSchema },
  errors: [
    ...BODY_ERRORS,
    'UNAUTHENTICATED',
    'NOT_FOUND',
    'SHOWTIME_NOT_BOOKABLE',
    'UNKNOWN_SEAT',
    'PROMO_INVALID',
  ],
  example: { body: { showtimeId: EXAMPLE.showtimeId, seatIds: [EXAMPLE.seatA], promoCode: 'WELCOME10' } },
  handler: ({ body, viewer }) => quotePrice({ userId: viewer.id, ...body }),
});
