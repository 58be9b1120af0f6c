import { z } from 'zod';

// How a screen is drawn. The seats themselves are rows of the `seats` table (row label, number,
// grid position, category, kind); this carries what seats cannot say.
export const screenLayoutSchema = z.object({
  /** Grid size; cells without a seat are aisles or gaps. */
  rows: z.number().int().min(1).max(60),
  cols: z.number().int().min(1).max(80),
  /** Column indices that are walkways (drawn wider, and seat-rule boundaries). */
  aisleCols: z.array(z.number().int().min(0)).default([]),
  /** Where the screen is, relative to row 0. */
  screenAt: z.enum(['top', 'bottom']).default('top'),
  /** Free-text note shown under the map, e.g. "Recliners in rows J–K". */
  note: z.string().max(200).optional(),
});

export type ScreenLayout = z.infer<typeof screenLayoutSchema>;
