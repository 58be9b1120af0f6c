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
  cinema: z.object({ id: z.uuid(), name: z.string() }),
  /** Local start times where evening and night begin ('HH:MM'). */
  eveningFrom: z.string(),
  nightFrom: z.string(),
  /** What the cinema's screens have: the card's rows and columns. */
  categories: z.array(seatCategorySchema),
  formats: z.array(formatSchema),
  entries: z.array(priceCardEntrySchema.extend({ priceMinor: z.number().int() })),
});
export type PriceCard = z.infer<typeof priceCardSchema>;
