import 'server-only';
import {
  createPromoInputSchema,
  promoIdSchema,
  promoListQuerySchema,
  promoListResponseSchema,
  promoSchema,
  updatePromoBodySchema,
} from '@/lib/schemas/promos';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { createPromo } from '@/server/promos/create-promo';
import { getPromo } from '@/server/promos/get-promo';
import { listPromos } from '@/server/promos/list-promos';
import { updatePromo } from '@/server/promos/update-promo';

// Promo codes for the cinemas' managers and admins (the admin pages use the same use cases
// through server/actions/promos.ts).

const WHO =
  'Admins see and change every code; a manager sees and changes the codes restricted to cinemas they manage, and only those (any other code is 404 to them).';
const PROMO_ID = '9b2c4e1a-7d3f-4a6b-8c5e-1f0a2b3c4d5e';
const CINEMA_ID = '2f6e8a1c-4b3d-4e5f-9a7b-0c1d2e3f4a5b';

export const listPromosOp = operation({
  operationId: 'listPromoCodes',
  method: 'get',
  path: '/api/v1/promo-codes',
  tag: 'Promos',
  summary: 'List promo codes',
  description: `Newest first, \`pageSize\` at a time (\`page\` from 1; \`total\` counts every match). \`q\` matches part of the code or description; \`status\` is \`current\` (on and working now), \`upcoming\`, \`ended\`, \`inactive\` (turned off) or \`all\` (default); \`cinemaId\` narrows to codes for that cinema. Each code has its usage so far: bookings made with it, uses held by payments under way, and the discount given. ${WHO} Reading needs no two-factor step.`,
  auth: { roles: ['MANAGER'] },
  query: promoListQuerySchema,
  success: { status: 200, description: 'A page of codes.', schema: promoListResponseSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
  example: { query: { q: 'diwali', status: 'current', page: 1, pageSize: 20 } },
  handler: ({ query, viewer }) => listPromos({ viewer, query }),
});

export const getPromoOp = operation({
  operationId: 'getPromoCode',
  method: 'get',
  path: '/api/v1/promo-codes/{id}',
  tag: 'Promos',
  summary: 'Get a promo code',
  description: `One code with its terms, where it applies and its usage. ${WHO}`,
  auth: { roles: ['MANAGER'] },
  params: promoIdSchema,
  success: { status: 200, description: 'The code.', schema: promoSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { id: PROMO_ID } },
  handler: ({ params, viewer }) => getPromo({ viewer, id: params.id }),
});

export const createPromoOp = operation({
  operationId: 'createPromoCode',
  method: 'post',
  path: '/api/v1/promo-codes',
  tag: 'Promos',
  summary: 'Make a promo code',
  description: `\`code\` is 3–32 letters, digits, \`-\` or \`_\` (stored upper-case, unique, never changed afterwards). \`kind\` \`PERCENT\` takes \`value\` in basis points (1000 = 10 %, at most 10000) and an optional cap \`maxDiscountMinor\`; \`FIXED\` takes \`value\` in paise. It works from \`validFrom\` until just before \`validUntil\`, for bookings of at least \`minSeats\` seats, \`maxRedemptions\` times in all (null: no limit) and \`maxPerUser\` times per customer, at the cinemas in \`cinemaIds\` and for the films in \`movieIds\` (empty: all). A manager must list cinemas, all of them theirs (empty: 400 at \`cinemaIds\`; another cinema: 403); admins may make codes for every cinema. A taken code is 409 at \`code\`. After two-factor authentication; audited.`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  body: createPromoInputSchema,
  success: { status: 201, description: 'The code as made.', schema: promoSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT'],
  example: {
    body: {
      code: 'DIWALI25',
      description: '25 % off, up to ₹300, for two seats or more',
      kind: 'PERCENT',
      value: 2500,
      maxDiscountMinor: 30_000,
      validFrom: '2026-11-01T00:00:00+05:30',
      validUntil: '2026-11-16T00:00:00+05:30',
      minSeats: 2,
      maxRedemptions: 1000,
      maxPerUser: 1,
      cinemaIds: [CINEMA_ID],
      movieIds: [],
      active: true,
    },
  },
  handler: ({ body, viewer }) => createPromo({ viewer, input: body }),
});

export const updatePromoOp = operation({
  operationId: 'updatePromoCode',
  method: 'patch',
  path: '/api/v1/promo-codes/{id}',
  tag: 'Promos',
  summary: 'Change a promo code',
  description: `Changes the fields sent, and only those (the same rules as making one; \`active: false\` turns it off, keeping its history). The code itself cannot change. A change applies to quotes and checkouts after it; a payment already under way keeps the discount it started with. The limit cannot go below the uses so far. ${WHO} After two-factor authentication; audited with the fields before and after.`,
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: promoIdSchema,
  body: updatePromoBodySchema,
  success: { status: 200, description: 'The code as it is now.', schema: promoSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  example: { params: { id: PROMO_ID }, body: { maxRedemptions: 2000, active: true } },
  handler: ({ params, body, viewer }) => updatePromo({ viewer, input: { ...body, id: params.id } }),
});
