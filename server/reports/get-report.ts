import 'server-only';
import { AppError } from '@/lib/errors';
import {
  REPORT_DATE_BASIS,
  REPORT_TITLES,
  type Report,
  type ReportCell,
  type ReportColumn,
  type ReportKind,
  type ReportQuery,
  type ReportSummary,
} from '@/lib/schemas/reports';
import { Prisma } from '@/prisma/generated/client';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { gstRegister } from '@/server/reports/gst-register';

// Every report but one reads the rollups (report_showtime_rollups, report_promo_rollups), filtered
// by the shows' local dates and the caller's cinemas: never the raw bookings, so a year of history
// costs a scan of one row per show. The numbers are as of the rollups' last refresh, which the
// report says (asOf). The GST register reads the invoices and credit notes themselves, by issue
// date (gst-register.ts): they are immutable and indexed by cinema and issue time.

type Row = Record<string, ReportCell>;
/**
 * A report's table. One that can limit its rows itself (the GST register, the only one whose rows
 * grow with the business, not the calendar) also gives its totals and rowsTotal, from SQL.
 */
type Table = {
  columns: ReportColumn[];
  rows: Row[];
  rowsTotal?: number;
  totals?: Row;
  summary?: ReportSummary;
  sacSummary?: ReportSummary;
};

const col = (key: string, label: string, type: ReportColumn['type'] = 'int'): ReportColumn => ({
  key,
  label,
  type,
});

const OCCUPANCY_COLUMNS = [
  col('shows', 'Shows'),
  col('capacity', 'Seats'),
  col('admissions', 'Admissions'),
  col('occupancy', 'Occupancy %', 'percent'),
];

/** The cinemas a report may cover: the one asked for, or all the viewer manages (admins: all). */
export async function reportCinemas(
  viewer: Viewer,
  cinemaId: string | undefined,
): Promise<{ id: string; name: string }[]> {
  authorize(viewer, cinemaId ? { roles: ['MANAGER'], cinemaId } : { roles: ['MANAGER'] });
  const ids = cinemaId ? [cinemaId] : viewer.role === 'ADMIN' ? null : viewer.managedCinemaIds;
  const cinemas = await db().cinema.findMany({
    where: ids ? { id: { in: ids } } : {},
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
  if (cinemaId && cinemas.length === 0) throw new AppError('NOT_FOUND', 'No such cinema.');
  return cinemas;
}

const DAY_PART = Prisma.sql`CASE WHEN r.local_minute < c.evening_from_minute THEN 'Matinee'
  WHEN r.local_minute < c.night_from_minute THEN 'Evening' ELSE 'Night' END`;

function scope(q: ReportQuery, ids: string[]): Prisma.Sql {
  return Prisma.sql`r.cinema_id = ANY(${ids}::uuid[])
    AND r.local_date BETWEEN ${q.from}::date AND ${q.to}::date`;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function occupancy(capacity: number, admissions: number): number {
  return capacity === 0 ? 0 : Math.round((admissions / capacity) * 1000) / 10;
}

/** Counts come back as bigint, sums of bigint as Decimal (numeric), dates as Date. */
function plain(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'bigint' || Prisma.Decimal.isDecimal(v)) out[k] = Number(v);
    else if (v instanceof Date) out[k] = v.toISOString().slice(0, 10);
    else if (typeof v === 'number' || typeof v === 'string' || v === null) out[k] = v;
    else out[k] = String(v);
  }
  if ('capacity' in out && 'admissions' in out)
    out.occupancy = occupancy(num(out.capacity), num(out.admissions));
  return out;
}

async function query(sql: Prisma.Sql): Promise<Row[]> {
  const rows = await db().$queryRaw<Record<string, unknown>[]>(sql);
  return rows.map(plain);
}

const TABLES: Record<ReportKind, (q: ReportQuery, ids: string[], limit?: number) => Promise<Table>> = {
  'occupancy-shows': async (q, ids) => ({
    columns: [
      col('date', 'Date', 'date'),
      col('time', 'Time', 'text'),
      col('cinema', 'Cinema', 'text'),
      col('screen', 'Screen', 'text'),
      col('film', 'Film', 'text'),
      col('dayPart', 'Part of day', 'text'),
      col('capacity', 'Seats'),
      col('admissions', 'Admissions'),
      col('occupancy', 'Occupancy %', 'percent'),
    ],
    rows: await query(Prisma.sql`
      SELECT r.local_date AS date,
             lpad((r.local_minute / 60)::text, 2, '0') || ':' || lpad((r.local_minute % 60)::text, 2, '0') AS time,
             c.name AS cinema, sc.name AS screen, m.title AS film, ${DAY_PART} AS "dayPart",
             r.capacity, r.admissions
      FROM report_showtime_rollups r
      JOIN cinemas c ON c.id = r.cinema_id
      JOIN screens sc ON sc.id = r.screen_id
      JOIN movies m ON m.id = r.movie_id
      WHERE ${scope(q, ids)} AND NOT r.cancelled
      ORDER BY r.local_date, c.name, r.local_minute, sc.name`),
  }),
  'occupancy-screens': async (q, ids) => ({
    columns: [col('cinema', 'Cinema', 'text'), col('screen', 'Screen', 'text'), ...OCCUPANCY_COLUMNS],
    rows: await query(Prisma.sql`
      SELECT c.name AS cinema, sc.name AS screen, count(*) AS shows,
             sum(r.capacity) AS capacity, sum(r.admissions) AS admissions
      FROM report_showtime_rollups r
      JOIN cinemas c ON c.id = r.cinema_id
      JOIN screens sc ON sc.id = r.screen_id
      WHERE ${scope(q, ids)} AND NOT r.cancelled
      GROUP BY c.name, sc.name ORDER BY c.name, sc.name`),
  }),
  'occupancy-films': async (q, ids) => ({
    columns: [col('film', 'Film', 'text'), ...OCCUPANCY_COLUMNS],
    rows: await query(Prisma.sql`
      SELECT m.title AS film, count(*) AS shows, sum(r.capacity) AS capacity, sum(r.admissions) AS admissions
      FROM report_showtime_rollups r
      JOIN movies m ON m.id = r.movie_id
      WHERE ${scope(q, ids)} AND NOT r.cancelled
      GROUP BY m.id, m.title ORDER BY sum(r.admissions) DESC, m.title`),
  }),
  'occupancy-day-parts': async (q, ids) => ({
    columns: [col('cinema', 'Cinema', 'text'), col('dayPart', 'Part of day', 'text'), ...OCCUPANCY_COLUMNS],
    rows: await query(Prisma.sql`
      SELECT c.name AS cinema, ${DAY_PART} AS "dayPart", count(*) AS shows,
             sum(r.capacity) AS capacity, sum(r.admissions) AS admissions
      FROM report_showtime_rollups r
      JOIN cinemas c ON c.id = r.cinema_id
      WHERE ${scope(q, ids)} AND NOT r.cancelled
      GROUP BY c.name, 2 ORDER BY c.name, min(r.local_minute)`),
  }),
  revenue: async (q, ids) => ({
    columns: [
      col('date', 'Show date', 'date'),
      col('cinema', 'Cinema', 'text'),
      col('bookings', 'Bookings'),
      col('tickets', 'Tickets'),
      col('subtotal', 'Ticket sales', 'money'),
      col('discount', 'Discounts', 'money'),
      col('fee', 'Booking fees', 'money'),
      col('tax', 'Tax', 'money'),
      col('total', 'Paid', 'money'),
      col('net', 'Net (paid − fees − tax)', 'money'),
      col('refunded', 'Refunded', 'money'),
      col('kept', 'Paid − refunded', 'money'),
    ],
    rows: await query(Prisma.sql`
      SELECT r.local_date AS date, c.name AS cinema,
             sum(r.bookings) AS bookings, sum(r.tickets) AS tickets,
             sum(r.subtotal_minor) AS subtotal, sum(r.discount_minor) AS discount,
             sum(r.fee_minor) AS fee, sum(r.tax_minor) AS tax, sum(r.total_minor) AS total,
             sum(r.total_minor - r.fee_minor - r.tax_minor) AS net,
             sum(r.refunded_minor) AS refunded, sum(r.total_minor - r.refunded_minor) AS kept
      FROM report_showtime_rollups r
      JOIN cinemas c ON c.id = r.cinema_id
      WHERE ${scope(q, ids)} AND r.bookings > 0
      GROUP BY r.local_date, c.name ORDER BY r.local_date, c.name`),
  }),
  refunds: async (q, ids) => ({
    columns: [
      col('date', 'Show date', 'date'),
      col('cinema', 'Cinema', 'text'),
      col('cancelledShows', 'Shows cancelled'),
      col('bookingsCancelled', 'Bookings cancelled'),
      col('refunds', 'Refunds'),
      col('refunded', 'Refunded', 'money'),
    ],
    rows: await query(Prisma.sql`
      SELECT r.local_date AS date, c.name AS cinema,
             count(*) FILTER (WHERE r.cancelled AND r.bookings > 0) AS "cancelledShows",
             sum(r.bookings_cancelled) AS "bookingsCancelled",
             sum(r.refunds) AS refunds, sum(r.refunded_minor) AS refunded
      FROM report_showtime_rollups r
      JOIN cinemas c ON c.id = r.cinema_id
      WHERE ${scope(q, ids)} AND (r.refunds > 0 OR r.bookings_cancelled > 0)
      GROUP BY r.local_date, c.name ORDER BY r.local_date, c.name`),
  }),
  promos: async (q, ids) => ({
    columns: [
      col('code', 'Code', 'text'),
      col('description', 'Description', 'text'),
      col('redemptions', 'Bookings'),
      col('discount', 'Discount given', 'money'),
      col('total', 'Paid', 'money'),
    ],
    rows: await query(Prisma.sql`
      SELECT pc.code, pc.description, sum(r.redemptions) AS redemptions,
             sum(r.discount_minor) AS discount, sum(r.total_minor) AS total
      FROM report_promo_rollups r
      JOIN promo_codes pc ON pc.id = r.promo_code_id
      WHERE ${scope(q, ids)}
      GROUP BY pc.id, pc.code, pc.description ORDER BY sum(r.redemptions) DESC, pc.code`),
  }),
  distributor: async (q, ids) => ({
    columns: [
      col('weekFrom', 'Week from (Fri)', 'date'),
      col('weekTo', 'Week to (Thu)', 'date'),
      col('cinema', 'Cinema', 'text'),
      col('film', 'Film', 'text'),
      col('shows', 'Shows'),
      col('admissions', 'Admissions'),
      col('boxOffice', 'Net box office', 'money'),
    ],
    rows: await query(Prisma.sql`
      SELECT r.film_week AS "weekFrom", r.film_week + 6 AS "weekTo", c.name AS cinema, m.title AS film,
             count(*) FILTER (WHERE NOT r.cancelled) AS shows, sum(r.admissions) AS admissions,
             sum(r.box_office_minor) AS "boxOffice"
      FROM report_showtime_rollups r
      JOIN cinemas c ON c.id = r.cinema_id
      JOIN movies m ON m.id = r.movie_id
      WHERE ${scope(q, ids)} AND (r.admissions > 0 OR NOT r.cancelled)
      GROUP BY r.film_week, c.name, m.id, m.title ORDER BY r.film_week, c.name, m.title`),
  }),
  gst: gstRegister,
};

function totalsOf(table: Table): Row {
  const totals: Row = {};
  for (const c of table.columns) {
    totals[c.key] =
      c.type === 'int' || c.type === 'money' ? table.rows.reduce((sum, r) => sum + num(r[c.key]), 0) : null;
  }
  if ('occupancy' in totals) totals.occupancy = occupancy(num(totals.capacity), num(totals.admissions));
  return totals;
}

/**
 * One report over the viewer's cinemas (or the one asked for), as a table with its totals. With
 * `limit`, only the first `limit` rows (the totals and summaries still cover every row, and
 * `rowsTotal` says how many there are): what the page and a JSON caller paging through a big
 * range ask for. The downloads ask for every row.
 */
export async function getReport(options: {
  viewer: Viewer;
  kind: ReportKind;
  query: ReportQuery;
  limit?: number;
}): Promise<Report> {
  const cinemas = await reportCinemas(options.viewer, options.query.cinemaId);
  const ids = cinemas.map((c) => c.id);
  const live = REPORT_DATE_BASIS[options.kind] === 'issue';
  const readAt = new Date();
  const [table, state] = await Promise.all([
    TABLES[options.kind](options.query, ids, options.limit),
    live ? null : db().reportRollupState.findUnique({ where: { id: 1 }, select: { refreshedAt: true } }),
  ]);
  return {
    kind: options.kind,
    title: REPORT_TITLES[options.kind],
    dateBasis: REPORT_DATE_BASIS[options.kind],
    from: options.query.from,
    to: options.query.to,
    cinemas,
    currency: 'INR',
    ...table,
    rows: options.limit === undefined ? table.rows : table.rows.slice(0, options.limit),
    rowsTotal: table.rowsTotal ?? table.rows.length,
    totals: table.totals ?? totalsOf(table),
    // Read from the documents: everything committed before the query began is in it.
    asOf: live ? readAt.toISOString() : (state?.refreshedAt?.toISOString() ?? null),
  };
}
