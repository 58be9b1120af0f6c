import { describe, expect, it } from 'vitest';
import type { Report } from '@/lib/schemas/reports';
import type { Viewer } from '@/server/auth/session';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { sendRefund } from '@/server/booking/refund-payment';
import { db } from '@/server/db';
import { getReport } from '@/server/reports/get-report';
import { refreshReportRollups, refreshReportsByHand } from '@/server/reports/refresh-report-rollups';
import { book, createShowAt } from '../support/bookings';
import { createCinema, createUser } from '../support/factories';

// Reports read rollups; these tests hold the rollups to the raw tables (bookings, tickets,
// refunds) by direct SQL, and check the film week (Friday–Thursday) and the day parts in the
// cinema's own time zone.

const viewer = (id: string, role: Viewer['role'], cinemas: string[]): Viewer => ({
  id,
  name: 'Reporter',
  email: null,
  role,
  staffCinemaIds: cinemas,
  managedCinemaIds: role === 'MANAGER' ? cinemas : [],
});

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** A Thursday at least a week ahead (so every show is still on sale). */
function nextThursday(): string {
  let d = new Date(Date.now() + 7 * 86_400_000);
  while (d.getUTCDay() !== 4) d = new Date(d.getTime() + 86_400_000);
  return iso(d);
}

async function rollupRows(cinemaId: string) {
  const rows = await db().reportShowtimeRollup.findMany({
    where: { cinemaId },
    orderBy: { startsAt: 'asc' },
  });
  return rows.map(({ refreshedAt: _, ...rest }) => rest);
}

async function rawTotals(cinemaId: string) {
  const [money] = await db().$queryRaw<
    {
      bookings: bigint;
      total: bigint;
      fee: bigint;
      tax: bigint;
      net: bigint;
      subtotal: bigint;
      discount: bigint;
    }[]
  >`
    SELECT count(*) AS bookings, coalesce(sum(b.total_minor), 0) AS total, coalesce(sum(b.fee_minor), 0) AS fee,
           coalesce(sum(b.tax_minor), 0) AS tax, coalesce(sum(b.total_minor - b.fee_minor - b.tax_minor), 0) AS net,
           coalesce(sum(b.subtotal_minor), 0) AS subtotal, coalesce(sum(b.discount_minor), 0) AS discount
    FROM bookings b JOIN showtimes s ON s.id = b.showtime_id JOIN screens sc ON sc.id = s.screen_id
    WHERE sc.cinema_id = ${cinemaId}::uuid`;
  const [refunds] = await db().$queryRaw<{ refunded: bigint }[]>`
    SELECT coalesce(sum(r.amount_minor), 0) AS refunded
    FROM refunds r JOIN bookings b ON b.id = r.booking_id JOIN showtimes s ON s.id = b.showtime_id
    JOIN screens sc ON sc.id = s.screen_id
    WHERE sc.cinema_id = ${cinemaId}::uuid AND r.status = 'SUCCEEDED'`;
  const [tickets] = await db().$queryRaw<{ admissions: bigint; tickets: bigint }[]>`
    SELECT count(*) FILTER (WHERE t.status <> 'CANCELLED') AS admissions, count(*) AS tickets
    FROM tickets t JOIN showtimes s ON s.id = t.showtime_id JOIN screens sc ON sc.id = s.screen_id
    WHERE sc.cinema_id = ${cinemaId}::uuid`;
  const n = (v: bigint | undefined) => Number(v ?? 0);
  return {
    bookings: n(money?.bookings),
    total: n(money?.total),
    fee: n(money?.fee),
    tax: n(money?.tax),
    net: n(money?.net),
    subtotal: n(money?.subtotal),
    discount: n(money?.discount),
    refunded: n(refunds?.refunded),
    admissions: n(tickets?.admissions),
    tickets: n(tickets?.tickets),
  };
}

/** Thursday 23:50 and (ten minutes after the cinema's midnight) Friday 00:10, India time. */
async function world() {
  const cinema = await createCinema({ orphanSeatRule: false, timeZone: 'Asia/Kolkata' });
  const manager = await createUser({ role: 'MANAGER' });
  await db().cinemaStaff.create({ data: { userId: manager.id, cinemaId: cinema.id, role: 'MANAGER' } });
  const thursday = nextThursday();
  // 23:50 IST = 18:20 UTC the same day; 00:10 IST Friday = 18:40 UTC on Thursday.
  const late = await createShowAt({ cinemaId: cinema.id, startsAt: new Date(`${thursday}T18:20:00Z`) });
  const early = await createShowAt({ cinemaId: cinema.id, startsAt: new Date(`${thursday}T18:40:00Z`) });
  const b1 = await book({ showtimeId: late.showtime.id, seatIds: [late.seats[0]!.id, late.seats[1]!.id] });
  const b2 = await book({ showtimeId: early.showtime.id, seatIds: [early.seats[0]!.id] });
  const b3 = await book({
    showtimeId: early.showtime.id,
    seatIds: [early.seats[2]!.id, early.seats[3]!.id, early.seats[4]!.id],
  });
  await cancelBooking({
    reference: b3.reference,
    viewer: viewer(b3.userId, 'CUSTOMER', []),
    reason: 'Plans changed',
  });
  const refund = await db().refund.findFirstOrThrow({ where: { bookingId: b3.id } });
  if (refund.status !== 'SUCCEEDED') await sendRefund(refund.id);
  expect((await db().refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe('SUCCEEDED');
  const query = { from: addDays(thursday, -7), to: addDays(thursday, 7), cinemaId: cinema.id };
  return {
    cinema,
    thursday,
    late,
    early,
    b1,
    b2,
    b3,
    query,
    manager: viewer(manager.id, 'MANAGER', [cinema.id]),
  };
}

const totals = (r: Report) => r.totals as Record<string, number>;

describe('report rollups', () => {
  it('agree with the raw tables: net = paid − fee − tax, refunds subtract, cancelled tickets are no admissions', async () => {
    const w = await world();
    await refreshReportRollups();
    const raw = await rawTotals(w.cinema.id);
    expect(raw.refunded).toBeGreaterThan(0);
    const revenue = await getReport({ viewer: w.manager, kind: 'revenue', query: w.query });
    expect(totals(revenue)).toMatchObject({
      bookings: 3,
      tickets: raw.tickets,
      subtotal: raw.subtotal,
      discount: raw.discount,
      fee: raw.fee,
      tax: raw.tax,
      total: raw.total,
      net: raw.total - raw.fee - raw.tax,
      refunded: raw.refunded,
      kept: raw.total - raw.refunded,
    });
    expect(totals(revenue).net).toBe(raw.net);
    expect(revenue.asOf).not.toBeNull();

    const refunds = await getReport({ viewer: w.manager, kind: 'refunds', query: w.query });
    expect(totals(refunds)).toMatchObject({ bookingsCancelled: 1, refunds: 1, refunded: raw.refunded });

    const films = await getReport({ viewer: w.manager, kind: 'occupancy-films', query: w.query });
    expect(totals(films)).toMatchObject({
      shows: 2,
      capacity: 20,
      admissions: raw.admissions,
      occupancy: 15,
    });
    expect(raw.admissions).toBe(3);
  });

  it('count film weeks Friday to Thursday and day parts in the cinema’s time zone', async () => {
    const w = await world();
    await refreshReportRollups();
    const distributor = await getReport({ viewer: w.manager, kind: 'distributor', query: w.query });
    const weeks = distributor.rows.map((r) => ({ from: r.weekFrom, to: r.weekTo, admissions: r.admissions }));
    // Thursday 23:50 closes the week that began the Friday before; 00:10 Friday opens the next,
    // although both start on the same UTC day.
    expect(weeks).toEqual([
      { from: addDays(w.thursday, -6), to: w.thursday, admissions: 2 },
      { from: addDays(w.thursday, 1), to: addDays(w.thursday, 7), admissions: 1 },
    ]);
    const [b1, b2] = await db().booking.findMany({
      where: { id: { in: [w.b1.id, w.b2.id] } },
      orderBy: { createdAt: 'asc' },
    });
    // Net box office: what the bookings still standing paid for their tickets, before fee and tax.
    expect(distributor.rows.map((r) => r.boxOffice)).toEqual([
      b1!.subtotalMinor - b1!.discountMinor,
      b2!.subtotalMinor - b2!.discountMinor,
    ]);

    const shows = await getReport({ viewer: w.manager, kind: 'occupancy-shows', query: w.query });
    expect(shows.rows.map((r) => [r.date, r.time, r.dayPart])).toEqual([
      [w.thursday, '23:50', 'Night'],
      [addDays(w.thursday, 1), '00:10', 'Matinee'],
    ]);
    // The cinema moves its night to 23:55: the day parts follow at once (derived when read).
    await db().cinema.update({ where: { id: w.cinema.id }, data: { nightFromMinute: 23 * 60 + 55 } });
    const parts = await getReport({ viewer: w.manager, kind: 'occupancy-day-parts', query: w.query });
    expect(parts.rows.map((r) => [r.dayPart, r.shows])).toEqual([
      ['Matinee', 1],
      ['Evening', 1],
    ]);
  });

  it('refresh idempotently and incrementally: only what changed, the same as recomputing everything', async () => {
    const w = await world();
    await refreshReportRollups();
    const first = await rollupRows(w.cinema.id);
    await refreshReportRollups();
    expect(await rollupRows(w.cinema.id)).toEqual(first);

    // A new booking is not in the reports until the next refresh, then it is.
    await book({ showtimeId: w.late.showtime.id, seatIds: [w.late.seats[5]!.id] });
    const stale = await getReport({ viewer: w.manager, kind: 'occupancy-films', query: w.query });
    expect(totals(stale).admissions).toBe(3);
    const dirty = await db().reportDirtyShowtime.count({ where: { showtimeId: w.late.showtime.id } });
    expect(dirty).toBeGreaterThan(0);
    await refreshReportRollups();
    const fresh = await getReport({ viewer: w.manager, kind: 'occupancy-films', query: w.query });
    expect(totals(fresh).admissions).toBe(4);
    expect(totals(fresh).admissions).toBe((await rawTotals(w.cinema.id)).admissions);

    const incremental = await rollupRows(w.cinema.id);
    await refreshReportRollups({ full: true });
    expect(await rollupRows(w.cinema.id)).toEqual(incremental);
  });

  it('are scoped to the manager’s cinemas, and refreshed by hand with an audit record', async () => {
    const w = await world();
    const other = await createCinema();
    const otherManager = await createUser({ role: 'MANAGER' });
    const elsewhere = viewer(otherManager.id, 'MANAGER', [other.id]);
    await expect(getReport({ viewer: elsewhere, kind: 'revenue', query: w.query })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const own = await getReport({
      viewer: elsewhere,
      kind: 'revenue',
      query: { ...w.query, cinemaId: undefined },
    });
    expect(own.cinemas.map((c) => c.id)).toEqual([other.id]);
    expect(own.rows).toEqual([]);

    await expect(refreshReportsByHand({ viewer: w.manager, full: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const state = await refreshReportsByHand({ viewer: w.manager, full: false });
    expect(state.refreshedAt).not.toBeNull();
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'reports.refreshed', actorId: w.manager.id },
    });
    expect(audit.after).toMatchObject({ full: false, refreshedAt: state.refreshedAt });
  });
});
