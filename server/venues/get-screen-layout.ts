import 'server-only';
import { AppError } from '@/lib/errors';
import type { FORMAT_VALUES } from '@/lib/schemas/discover';
import { type ScreenLayout, screenLayoutSchema } from '@/lib/schemas/layout';
import { type LayoutSummary, summarizeSeats } from '@/lib/seat-layout/summary';
import type { SeatView } from '@/lib/seat-map';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

type MovieFormatName = (typeof FORMAT_VALUES)[number];

export type ScreenLayoutView = {
  cinema: { id: string; name: string };
  /** `version`: of the current layout; each edit writes the next. */
  screen: {
    id: string;
    name: string;
    formats: MovieFormatName[];
    capacity: number;
    /** null: the cinema's cleaning time. */
    cleaningMinutes: number | null;
    version: number;
  };
  layout: ScreenLayout;
  /** Drawn as the moviegoer's map draws them: blocked seats as `blocked`, the rest `available`. */
  seats: SeatView[];
  summary: LayoutSummary;
};

/** One screen's stored layout, read-only, for the cinema's managers and admins. */
export async function getScreenLayout(options: {
  viewer: Viewer;
  cinemaId: string;
  screenId: string;
}): Promise<ScreenLayoutView> {
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: options.cinemaId });
  const screen = await db().screen.findFirst({
    where: { id: options.screenId, cinemaId: options.cinemaId },
    select: {
      id: true,
      name: true,
      formats: true,
      capacity: true,
      cleaningMinutes: true,
      layout: true,
      cinema: { select: { id: true, name: true } },
      // The current layout's seats (earlier versions stay for the showtimes sold on them).
      currentLayout: { select: { version: true } },
      seats: {
        where: { layout: { currentOf: { isNot: null } } },
        select: {
          id: true,
          rowLabel: true,
          number: true,
          rowIndex: true,
          col: true,
          category: true,
          kind: true,
          blocked: true,
        },
        orderBy: [{ rowIndex: 'asc' }, { col: 'asc' }],
      },
    },
  });
  if (!screen) throw new AppError('NOT_FOUND', 'Screen not found.');
  const { cinema, seats, layout, currentLayout, ...rest } = screen;
  return {
    cinema,
    screen: { ...rest, version: currentLayout?.version ?? 1 },
    layout: screenLayoutSchema.parse(layout),
    seats: seats.map((s) => ({
      id: s.id,
      row: s.rowLabel,
      number: s.number,
      rowIndex: s.rowIndex,
      col: s.col,
      category: s.category,
      kind: s.kind,
      state: s.blocked ? 'blocked' : 'available',
    })),
    summary: summarizeSeats(seats),
  };
}
