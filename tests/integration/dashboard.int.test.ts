import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DashboardChange, DashboardEnded } from '@/lib/realtime-dashboard';
import type { Ack } from '@/lib/realtime-protocol';
import { signOutEverywhere } from '@/server/account/sign-out-everywhere';
import { getDashboard } from '@/server/admin/get-dashboard';
import type { Viewer } from '@/server/auth/session';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { checkout } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { db } from '@/server/db';
import { publishAccountChange } from '@/server/events/account-events';
import { type Cluster, startCluster } from '@/server/events/cluster';
import { changeStaffRole } from '@/server/staff/change-staff-role';
import { bearerFor, strongBearerFor } from '../support/api';
import { createBookableShowtime, createMovie, createShowtime, createUser } from '../support/factories';
import {
  openSocket,
  type SecondInstance,
  startRealtimeHere,
  startSecondInstance,
} from '../support/realtime-cluster';

// The live dashboard: its numbers against SQL written apart from it, and its Socket.IO rooms:
// who may watch a cinema's sales (staff, managers after 2FA, admins; never a customer or the
// manager of another cinema) and that a committed sale reaches them, on this instance and on
// another one (through the PostgreSQL adapter).

const SUCCESS = {
  method: 'card' as const,
  card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
};

async function book(showtimeId: string, seatIds: string[]) {
  const buyer = await createUser();
  const hold = await holdSeats({ userId: buyer.id, showtimeId, seatIds });
  const { booking } = await checkout({
    userId: buyer.id,
    holdId: hold.holdId,
    payment: SUCCESS,
    idempotencyKey: randomUUID(),
  });
  return { buyer, booking };
}

function viewerOf(
  u: { id: string; name: string },
  role: Viewer['role'],
  cinemas: string[],
  managed = cinemas,
): Viewer {
  return { id: u.id, name: u.name, email: null, role, staffCinemaIds: cinemas, managedCinemaIds: managed };
}

const kolkataDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Kolkata',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

describe('the dashboard’s numbers', () => {
  it('are the day’s confirmed sales at the viewer’s cinemas, as SQL counts them', async () => {
    const here = await createBookableShowtime({
      rows: 4,
      cols: 8,
      startsAt: new Date(Date.now() + 3 * 3_600_000),
    });
    const cinemaId = here.screen.cinemaId;
    const other = await createShowtime({
      screenId: here.screen.id,
      movieId: (await createMovie({ title: `Second film ${randomUUID().slice(0, 6)}` })).id,
      startsAt: new Date(Date.now() + 7 * 3_600_000),
      priceMinor: 40_000,
    });
    const elsewhere = await createBookableShowtime({ startsAt: new Date(Date.now() + 3 * 3_600_000) });
    const ids = here.seats.map((s) => s.id);
    await book(here.showtime.id, ids.slice(0, 2));
    await book(here.showtime.id, ids.slice(8, 11));
    const otherSeats = await db().seat.findMany({
      where: { layout: { showtimes: { some: { id: other.id } } } },
      orderBy: [{ rowIndex: 'asc' }, { col: 'asc' }],
      select: { id: true },
    });
    await book(other.id, [otherSeats[0]!.id, otherSeats[1]!.id, otherSeats[2]!.id, otherSeats[3]!.id]);
    const cancelled = await book(here.showtime.id, ids.slice(16, 18));
    await cancelBooking({
      reference: cancelled.booking.reference,
      viewer: viewerOf(cancelled.buyer, 'CUSTOMER', []),
    });
    await book(elsewhere.showtime.id, [elsewhere.seats[0]!.id, elsewhere.seats[1]!.id]);

    const user = await createUser({ role: 'MANAGER' });
    const date = kolkataDate(new Date());
    const dash = await getDashboard({
      viewer: viewerOf(user, 'MANAGER', [cinemaId]),
      query: { date, page: 1 },
    });

    const [sql] = await db().$queryRaw<
      { bookings: number; tickets: number; gross: bigint; fee: bigint; tax: bigint }[]
    >`
      SELECT count(DISTINCT b.id)::int AS bookings, count(t.id)::int AS tickets,
             (SELECT sum(total_minor) FROM bookings b2 JOIN showtimes s2 ON s2.id = b2.showtime_id JOIN screens c2 ON c2.id = s2.screen_id
               WHERE c2.cinema_id = ${cinemaId}::uuid AND b2.status = 'CONFIRMED') AS gross,
             (SELECT sum(fee_minor) FROM bookings b2 JOIN showtimes s2 ON s2.id = b2.showtime_id JOIN screens c2 ON c2.id = s2.screen_id
               WHERE c2.cinema_id = ${cinemaId}::uuid AND b2.status = 'CONFIRMED') AS fee,
             (SELECT sum(tax_minor) FROM bookings b2 JOIN showtimes s2 ON s2.id = b2.showtime_id JOIN screens c2 ON c2.id = s2.screen_id
               WHERE c2.cinema_id = ${cinemaId}::uuid AND b2.status = 'CONFIRMED') AS tax
      FROM bookings b JOIN tickets t ON t.booking_id = b.id JOIN showtimes s ON s.id = b.showtime_id
      JOIN screens sc ON sc.id = s.screen_id
      WHERE sc.cinema_id = ${cinemaId}::uuid AND b.status = 'CONFIRMED'`;
    expect(sql!.bookings).toBe(3);
    expect(sql!.tickets).toBe(9);
    expect(dash.totals).toEqual({
      bookings: 3,
      tickets: 9,
      grossMinor: Number(sql!.gross),
      feeMinor: Number(sql!.fee),
      taxMinor: Number(sql!.tax),
      netMinor: Number(sql!.gross) - Number(sql!.fee) - Number(sql!.tax),
    });
    expect(dash.totals.netMinor).toBeGreaterThan(0);
    expect(dash.totals.netMinor).toBeLessThan(dash.totals.grossMinor);
    // Every sale happened in this hour (local time), and the hours add up to the day.
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Kolkata',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(new Date()),
    );
    expect(dash.byHour.reduce((n, h) => n + h.tickets, 0)).toBe(9);
    expect(dash.byHour[hour]!.tickets + (dash.byHour[(hour + 23) % 24]?.tickets ?? 0)).toBe(9);
    // The second film sold 4 in one booking, the first 5 in two (the cancelled one counts for nothing).
    expect(dash.topFilms.map((f) => f.tickets)).toEqual([5, 4]);
    expect(dash.cinemas.map((c) => c.id)).toEqual([cinemaId]);

    // Filtered by film: only that film's sales.
    const oneFilm = await getDashboard({
      viewer: viewerOf(user, 'MANAGER', [cinemaId]),
      query: { date, movieId: other.movieId, page: 1 },
    });
    expect(oneFilm.totals.tickets).toBe(4);
    expect(oneFilm.showtimes.rows.every((s) => s.movie === oneFilm.topFilms[0]?.title)).toBe(true);

    // The showtime list: the day's shows a page at a time, with what each sold.
    const showDate = kolkataDate(here.showtime.startsAt);
    const list = await getDashboard({
      viewer: viewerOf(user, 'MANAGER', [cinemaId]),
      query: { date: showDate, page: 1 },
    });
    const row = list.showtimes.rows.find((s) => s.id === here.showtime.id);
    expect(row).toMatchObject({ sold: 5, capacity: 32, status: 'SCHEDULED' });

    // A cinema the viewer does not work at is refused, not quietly answered.
    await expect(
      getDashboard({
        viewer: viewerOf(user, 'MANAGER', [cinemaId]),
        query: { date, cinemaId: elsewhere.screen.cinemaId, page: 1 },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      getDashboard({ viewer: viewerOf(await createUser(), 'CUSTOMER', []), query: { page: 1 } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

let here: Awaited<ReturnType<typeof startRealtimeHere>>;
let url: string;
let second: SecondInstance;
let childUrl: string;
let cluster: Cluster;
const sockets: Socket[] = [];

describe('the dashboard’s live room', () => {
  beforeAll(async () => {
    here = await startRealtimeHere(inject('databaseUrl'));
    url = here.url;
    // Account changes made here reach the other instance as they do in production.
    cluster = startCluster(inject('databaseUrl'));
    second = await startSecondInstance(inject('databaseUrl'));
    childUrl = second.url;
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await second?.stop();
    await here?.stop();
    await cluster?.stop();
  });

  function dashboardSocket(token: string | null, base = url): Promise<Socket> {
    return openSocket(base, '/dashboard', { token, opened: sockets });
  }

  const watch = (s: Socket, cinemaId: string) =>
    s.emitWithAck('dashboard:watch', { cinemaId }) as Promise<Ack<object>>;

  function heard(s: Socket): DashboardChange[] {
    const got: DashboardChange[] = [];
    s.on('dashboard:changed', (c: DashboardChange) => got.push(c));
    return got;
  }

  async function until(check: () => boolean, ms = 5_000) {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('nothing arrived within 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('admits the cinema’s staff and managers, refuses customers and other cinemas’ managers, and tells them of each sale', async () => {
    const world = await createBookableShowtime({ startsAt: new Date(Date.now() + 3 * 3_600_000) });
    const cinemaId = world.screen.cinemaId;
    const elsewhere = await createBookableShowtime();
    const staff = await createUser({ role: 'STAFF' });
    const manager = await createUser({ role: 'MANAGER' });
    const stranger = await createUser({ role: 'MANAGER' });
    const admin = await createUser({ role: 'ADMIN' });
    await db().cinemaStaff.createMany({
      data: [
        { userId: staff.id, cinemaId, role: 'STAFF' },
        { userId: manager.id, cinemaId, role: 'MANAGER' },
        { userId: stranger.id, cinemaId: elsewhere.screen.cinemaId, role: 'MANAGER' },
      ],
    });
    const customer = await createUser();

    // Not even connected: anonymous, a customer, a manager or admin who has not passed 2FA.
    await expect(dashboardSocket(null)).rejects.toThrow('UNAUTHENTICATED');
    await expect(dashboardSocket(await bearerFor(customer))).rejects.toThrow('FORBIDDEN');
    await expect(dashboardSocket(await bearerFor(manager))).rejects.toThrow('FORBIDDEN');
    await expect(dashboardSocket(await bearerFor(admin))).rejects.toThrow('FORBIDDEN');
    // A customer cannot make up a role: the account's role decides, not the token's claim.
    await expect(
      dashboardSocket(await bearerFor({ id: customer.id, role: 'ADMIN' }, { mfa: 'done' })),
    ).rejects.toThrow('FORBIDDEN');

    const staffSocket = await dashboardSocket(await bearerFor(staff));
    const managerSocket = await dashboardSocket(await strongBearerFor(manager), childUrl);
    const adminSocket = await dashboardSocket(await strongBearerFor(admin));
    const strangerSocket = await dashboardSocket(await strongBearerFor(stranger));
    expect(await watch(staffSocket, cinemaId)).toEqual({ ok: true });
    expect(await watch(managerSocket, cinemaId)).toEqual({ ok: true });
    expect(await watch(adminSocket, cinemaId)).toEqual({ ok: true });
    expect(await watch(strangerSocket, cinemaId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await watch(strangerSocket, elsewhere.screen.cinemaId)).toEqual({ ok: true });
    expect(await watch(staffSocket, 'not-a-uuid')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });

    const atStaff = heard(staffSocket);
    const atManager = heard(managerSocket);
    const atAdmin = heard(adminSocket);
    const atStranger = heard(strangerSocket);

    // A hold is not a sale: nothing yet.
    const buyer = await createUser();
    const hold = await holdSeats({
      userId: buyer.id,
      showtimeId: world.showtime.id,
      seatIds: [world.seats[0]!.id],
    });
    const { booking } = await checkout({
      userId: buyer.id,
      holdId: hold.holdId,
      payment: SUCCESS,
      idempotencyKey: randomUUID(),
    });
    await until(() => atStaff.length > 0 && atManager.length > 0 && atAdmin.length > 0);
    expect(atStaff).toEqual([
      { cinemaId, showtimeId: world.showtime.id, kind: 'sold', committedAt: expect.any(Number) },
    ]);
    // The manager is connected to the other instance: the sale crossed over through the adapter.
    expect(atManager).toEqual(atStaff);
    expect(atAdmin).toEqual(atStaff);

    await cancelBooking({ reference: booking.reference, viewer: viewerOf(buyer, 'CUSTOMER', []) });
    await until(() => atStaff.length > 1);
    expect(atStaff[1]).toMatchObject({ cinemaId, kind: 'cancelled' });
    await until(() => atManager.length > 1);
    // Long enough for a stray message to the stranger to have arrived too.
    await new Promise((r) => setTimeout(r, 300));
    expect(atStranger).toEqual([]);
  });

  /** The notice the server sends when it stops a socket's live sales, and how the socket ended. */
  function ending(s: Socket): { notices: DashboardEnded[]; disconnected: () => string | null } {
    const notices: DashboardEnded[] = [];
    let reason: string | null = null;
    s.on('dashboard:ended', (n: DashboardEnded) => notices.push(n));
    s.on('disconnect', (r: string) => {
      reason = r;
    });
    return { notices, disconnected: () => reason };
  }

  async function sell(world: Awaited<ReturnType<typeof createBookableShowtime>>, seat: number) {
    const buyer = await createUser();
    const hold = await holdSeats({
      userId: buyer.id,
      showtimeId: world.showtime.id,
      seatIds: [world.seats[seat]!.id],
    });
    await checkout({ userId: buyer.id, holdId: hold.holdId, payment: SUCCESS, idempotencyKey: randomUUID() });
  }

  it('drops the sockets of a session signed out everywhere, here and on the other instance, and says why', async () => {
    const world = await createBookableShowtime({ startsAt: new Date(Date.now() + 3 * 3_600_000) });
    const cinemaId = world.screen.cinemaId;
    const leaving = await createUser({ role: 'MANAGER' });
    const staying = await createUser({ role: 'MANAGER' });
    await db().cinemaStaff.createMany({
      data: [
        { userId: leaving.id, cinemaId, role: 'MANAGER' },
        { userId: staying.id, cinemaId, role: 'MANAGER' },
      ],
    });
    const token = await strongBearerFor(leaving);
    const onHere = await dashboardSocket(token);
    const onThere = await dashboardSocket(token, childUrl);
    const valid = await dashboardSocket(await strongBearerFor(staying), childUrl);
    for (const s of [onHere, onThere, valid]) expect(await watch(s, cinemaId)).toEqual({ ok: true });
    const ends = [onHere, onThere].map(ending);
    const atHere = heard(onHere);
    const atThere = heard(onThere);
    const atValid = heard(valid);

    await signOutEverywhere({ viewer: { id: leaving.id, role: 'MANAGER' } });
    await until(() => ends.every((e) => e.disconnected() !== null));
    for (const e of ends) {
      expect(e.notices).toEqual([
        { code: 'UNAUTHENTICATED', message: expect.stringMatching(/signed out/i), cinemaIds: [cinemaId] },
      ]);
      // The server's disconnect: the client does not reconnect by itself.
      expect(e.disconnected()).toBe('io server disconnect');
    }

    // A sale afterwards reaches the manager still signed in, and nobody else.
    await sell(world, 0);
    await until(() => atValid.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect([atHere, atThere]).toEqual([[], []]);
    // The old session cannot come back either.
    await expect(dashboardSocket(token)).rejects.toThrow('UNAUTHENTICATED');
  });

  it('drops a manager demoted by an admin on another instance, and a socket whose cinema was taken away; a valid manager keeps hearing sales', async () => {
    const world = await createBookableShowtime({ startsAt: new Date(Date.now() + 3 * 3_600_000) });
    const cinemaId = world.screen.cinemaId;
    const other = await createBookableShowtime({ startsAt: new Date(Date.now() + 3 * 3_600_000) });
    const admin = await createUser({ role: 'ADMIN' });
    const demoted = await createUser({ role: 'MANAGER' });
    const twoCinemas = await createUser({ role: 'MANAGER' });
    const valid = await createUser({ role: 'MANAGER' });
    await db().cinemaStaff.createMany({
      data: [
        { userId: demoted.id, cinemaId, role: 'MANAGER' },
        { userId: twoCinemas.id, cinemaId, role: 'MANAGER' },
        { userId: twoCinemas.id, cinemaId: other.screen.cinemaId, role: 'MANAGER' },
        { userId: valid.id, cinemaId, role: 'MANAGER' },
      ],
    });
    // The demoted manager watches on the other instance; the demotion is made here.
    const demotedSocket = await dashboardSocket(await strongBearerFor(demoted), childUrl);
    const twoSocket = await dashboardSocket(await strongBearerFor(twoCinemas));
    const validSocket = await dashboardSocket(await strongBearerFor(valid));
    expect(await watch(demotedSocket, cinemaId)).toEqual({ ok: true });
    expect(await watch(twoSocket, cinemaId)).toEqual({ ok: true });
    expect(await watch(twoSocket, other.screen.cinemaId)).toEqual({ ok: true });
    expect(await watch(validSocket, cinemaId)).toEqual({ ok: true });
    const demotedEnd = ending(demotedSocket);
    const twoEnd = ending(twoSocket);
    const validEnd = ending(validSocket);
    const atDemoted = heard(demotedSocket);
    const atTwo = heard(twoSocket);
    const atValid = heard(validSocket);

    // Manager → staff ends the manager's sessions (their second factor was a manager's).
    await changeStaffRole({
      viewer: viewerOf(admin, 'ADMIN', []),
      cinemaId,
      userId: demoted.id,
      role: 'STAFF',
    });
    // One cinema taken away by hand, outside Marquee (no session bump), then announced.
    await db().cinemaStaff.delete({ where: { userId_cinemaId: { userId: twoCinemas.id, cinemaId } } });
    publishAccountChange(twoCinemas.id);
    await until(() => demotedEnd.disconnected() !== null && twoEnd.notices.length > 0);
    expect(demotedEnd.notices).toEqual([
      { code: 'UNAUTHENTICATED', message: expect.any(String), cinemaIds: [cinemaId] },
    ]);
    expect(demotedEnd.disconnected()).toBe('io server disconnect');
    // Still a manager of the other cinema: leaves only the room it lost, and stays connected.
    expect(twoEnd.notices).toEqual([
      { code: 'FORBIDDEN', message: expect.any(String), cinemaIds: [cinemaId] },
    ]);
    expect(twoSocket.connected).toBe(true);
    expect(await watch(twoSocket, cinemaId)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await sell(world, 0);
    await sell(other, 0);
    await until(() => atValid.length > 0 && atTwo.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(atValid.map((c) => c.cinemaId)).toEqual([cinemaId]);
    expect(atTwo.map((c) => c.cinemaId)).toEqual([other.screen.cinemaId]);
    expect(atDemoted).toEqual([]);
    expect([validEnd.notices, validEnd.disconnected(), validSocket.connected]).toEqual([[], null, true]);
  });
});
