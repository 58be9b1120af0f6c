import 'server-only';
import {
  globalRuleParamsSchema,
  priceCardBodySchema,
  priceCardSchema,
  pricingRuleParamsSchema,
  pricingRuleSchema,
  pricingRulesSchema,
  savePricingRuleBodySchema,
  seatPricePreviewQuerySchema,
  seatPricePreviewSchema,
} from '@/lib/schemas/pricing-admin';
import { cinemaParamsSchema } from '@/lib/schemas/programme';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { EXAMPLE } from '@/server/api/responses';
import { getPriceCard } from '@/server/pricing/get-price-card';
import {
  deletePricingRule,
  listPricingRules,
  previewSeatPrice,
  savePricingRule,
} from '@/server/pricing/pricing-rules';
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

export const listPricingRulesOp = operation({
  operationId: 'listPricingRules',
  method: 'get',
  path: '/api/v1/cinemas/{cinemaId}/pricing-rules',
  tag: 'Pricing',
  summary: "List a cinema's pricing rules",
  description:
    "The cinema's own rules and the rules of every cinema (`cinemaId` null), active or not: time of day (matinee), days of the week (weekend) and occupancy (demand, with a cap). For managers of the cinema and admins.",
  auth: MANAGERS,
  params: cinemaParamsSchema,
  success: { status: 200, description: 'The rules.', schema: pricingRulesSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { cinemaId: EXAMPLE.cinemaId } },
  handler: ({ params, viewer }) => listPricingRules({ viewer, cinemaId: params.cinemaId }),
});

export const savePricingRuleOp = operation({
  operationId: 'savePricingRule',
  method: 'put',
  path: '/api/v1/cinemas/{cinemaId}/pricing-rules',
  tag: 'Pricing',
  summary: 'Add or change a pricing rule of a cinema',
  description:
    'Without `id`, adds a rule to the cinema; with one, changes that rule of the cinema (a rule of every cinema, or of another, is 404). Holds made afterwards are priced with it; a hold already made keeps the price it locked. For managers of the cinema and admins, after two-factor authentication; audited with before and after.',
  auth: MANAGERS,
  strongAuth: true,
  params: cinemaParamsSchema,
  body: savePricingRuleBodySchema,
  success: { status: 200, description: 'The rule as saved.', schema: pricingRuleSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: {
    params: { cinemaId: EXAMPLE.cinemaId },
    body: {
      rule: { kind: 'DAY_OF_WEEK', name: 'Weekend', adjustmentBps: 1000, daysOfWeek: [6, 7], active: true },
    },
  },
  handler: ({ params, body, viewer }) => savePricingRule({ viewer, cinemaId: params.cinemaId, body }),
});

export const deletePricingRuleOp = operation({
  operationId: 'deletePricingRule',
  method: 'delete',
  path: '/api/v1/cinemas/{cinemaId}/pricing-rules/{ruleId}',
  tag: 'Pricing',
  summary: 'Delete a pricing rule of a cinema',
  description:
    'Deletes one of the cinema’s own rules (a rule of every cinema, or of another cinema, is 404). Holds already made keep the price they locked; the next hold is priced without it. To stop a rule for a while, save it with `active: false` instead. For managers of the cinema and admins, after two-factor authentication; audited with the rule as it was.',
  auth: MANAGERS,
  strongAuth: true,
  params: pricingRuleParamsSchema,
  success: { status: 204, description: 'Deleted.' },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: { params: { cinemaId: EXAMPLE.cinemaId, ruleId: '5b0f6a52-2a55-4c48-9d3e-0c1b8e7f6a10' } },
  handler: async ({ params, viewer }) => {
    await deletePricingRule({ viewer, cinemaId: params.cinemaId, ruleId: params.ruleId });
  },
});

const ADMINS = { roles: ['ADMIN' as const] };

export const saveGlobalPricingRuleOp = operation({
  operationId: 'saveGlobalPricingRule',
  method: 'put',
  path: '/api/v1/pricing-rules',
  tag: 'Pricing',
  summary: 'Add or change a pricing rule of every cinema',
  description:
    'A rule with `cinemaId` null: it applies at every cinema, alongside each cinema’s own. Without `id`, adds one; with one, changes that rule of every cinema (a cinema’s own rule is 404 here). Holds made afterwards are priced with it; holds already made keep their price. For admins, after two-factor authentication; audited with before and after.',
  auth: ADMINS,
  strongAuth: true,
  body: savePricingRuleBodySchema,
  success: { status: 200, description: 'The rule as saved.', schema: pricingRuleSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: {
    body: {
      rule: {
        kind: 'OCCUPANCY',
        name: 'Demand',
        adjustmentBps: 2000,
        minOccupancyBps: 8000,
        capBps: 2000,
        active: true,
      },
    },
  },
  handler: ({ body, viewer }) => savePricingRule({ viewer, cinemaId: null, body }),
});

export const deleteGlobalPricingRuleOp = operation({
  operationId: 'deleteGlobalPricingRule',
  method: 'delete',
  path: '/api/v1/pricing-rules/{ruleId}',
  tag: 'Pricing',
  summary: 'Delete a pricing rule of every cinema',
  description:
    'A cinema’s own rule is 404 here. Holds already made keep their price; the next hold at any cinema is priced without it. For admins, after two-factor authentication; audited with the rule as it was.',
  auth: ADMINS,
  strongAuth: true,
  params: globalRuleParamsSchema,
  success: { status: 204, description: 'Deleted.' },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: { params: { ruleId: '5b0f6a52-2a55-4c48-9d3e-0c1b8e7f6a10' } },
  handler: async ({ params, viewer }) => {
    await deletePricingRule({ viewer, cinemaId: null, ruleId: params.ruleId });
  },
});

export const previewSeatPriceOp = operation({
  operationId: 'previewSeatPrice',
  method: 'post',
  path: '/api/v1/cinemas/{cinemaId}/pricing-rules/preview',
  tag: 'Pricing',
  summary: 'Preview what a seat will cost',
  description:
    "What a seat of a category in a format would cost at a local date and time with `occupancyBps` of the seats taken: the price card's base, the active rules that apply and the price, with the booking fee and tax a one-seat total, computed as a hold is. A `draft` rule is previewed in place of the saved one with its id (or added). Nothing is written. For managers of the cinema and admins.",
  auth: MANAGERS,
  params: cinemaParamsSchema,
  body: seatPricePreviewQuerySchema,
  success: { status: 200, description: 'The price.', schema: seatPricePreviewSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: {
    params: { cinemaId: EXAMPLE.cinemaId },
    body: { category: 'STANDARD', format: 'TWO_D', date: '2026-12-26', time: '18:30', occupancyBps: 8000 },
  },
  handler: ({ params, body, viewer }) => previewSeatPrice({ viewer, cinemaId: params.cinemaId, query: body }),
});
