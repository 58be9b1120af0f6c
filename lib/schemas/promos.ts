import { z } from 'zod';
import { text } from '@/lib/schemas/text';

// Promo codes as operators write them: one schema for the admin form, the server actions and the
// REST operations. Amounts follow the API's rule (integer minor units); a percentage is in basis
// points (1000 = 10 %). The database keeps the same ranges (CHECKs on promo_codes).

export const PROMO_KINDS = ['PERCENT', 'FIXED'] as const;
export type PromoKind = (typeof PROMO_KINDS)[number];

export const PROMO_CODE_PATTERN = /^[A-Z0-9_-]{3,32}$/;
export const MAX_PROMO_SCOPE = 100;
export const MAX_PROMO_SEATS = 20;

const count = (what: string, max: number) =>
  z
    .number({ error: `Give the ${what} as a whole number.` })
    .int('A whole number.')
    .min(1, 'At least 1.')
    .max(max, `At most ${max.toLocaleString('en-IN')}.`);

const ids = (what: string) =>
  z
    .array(z.uuid())
    .max(MAX_PROMO_SCOPE, `At most ${MAX_PROMO_SCOPE} ${what}.`)
    .refine((v) => new Set(v).size === v.length, `Each of the ${what} once.`);

const fields = {
  description: text()
    .trim()
    .min(3, 'Say what the offer is, in a few words (customers see it at checkout).')
    .max(200, 'At most 200 characters.'),
  kind: z.enum(PROMO_KINDS, { error: 'Choose a percentage or a fixed amount off.' }),
  /** PERCENT: basis points (1000 = 10 %), at most 10000; FIXED: minor units (paise). */
  value: count('discount', 10_000_000),
  /** A cap on a percentage discount, minor units; null: none. */
  maxDiscountMinor: count('cap', 10_000_000).nullable(),
  validFrom: z.iso.datetime({ offset: true, error: 'Give when the code starts to work.' }),
  /** The first moment it no longer works. */
  validUntil: z.iso.datetime({ offset: true, error: 'Give when the code stops working.' }),
  minSeats: count('minimum number of seats', MAX_PROMO_SEATS),
  /** Uses in all, by everyone; null: no limit. */
  maxRedemptions: count('limit', 10_000_000).nullable(),
  maxPerUser: count('limit per customer', 100),
  /** The cinemas where it works; empty: every cinema (admins only). */
  cinemaIds: ids('cinemas'),
  /** The films it works for; empty: every film. */
  movieIds: ids('films'),
  /** Off: refused at checkout as an unknown code, and kept with its history. */
  active: z.boolean(),
};

type Window = { kind?: PromoKind; value?: number; validFrom?: string; validUntil?: string };

/** The rules between fields, where both are given (an update's are checked against the row). */
function crossChecks(v: Window, ctx: z.RefinementCtx) {
  if (v.kind === 'PERCENT' && v.value !== undefined && v.value > 10_000) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'A percentage is at most 100 %.' });
  }
  if (v.validFrom && v.validUntil && Date.parse(v.validFrom) >= Date.parse(v.validUntil)) {
    ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'The end must come after the start.' });
  }
}

export const createPromoInputSchema = z
  .object({
    code: text()
      .trim()
      .transform((s) => s.toUpperCase())
      .pipe(
        z
          .string()
          .regex(PROMO_CODE_PATTERN, '3 to 32 letters, digits, hyphens or underscores, e.g. DIWALI25.'),
      ),
    ...fields,
    maxDiscountMinor: fields.maxDiscountMinor.default(null),
    minSeats: fields.minSeats.default(1),
    maxRedemptions: fields.maxRedemptions.default(null),
    maxPerUser: fields.maxPerUser.default(1),
    cinemaIds: fields.cinemaIds.default([]),
    movieIds: fields.movieIds.default([]),
    active: fields.active.default(true),
  })
  .superRefine(crossChecks);
export type CreatePromoInput = z.output<typeof createPromoInputSchema>;
export type PromoFormValues = z.input<typeof createPromoInputSchema>;

/** Only the fields sent change; the code itself never does (customers and receipts know it). */
export const updatePromoBodySchema = z.object(fields).partial().superRefine(crossChecks);
export type UpdatePromoBody = z.output<typeof updatePromoBodySchema>;

export const promoIdSchema = z.object({ id: z.uuid() });
export const updatePromoInputSchema = z
  .object({ id: z.uuid(), ...fields })
  .partial()
  .required({ id: true })
  .superRefine(crossChecks);
export type UpdatePromoInput = z.output<typeof updatePromoInputSchema>;

export const PROMO_STATUSES = ['current', 'upcoming', 'ended', 'inactive', 'all'] as const;
export type PromoStatus = (typeof PROMO_STATUSES)[number];

export const promoListQuerySchema = z.object({
  /** Part of the code or the description. */
  q: text().trim().max(100).optional(),
  /** current: on and working now; upcoming: on, not started; ended: past its end; inactive: off. */
  status: z.enum(PROMO_STATUSES).default('all'),
  cinemaId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PromoListQuery = z.output<typeof promoListQuerySchema>;

// ─── Answers ────────────────────────────────────────────────────────────────

export const promoSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  description: z.string(),
  kind: z.enum(PROMO_KINDS),
  value: z.number().int(),
  maxDiscountMinor: z.number().int().nullable(),
  validFrom: z.iso.datetime(),
  validUntil: z.iso.datetime(),
  minSeats: z.number().int(),
  maxRedemptions: z.number().int().nullable(),
  maxPerUser: z.number().int(),
  active: z.boolean(),
  /** Empty: every cinema. */
  cinemas: z.array(z.object({ id: z.uuid(), name: z.string() })),
  /** Empty: every film. */
  films: z.array(z.object({ id: z.uuid(), title: z.string() })),
  usage: z.object({
    /** Bookings made with it. */
    redemptions: z.number().int(),
    /** Uses held by payments still in progress (they count against the limits). */
    reserved: z.number().int(),
    /** The discount given on those bookings, minor units. */
    discountGivenMinor: z.number().int(),
  }),
  /** Whether the caller may change it. */
  canEdit: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Promo = z.infer<typeof promoSchema>;

export const promoListResponseSchema = z.object({
  promos: z.array(promoSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export type PromoList = z.infer<typeof promoListResponseSchema>;
