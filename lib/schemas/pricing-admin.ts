import { z } from 'zod';
import { formatSchema, priceMinorSchema, seatCategorySchema } from '@/lib/schemas/programme';

// A cinema's price card as its managers edit it: the base price of each seat category in each
// format at each part of the day. New sessions copy their prices from it; a change never reprices
// a session already made, nor a hold already priced.

export const DAY_PART_VALUES = ['MATINEE', 'EVENING', 'NIGHT'] as const;
export const dayPartSchema = z.enum(DAY_PART_VALUES);

export const priceCardEntrySchema = z.object({
  category: seatCategorySchema,
  format: formatSchema,
  dayPart: dayPartSchema,
  /** Null: no price (sessions of that kind need prices of their own). */
  priceMinor: priceMinorSchema.nullable(),
});
export type PriceCardEntryInput = z.infer<typeof priceCardEntrySchema>;

export const priceCardBodySchema = z.object({
  entries: z
    .array(priceCardEntrySchema)
    .max(36)
    .refine(
      (e) => new Set(e.map((x) => `${x.category}|${x.format}|${x.dayPart}`)).size === e.length,
      'One price per category, format and part of the day.',
    ),
});
export type PriceCardBody = z.infer<typeof priceCardBodySchema>;
export const priceCardInputSchema = priceCardBodySchema.extend({ cinemaId: z.uuid() });

export const priceCardSchema = z.object({
  cinema: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
  /** Local start times where evening and night begin ('HH:MM'). */
  eveningFrom: z.string(),
  nightFrom: z.string(),
  /** What the cinema's screens have: the card's rows and columns. */
  categories: z.array(seatCategorySchema),
  formats: z.array(formatSchema),
  entries: z.array(priceCardEntrySchema.extend({ priceMinor: z.number().int() })),
});
export type PriceCard = z.infer<typeof priceCardSchema>;

// ─── Pricing rules ─────────────────────────────────────────────────────────────

const bps = (min: number, max: number) => z.number().int('A whole number of basis points.').min(min).max(max);

/** A rule as managers write it: matinee (time of day), weekend (days of the week), demand cap (occupancy). */
export const pricingRuleFieldsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('TIME_OF_DAY'),
    name: z.string().trim().min(1, 'Name the rule.').max(60),
    /** Signed, in basis points of the base price (-2000 = 20 % off). */
    adjustmentBps: bps(-10_000, 10_000),
    /** Shows starting in [start, end) local time. */
    startMinute: z.number().int().min(0).max(1440),
    endMinute: z.number().int().min(0).max(1440),
    active: z.boolean(),
  }),
  z.object({
    kind: z.literal('DAY_OF_WEEK'),
    name: z.string().trim().min(1, 'Name the rule.').max(60),
    adjustmentBps: bps(-10_000, 10_000),
    /** ISO weekdays, 1 = Monday. */
    daysOfWeek: z.array(z.number().int().min(1).max(7)).min(1, 'Choose at least one day.').max(7),
    active: z.boolean(),
  }),
  z.object({
    kind: z.literal('OCCUPANCY'),
    name: z.string().trim().min(1, 'Name the rule.').max(60),
    adjustmentBps: bps(-10_000, 10_000),
    /** Applies once this share of seats is held or sold. */
    minOccupancyBps: bps(0, 10_000),
    /** The most this surge may add, whatever adjustmentBps says. */
    capBps: bps(0, 10_000).nullable(),
    active: z.boolean(),
  }),
]);
export type PricingRuleFields = z.infer<typeof pricingRuleFieldsSchema>;

export const savePricingRuleBodySchema = z.object({
  /** Absent: a new rule of this cinema. */
  id: z.uuid().optional(),
  rule: pricingRuleFieldsSchema,
});
export type SavePricingRuleBody = z.infer<typeof savePricingRuleBodySchema>;
export const savePricingRuleInputSchema = savePricingRuleBodySchema.extend({ cinemaId: z.uuid() });

export const pricingRuleParamsSchema = z.object({ cinemaId: z.uuid(), ruleId: z.uuid() });
export type PricingRuleParams = z.infer<typeof pricingRuleParamsSchema>;
/** A rule of every cinema. */
export const globalRuleParamsSchema = z.object({ ruleId: z.uuid() });

export const pricingRuleSchema = z.object({
  id: z.uuid(),
  /** Null: a rule of every cinema (an admin's), shown but not editable here. */
  cinemaId: z.uuid().nullable(),
  name: z.string(),
  kind: z.enum(['TIME_OF_DAY', 'DAY_OF_WEEK', 'OCCUPANCY']),
  adjustmentBps: z.number().int(),
  daysOfWeek: z.array(z.number().int()),
  startMinute: z.number().int().nullable(),
  endMinute: z.number().int().nullable(),
  minOccupancyBps: z.number().int().nullable(),
  capBps: z.number().int().nullable(),
  active: z.boolean(),
});
export type PricingRuleView = z.infer<typeof pricingRuleSchema>;
export const pricingRulesSchema = z.object({ rules: z.array(pricingRuleSchema) });

/** What a seat would cost: a category and format at a local date and time, so full. */
export const seatPricePreviewQuerySchema = z.object({
  category: seatCategorySchema,
  format: formatSchema,
  date: z.iso.date(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time like 18:30.'),
  occupancyBps: bps(0, 10_000),
  /** A rule not saved yet, previewed in place of the one with its id (or added, without one). */
  draft: savePricingRuleBodySchema.optional(),
});
export type SeatPricePreviewQuery = z.infer<typeof seatPricePreviewQuerySchema>;
export const seatPricePreviewInputSchema = seatPricePreviewQuerySchema.extend({ cinemaId: z.uuid() });

export const seatPricePreviewSchema = z.object({
  dayPart: dayPartSchema,
  /** The card's price (null: the card has none, so there is nothing to preview). */
  baseMinor: z.number().int().nullable(),
  rules: z.array(z.object({ name: z.string(), kind: z.string(), adjustmentBps: z.number().int() })),
  adjustmentBps: z.number().int(),
  /** The seat's price, and with the booking fee and tax a one-seat total. */
  priceMinor: z.number().int().nullable(),
  totalMinor: z.number().int().nullable(),
});
export type SeatPricePreview = z.infer<typeof seatPricePreviewSchema>;
