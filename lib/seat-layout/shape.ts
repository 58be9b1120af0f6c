import type { ScreenLayout } from '@/lib/schemas/layout';

// Where a seat is drawn relative to its grid cell, for rows that are staggered or curved: the
// editor and the moviegoer's seat map draw the same hall. Only the drawing moves; the grid
// position (and so every seat rule about neighbours and aisles) stays as stored.

/** How far the ends of a fully curved row (curve 1) come towards the screen, in cell heights. */
const MAX_BOW = 0.8;

export type SeatShift = { x: number; y: number };

/**
 * The shift of a seat at `col`, in cell widths (x, positive to the right) and cell heights (y,
 * positive towards the back). A curved row bows like a parabola: its middle stays, its ends move
 * towards the screen by `curve × MAX_BOW`.
 */
export function seatShift(
  layout: Pick<ScreenLayout, 'cols' | 'screenAt'>,
  shape: { offset: number; curve: number } | undefined,
  col: number,
): SeatShift {
  if (!shape || (!shape.offset && !shape.curve)) return { x: 0, y: 0 };
  const half = (layout.cols - 1) / 2 || 1;
  const d = (col - half) / half;
  const towardsScreen = shape.curve * MAX_BOW * d * d;
  return { x: shape.offset, y: layout.screenAt === 'top' ? -towardsScreen : towardsScreen };
}

/** The row shapes of a stored layout, by grid row. */
export function rowShapeMap(
  layout: Pick<ScreenLayout, 'rowShapes'>,
): Map<number, { offset: number; curve: number }> {
  return new Map((layout.rowShapes ?? []).map((s) => [s.row, { offset: s.offset, curve: s.curve }]));
}
