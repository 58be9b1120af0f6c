// What kind of auditorium a show is in, and why it costs more, from what is stored about the
// screen: the formats it can project (screens.formats) and the seats of the layout the show is
// sold on. A 2D film in a recliner lounge is priced about 3× a 2D film next door; the chip said
// only "2D" (issue 16.7), so the customer could not tell why.

export type ScreenType = {
  kind: 'IMAX' | 'FOUR_DX' | 'RECLINER';
  /** Short, for a chip. */
  name: string;
  /** One sentence that starts with the name and says what the money buys. */
  why: string;
};

const TYPES: Record<ScreenType['kind'], ScreenType> = {
  IMAX: { kind: 'IMAX', name: 'IMAX', why: 'IMAX: a larger, taller screen and more powerful sound' },
  FOUR_DX: {
    kind: 'FOUR_DX',
    name: '4DX',
    why: '4DX: seats that move with the film, with wind, water and scent effects',
  },
  RECLINER: {
    kind: 'RECLINER',
    name: 'Recliner lounge',
    why: 'Recliner lounge: reclining armchairs with extra legroom',
  },
};

/**
 * The premium type of a screen, or null for an ordinary one. A screen is a recliner lounge when
 * most of its seats are recliners (a hall with one back row of recliners is not).
 */
export function screenTypeOf(screen: {
  formats: readonly string[];
  seats: number;
  recliners: number;
}): ScreenType | null {
  if (screen.formats.includes('IMAX')) return TYPES.IMAX;
  if (screen.formats.includes('FOUR_DX')) return TYPES.FOUR_DX;
  if (screen.seats > 0 && screen.recliners * 2 > screen.seats) return TYPES.RECLINER;
  return null;
}
