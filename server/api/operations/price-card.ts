import 'server-only';
import { priceCardBodySchema, priceCardSchema } from '@/lib/schemas/pricing-admin';
import { cinemaParamsSchema } from '@/lib/schemas/programme';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { EXAMPLE } from '@/server/api/responses';
import { getPriceCard } from '@/server/pricing/get-price-card';
import { savePriceCard } from '@/server/pricing/save-price-card';

const MANAGERS = { roles: ['MANAGER'] } as const;

export const getPriceCardOp = operation({
  operationId: 'getPriceCard',
  method: 'get',
  path: '/api/v1/cinemas/{cinemaId}/price-card',
  tag: 'Pricing',
  summary: "Get a cinema's price card",
  description:
    "The base price of each seat category in each format at each part of the day (matinee before `eveningFrom`, evening until `nightFrom`, night after, in the cinema's local time), with the categories and formats its screens have. New sessions take their prices from it. For managers of the cinema and admins (another cinema is 403, whether or not it exists).",
  auth: MANAGERS,
  params: cinemaParamsSchema,
  success: { status: 200, description: 'The card.', schema: priceCardSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { cinemaId: EXAMPLE.cinemaId } },
  handler: ({ params, viewer }) => getPriceCard({ viewer, cinemaId: params.cinemaId }),
});

export const savePriceCardOp = operation({
  operationId: 'savePriceCard',
  method: 'put',
  path: '/api/v1/cinemas/{cinemaId}/price-card',
  tag: 'Pricing',
  summary: "Change a cinema's price card",
  description:
    'Sets each entry given (category, format, part of the day) to its price in paise, whole rupees, or removes it when the price is null; entries not given stay. Only sessions made afterwards take the new prices: sessions keep theirs (reprice one with `PATCH /api/v1/showtimes/{id}`), and holds keep the price they locked. For managers of the cinema and admins, after two-factor authentication; audited with the card before and after.',
  auth: MANAGERS,
  strongAuth: true,
  params: cinemaParamsSchema,
  body: priceCardBodySchema,
  success: { status: 200, description: 'The card as it is now.', schema: priceCardSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: {
    params: { cinemaId: EXAMPLE.cinemaId },
    body: { entries: [{ category: 'STANDARD', format: 'TWO_D', dayPart: 'EVENING', priceMinor: 25_000 }] },
  },
  handler: ({ params, body, viewer }) => savePriceCard({ viewer, cinemaId: params.cinemaId, body }),
});
