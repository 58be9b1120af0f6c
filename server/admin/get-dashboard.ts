import 'server-only';
import type { DashboardQuery } from '@/lib/schemas/admin';
import { Prisma } from '@/prisma/generated/client';
import { SHOW_SALES_COLUMNS, type ShowSalesColumns } from '@/server/admin/show-sales';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

// The cinema's day at a glance: what sold on the chosen day (in each cinema's own time zone),
// how full the running and next shows are, the day's shows a page at a time. Money is in paise;
// revenue is net of the booking fee and GST (what the cinema keeps for the seats), with the gross
// (what customers paid) beside it. Cancelled bookings count for nothing: they were refunded.

export const SHOWTIMES_PER_PAGE = 20;
const UPCOMING = 6;

export type DashboardShow = {
  id: string;
  cinemaId: string;
  cinema: string;
  startsAt: string;
  endsAt: string;
  status: 'SCHEDULED' | 'CANCELLED';
  movie: string;
  screen: string;
  capacity: number;
  sold: number;
  held: number;
  grossMinor: number;
};

export type Dashboard = {
  date: string;
  cinemas: { id: string; name: string }[];
  movies: { id: string; title: string }[];
  filters: { cinemaId: string | null; movieId: string | null };
  totals: {
    bookings: number;
    tickets: number;
    grossMinor: number;
    netMinor: number;
    feeMinor: number;
    taxMinor: number;
  };
  /** 24 local hours of the day: tickets and net revenue of the sales made in that hour. */
  byHour: { hour: number; tickets: number; netMinor: number }[];
  topFilms: { movieId: string; title: string; tickets: number; netMinor: number }[];
  /** Shows of the day not over yet, the running ones first: how full they are. */
  upcoming: DashboardShow[];
  showtimes: { rows: DashboardShow[]; total: number; page: number; perPage: number };
};

function localDate(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

type ShowRow = ShowSalesColumns & {
  id: string;
  cinema_id: string;
  cinema: string;
  starts_at: Date;
  ends_at: Date;
  status: 'SCHEDULED' | 'CANCELLED';
  movie: string;
  screen: string;
  capacity: number;
};

const showRow = (r: ShowRow): DashboardShow => ({
  id: r.id,
  cinemaId: r.cinema_id,
  cinema: r.cinema,
  startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at.toISOString(),
  status: r.status,
  movie: r.movie,
  screen: r.screen,
  capacity: r.capacity,
  sold: r.sold,
  held: r.held,
  grossMinor: Number(r.gross),
});

export async function getDashboard(options: {
  viewer: Viewer;
  query: DashboardQuery;
  now?: Date;
}): Promise<Dashboard> {
  const now = options.now ?? new Date();
  const { query } = options;
  const viewer = authorize(options.viewer, {
    roles: ['STAFF', 'MANAGER'],
    ...(query.cinemaId ? { cinemaId: query.cinemaId } : {}),
  });
  const all = await db().cinema.findMany({
    where: viewer.role === 'ADMIN' ? {} : { id: { in: viewer.staffCinemaIds } },
    select: { id: true, name: true, timeZone: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  const scoped = query.cinemaId ? all.filter((c) => c.id === query.cinemaId) : all;
  const date = query.date ?? localDate(scoped[0]?.timeZone ?? 'Asia/Kolkata', now);
  const cinemas = all.map(({ id, name }) => ({ id, name }));
  const empty: Dashboard = {
    date,
    cinemas,
    movies: [],
    filters: { cinemaId: query.cinemaId ?? null, movieId: null },
    totals: { bookings: 0, tickets: 0, grossMinor: 0, netMinor: 0, feeMinor: 0, taxMinor: 0 },
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, tickets: 0, netMinor: 0 })),
    topFilms: [],
    upcoming: [],
    showtimes: { rows: [], total: 0, page: query.page, perPage: SHOWTIMES_PER_PAGE },
  };
  if (scoped.length === 0) return empty;
  const ids = scoped.map((c) => c.id);
  const movie = query.movieId ? Prisma.sql`AND sh.movie_id = ${query.movieId}::uuid` : Prisma.empty;

  // Sales made on the day (a booking's local creation date), per hour and per film.
  const sales = await db().$queryRaw<
    {
      hour: number;
      movie_id: string;
      title: string;
      bookings: number;
      tickets: number;
      gross: bigint;
      fee: bigint;
      tax: bigint;
    }[]
  >`
    SELECT extract(hour FROM b.created_at AT TIME ZONE c.time_zone)::int AS hour,
           m.id::text AS movie_id, m.title,
           count(*)::int AS bookings,
           sum((SELECT count(*) FROM tickets t WHERE t.booking_id = b.id))::int AS tickets,
           sum(b.total_minor) AS gross, sum(b.fee_minor) AS fee, sum(b.tax_minor) AS tax
    FROM bookings b
    JOIN showtimes sh ON sh.id = b.showtime_id
    JOIN screens sc ON sc.id = sh.screen_id
    JOIN cinemas c ON c.id = sc.cinema_id
    JOIN movies m ON m.id = sh.movie_id
    WHERE sc.cinema_id = ANY(${ids}::uuid[]) AND b.status = 'CONFIRMED'
      AND (b.created_at AT TIME ZONE c.time_zone)::date = ${date}::date ${movie}
    GROUP BY 1, 2, 3`;

  const totals = { ...empty.totals };
  const byHour = empty.byHour.map((h) => ({ ...h }));
  const films = new Map<string, { movieId: string; title: string; tickets: number; netMinor: number }>();
  for (const s of sales) {
    const gross = Number(s.gross);
    const fee = Number(s.fee);
    const tax = Number(s.tax);
    const net = gross - fee - tax;
    totals.bookings += s.bookings;
    totals.tickets += s.tickets;
    totals.grossMinor += gross;
    totals.feeMinor += fee;
    totals.taxMinor += tax;
    totals.netMinor += net;
    const h = byHour[s.hour];
    if (h) {
      h.tickets += s.tickets;
      h.netMinor += net;
    }
    const f = films.get(s.movie_id) ?? { movieId: s.movie_id, title: s.title, tickets: 0, netMinor: 0 };
    f.tickets += s.tickets;
    f.netMinor += net;
    films.set(s.movie_id, f);
  }
  const topFilms = [...films.values()]
    .sort((a, b) => b.tickets - a.tickets || b.netMinor - a.netMinor || a.title.localeCompare(b.title))
    .slice(0, 5);

  // The day's shows (local start date), with what sold and what is held right now.
  const shows = (where: Prisma.Sql, order: Prisma.Sql, limit: number, offset: number) =>
    db().$queryRaw<ShowRow[]>`
      SELECT sh.id::text, sc.cinema_id::text, c.name AS cinema, sh.starts_at, sh.ends_at, sh.status::text AS status,
             m.title AS movie, sc.name AS screen, sl.capacity, ${SHOW_SALES_COLUMNS}
      FROM showtimes sh
      JOIN screens sc ON sc.id = sh.screen_id
      JOIN cinemas c ON c.id = sc.cinema_id
      -- The capacity of the layout version the showtime is sold on.
      JOIN screen_layouts sl ON sl.id = sh.layout_id
      JOIN movies m ON m.id = sh.movie_id
      WHERE sc.cinema_id = ANY(${ids}::uuid[]) AND (sh.starts_at AT TIME ZONE c.time_zone)::date = ${date}::date
        ${movie} ${where}
      ORDER BY ${order}
      LIMIT ${limit} OFFSET ${offset}`;
  const [upcoming, page, [count], movies] = await Promise.all([
    shows(
      Prisma.sql`AND sh.status = 'SCHEDULED' AND sh.ends_at > ${now}`,
      Prisma.sql`sh.starts_at, sc.name`,
      UPCOMING,
      0,
    ),
    shows(
      Prisma.empty,
      Prisma.sql`sh.starts_at, c.name, sc.name, sh.id`,
      SHOWTIMES_PER_PAGE,
      (query.page - 1) * SHOWTIMES_PER_PAGE,
    ),
    db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM showtimes sh JOIN screens sc ON sc.id = sh.screen_id JOIN cinemas c ON c.id = sc.cinema_id
      WHERE sc.cinema_id = ANY(${ids}::uuid[]) AND (sh.starts_at AT TIME ZONE c.time_zone)::date = ${date}::date ${movie}`,
    // The films on the day's programme, for the film filter (whatever film is chosen).
    db().$queryRaw<{ id: string; title: string }[]>`
      SELECT DISTINCT m.id::text, m.title FROM showtimes sh JOIN screens sc ON sc.id = sh.screen_id
      JOIN cinemas c ON c.id = sc.cinema_id JOIN movies m ON m.id = sh.movie_id
      WHERE sc.cinema_id = ANY(${ids}::uuid[]) AND (sh.starts_at AT TIME ZONE c.time_zone)::date = ${date}::date
      ORDER BY m.title, m.id::text`,
  ]);
  return {
    date,
    cinemas,
    movies,
    filters: {
      cinemaId: query.cinemaId ?? null,
      movieId: query.movieId && movies.some((m) => m.id === query.movieId) ? query.movieId : null,
    },
    totals,
    byHour,
    topFilms,
    upcoming: upcoming.map(showRow),
    showtimes: {
      rows: page.map(showRow),
      total: count?.n ?? 0,
      page: query.page,
      perPage: SHOWTIMES_PER_PAGE,
    },
  };
}
