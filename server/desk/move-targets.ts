import 'server-only';
import type { Viewer } from '@/server/auth/session';
import { getSeatMap } from '@/server/booking/get-seat-map';
import { db } from '@/server/db';
import { deskCinemaIds } from '@/server/desk/desk-access';

// What the desk's move form offers: the film's coming shows at the booking's cinema, and the
// seats of the one chosen as the live seat map shows them (with their list prices).

export type MoveTarget = { id: string; startsAt: string; screen: string; free: number };

export async function listMoveTargets(options: {
  viewer: Viewer;
  cinemaId: string;
  movieId: string;
}): Promise<MoveTarget[]> {
  const cinemas = deskCinemaIds(options.viewer);
  if (cinemas && !cinemas.includes(options.cinemaId)) return [];
  const shows = await db().showtime.findMany({
    where: {
      movieId: options.movieId,
      status: 'SCHEDULED',
      startsAt: { gt: new Date(), lt: new Date(Date.now() + 14 * 86_400_000) },
      screen: { cinemaId: options.cinemaId },
    },
    orderBy: { startsAt: 'asc' },
    take: 30,
    select: {
      id: true,
      startsAt: true,
      screen: { select: { name: true, capacity: true } },
      _count: { select: { claims: { where: { state: { in: ['HELD', 'SOLD'] } } } } },
    },
  });
  return shows.map((s) => ({
    id: s.id,
    startsAt: s.startsAt.toISOString(),
    screen: s.screen.name,
    free: Math.max(0, s.screen.capacity - s._count.claims),
  }));
}

export type MoveSeat = {
  id: string;
  label: string;
  row: string;
  category: string;
  priceMinor: number;
  free: boolean;
};

/** The seats of a show the move form may offer, row by row. */
export async function moveSeats(showtimeId: string): Promise<MoveSeat[]> {
  const { map } = await getSeatMap(showtimeId);
  const prices = new Map(map.prices.map((p) => [p.category, p.priceMinor]));
  return [...map.seats]
    .sort((a, b) => a.rowIndex - b.rowIndex || a.col - b.col)
    .map((s) => ({
      id: s.id,
      label: s.label,
      row: s.row,
      category: s.category,
      priceMinor: prices.get(s.category) ?? 0,
      free: s.state === 'available',
    }));
}
