import { z } from 'zod';

/** The largest grid a screen may have; the layout editor and its validation use the same bounds. */
export const LAYOUT_MAX_ROWS = 60;
export const LAYOUT_MAX_COLS = 80;

/** How far a staggered row may shift sideways, in seats (half a seat either way). */
export const ROW_OFFSET_LIMIT = 0.5;

// How a screen is drawn. The seats themselves are rows of the `seats` table (row label, number,
// grid position, category, kind); this carries what seats cannot say.
export const screenLayoutSchema = z.object({
  /** Grid size; cells without a seat are aisles or gaps. */
  rows: z.number().int().min(1).max(LAYOUT_MAX_ROWS),
  cols: z.number().int().min(1).max(LAYOUT_MAX_COLS),
  /** Column indices that are walkways (drawn wider, and seat-rule boundaries). */
  aisleCols: z.array(z.number().int().min(0)).default([]),
  /** Where the screen is, relative to row 0. */
  screenAt: z.enum(['top', 'bottom']).default('top'),
  /** Free-text note shown under the map, e.g. "Recliners in rows J–K". */
  note: z.string().max(200).optional(),
  /**
   * Drawing hints for rows that are not straight and square, only for the rows that have them:
   * `offset` shifts a staggered row sideways (in seats), `curve` bows its ends towards the screen
   * (0 straight, 1 the most). Seat positions on the grid, and so every seat rule, are unchanged.
   */
  rowShapes: z
    .array(
      z.object({
        row: z
          .number()
          .int()
          .min(0)
          .max(LAYOUT_MAX_ROWS - 1),
        offset: z.number().min(-ROW_OFFSET_LIMIT).max(ROW_OFFSET_LIMIT).default(0),
        curve: z.number().min(0).max(1).default(0),
      }),
    )
    .max(LAYOUT_MAX_ROWS)
    .optional(),
});

export type ScreenLayout = z.infer<typeof screenLayoutSchema>;
