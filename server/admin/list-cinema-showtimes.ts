import 'server-only';
import { SHOW_SALES_COLUMNS, type ShowSalesColumns } from '@/server/admin/show-sales';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

export type ShowtimeOverview = {
  id: string;
  startsAt: string;
  status: 'SCHEDULED' | 'CANCELLED';
  movie: string;
  screen: string;
  capacity: number;
  sold: number;
  held: number;
  revenueMinor: number;
};

export type CinemaOverview = { id: string; name: string; showtimes: ShowtimeOverview[] };

/** The cinemas a staff member may see (all for admins), with the coming days' shows and how they sell. */
export async function listCinemaShowtimes(options: {
  viewer: Viewer;
  days: number;
  now?: Date;
}): Promise<CinemaOverview[]> {
  const now = options.now ?? new Date();
  const until = new Date(now.getTime() + options.days * 86_400_000);
  const scope = options.viewer.role === 'ADMIN' ? {} : { id: { in: options.viewer.staffCinemaIds } };
  const cinemas = await db().cinema.findMany({
    where: scope,
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
  if (cinemas.length === 0) return [];
  const rows = await db().$queryRaw<
    (ShowSalesColumns & {
      id: string;
      cinema_id: string;
      starts_at: Date;
      status: 'SCHEDULED' | 'CANCELLED';
      movie: string;
      screen: string;
      capacity: number;
    })[]
  >`
    SELECT sh.id::text, sc.cinema_id::text, sh.starts_at, sh.status::text AS status, m.title AS movie, sc.name AS screen,
           sl.capacity, ${SHOW_SALES_COLUMNS}
    FROM showtimes sh
    JOIN screens sc ON sc.id = sh.screen_id
    -- The capacity of the layout version the showtime is sold on.
    JOIN screen_layouts sl ON sl.id = sh.layout_id
    JOIN movies m ON m.id = sh.movie_id
    WHERE sc.cinema_id = ANY(${cinemas.map((c) => c.id)}::uuid[]) AND sh.starts_at >= ${now} AND sh.starts_at < ${until}
    ORDER BY sh.starts_at, sc.name`;
  return cinemas.map((c) => ({
    ...c,
    showtimes: rows
      .filter((r) => r.cinema_id === c.id)
      .map((r) => ({
        id: r.id,
        startsAt: r.starts_at.toISOString(),
        status: r.status,
        movie: r.movie,
        screen: r.screen,
        capacity: r.capacity,
        sold: r.sold,
        held: r.held,
        revenueMinor: Number(r.gross),
      })),
  }));
}
