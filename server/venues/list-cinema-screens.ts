import 'server-only';
import { AppError } from '@/lib/errors';
import type { FORMAT_VALUES } from '@/lib/schemas/discover';
import { type LayoutSummary, summarizeSeats } from '@/lib/seat-layout/summary';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

export type ScreenListItem = {
  id: string;
  name: string;
  formats: (typeof FORMAT_VALUES)[number][];
  capacity: number;
  seats: LayoutSummary;
};

/** A cinema's screens for its managers (and admins): formats, capacity by category, accessible places. */
export async function listCinemaScreens(options: {
  viewer: Viewer;
  cinemaId: string;
}): Promise<{ cinema: { id: string; name: string }; screens: ScreenListItem[] }> {
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: options.cinemaId });
  const cinema = await db().cinema.findUnique({
    where: { id: options.cinemaId },
    select: { id: true, name: true },
  });
  if (!cinema) throw new AppError('NOT_FOUND', 'Cinema not found.');
  const [screens, counts] = await Promise.all([
    db().screen.findMany({
      where: { cinemaId: cinema.id },
      select: { id: true, name: true, formats: true, capacity: true },
      orderBy: { name: 'asc' },
    }),
    db().seat.groupBy({
      by: ['screenId', 'category', 'kind', 'blocked'],
      // The current layouts' seats only.
      where: { screen: { cinemaId: cinema.id }, layout: { currentOf: { isNot: null } } },
      _count: { _all: true },
    }),
  ]);
  return {
    cinema,
    screens: screens.map((s) => ({
      ...s,
      seats: summarizeSeats(
        counts.filter((c) => c.screenId === s.id).map((c) => ({ ...c, count: c._count._all })),
      ),
    })),
  };
}
