import { z } from 'zod';

// The price of a selection, computed only on the server (server/pricing/price-selection.ts) and
// locked into the hold. Every amount is integer minor units (paise); rates are basis points.

export const seatPriceSchema = z.object({
  seatId: z.uuid(),
  label: z.string(),
  category: z.enum(['STANDARD', 'PREMIUM', 'RECLINER']),
  /** The showtime's price for the seat's category. */
  baseMinor: z.number().int(),
  /** Net adjustment from pricing rules, basis points of base (e.g. -2000 = 20 % off). */
  adjustmentBps: z.number().int(),
  priceMinor: z.number().int().nonnegative(),
});

export const appliedRuleSchema = z.object({
  name: z.string(),
  kind: z.enum(['TIME_OF_DAY', 'DAY_OF_WEEK', 'OCCUPANCY']),
  adjustmentBps: z.number().int(),
});

export const priceBreakdownSchema = z.object({
  currency: z.string().length(3),
  seats: z.array(seatPriceSchema),
  rules: z.array(appliedRuleSchema),
  subtotalMinor: z.number().int().nonnegative(),
  discount: z
    .object({ code: z.string(), description: z.string(), amountMinor: z.number().int().nonnegative() })
    .nullable(),
  /** Booking (convenience) fee: per seat, not refundable on a customer's own cancellation. */
  feeMinor: z.number().int().nonnegative(),
  taxRateBps: z.number().int().nonnegative(),
  taxMinor: z.number().int().nonnegative(),
  /** The part of taxMinor charged on the fee (kept with the fee on cancellation). */
  feeTaxMinor: z.number().int().nonnegative(),
  totalMinor: z.number().int().nonnegative(),
});

export type SeatPrice = z.infer<typeof seatPriceSchema>;
export type AppliedRule = z.infer<typeof appliedRuleSchema>;
export type PriceBreakdown = z.infer<typeof priceBreakdownSchema>;
