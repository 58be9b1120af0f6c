import { z } from 'zod';
import { accessFeatureSchema } from '@/lib/accessibility';
import { screenLayoutSchema } from '@/lib/schemas/layout';

/** Seat version of each row of seats, by row index (lib/seat-events.ts RowVersions). */
export const rowVersionsSchema = z.record(z.string().regex(/^\d+$/), z.number().int().nonnegative());

// GET /api/v1/showtimes/{id}/seats, and the snapshot a live viewer starts from.
export const seatMapSchema = z.object({
  showtimeId: z.uuid(),
  versions: rowVersionsSchema,
  status: z.enum(['SCHEDULED', 'CANCELLED']),
  startsAt: z.iso.datetime(),
  /** Accessible-showing features (lib/accessibility.ts). */
  accessibility: z.array(accessFeatureSchema),
  /** The layout it is sold on has wheelchair spaces in service. */
  wheelchairAccessible: z.boolean(),
  layout: screenLayoutSchema,
  prices: z.array(
    z.object({ category: z.enum(['STANDARD', 'PREMIUM', 'RECLINER']), priceMinor: z.number().int() }),
  ),
  seats: z.array(
    z.object({
      id: z.uuid(),
      label: z.string(),
      row: z.string(),
      number: z.number().int(),
      rowIndex: z.number().int(),
      col: z.number().int(),
      category: z.enum(['STANDARD', 'PREMIUM', 'RECLINER']),
      kind: z.enum(['STANDARD', 'WHEELCHAIR', 'COMPANION']),
      state: z.enum(['available', 'held', 'sold', 'blocked']),
      /** Held by the caller (only with a signed-in caller). */
      mine: z.boolean(),
    }),
  ),
  /** The caller's live hold on this showtime, if any. */
  myHold: z.object({ holdId: z.uuid(), expiresAt: z.iso.datetime(), seatIds: z.array(z.uuid()) }).nullable(),
});
export type SeatMap = z.infer<typeof seatMapSchema>;

// GET /api/v1/showtimes/{id}/best-seats
export const bestSeatsQuerySchema = z.object({
  count: z.coerce.number().int().min(1).max(10),
  category: z.enum(['STANDARD', 'PREMIUM', 'RECLINER']).optional(),
});
export const bestSeatsSchema = z.object({
  seatIds: z.array(z.uuid()),
  labels: z.array(z.string()),
  category: z.enum(['STANDARD', 'PREMIUM', 'RECLINER']),
});
