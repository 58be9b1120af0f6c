import 'server-only';
import { formatTimeOfDay, localDateAt, localMinuteAt } from '@/lib/local-time';
import type { Session } from '@/lib/schemas/programme';
import { Prisma } from '@/prisma/generated/client';
import type { Tx } from '@/server/db';

// Sessions as the programme shows them: times in the cinema's zone, prices, and how they sell
// (sold and live-held seats, confirmed bookings and what they paid, which is what cancelling
// refunds). One query, however many sessions.

type Row = {
  id: string;
  screen_id: string;
  screen_name: string;
  capacity: number;
  movie_id: string;
  title: string;
  runtime_minutes: number;
  starts_at: Date;
  ends_at: Date;
  busy_until: Date;
  language: string;
  format: Session['format'];
  status: Session['status'];
  prices: Session['prices'];
  sold: number;
  held: number;
  bookings: number;
  revenue: bigint;
  ever_sold: boolean;
  accessibility: Session['accessibility'];
};

export async function loadSessions(
  client: Tx,
  where: { ids: readonly string[] } | { cinemaId: string; from: Date; until: Date },
  timeZone: string,
): Promise<Session[]> {
  const filter =
    'ids' in where
      ? Prisma.sql`sh.id = ANY(${[...where.ids]}::uuid[])`
      : Prisma.sql`sc.cinema_id = ${where.cinemaId}::uuid AND sh.starts_at >= ${where.from} AND sh.starts_at < ${where.until}`;
  const rows = await client.$queryRaw<Row[]>`
    SELECT sh.id::text, sh.screen_id::text, sc.name AS screen_name, sc.capacity,
           m.id::text AS movie_id, m.title, m.runtime_minutes,
           sh.starts_at, sh.ends_at, sh.busy_until, sh.language, sh.format::text AS format, sh.status::text AS status,
           (SELECT coalesce(jsonb_agg(jsonb_build_object('category', p.category, 'priceMinor', p.price_minor)
                                      ORDER BY p.category), '[]'::jsonb)
              FROM showtime_prices p WHERE p.showtime_id = sh.id) AS prices,
           (SELECT count(*)::int FROM seat_claims c WHERE c.showtime_id = sh.id AND c.state = 'SOLD') AS sold,
           (SELECT count(*)::int FROM seat_claims c
             WHERE c.showtime_id = sh.id AND c.state = 'HELD' AND c.expires_at > now()) AS held,
           (SELECT count(*)::int FROM bookings b WHERE b.showtime_id = sh.id AND b.status = 'CONFIRMED') AS bookings,
           (SELECT coalesce(sum(b.total_minor), 0)::bigint FROM bookings b
             WHERE b.showtime_id = sh.id AND b.status = 'CONFIRMED') AS revenue,
           EXISTS (SELECT 1 FROM seat_claims c WHERE c.showtime_id = sh.id) AS ever_sold,
           sh.accessibility::text[] AS accessibility
    FROM showtimes sh
    JOIN screens sc ON sc.id = sh.screen_id
    JOIN movies m ON m.id = sh.movie_id
    WHERE ${filter}
    ORDER BY sh.starts_at, sc.name`;
  return rows.map((r) => ({
    id: r.id,
    screenId: r.screen_id,
    screenName: r.screen_name,
    movie: { id: r.movie_id, title: r.title, runtimeMinutes: r.runtime_minutes },
    date: localDateAt(r.starts_at, timeZone),
    time: formatTimeOfDay(localMinuteAt(r.starts_at, timeZone)),
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    busyUntil: r.busy_until.toISOString(),
    language: r.language,
    format: r.format,
    status: r.status,
    prices: r.prices,
    capacity: r.capacity,
    sold: r.sold,
    held: r.held,
    bookings: r.bookings,
    revenueMinor: Number(r.revenue),
    everSold: r.ever_sold,
    accessibility: r.accessibility,
  }));
}

export async function loadSession(client: Tx, id: string, timeZone: string): Promise<Session> {
  const [session] = await loadSessions(client, { ids: [id] }, timeZone);
  if (!session) throw new Error(`session ${id} vanished`);
  return session;
}
