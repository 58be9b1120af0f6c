import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceBreakdownSchema } from '@/lib/schemas/pricing';
import type { SeatEventBatch } from '@/lib/seat-events';
import type { Viewer } from '@/server/auth/session';
import { bookingView } from '@/server/booking/booking-view';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { holdSeats } from '@/server/booking/hold-seats';
import { closeTill } from '@/server/boxoffice/close-till';
import { openTill } from '@/server/boxoffice/open-till';
import { sellAtCounter } from '@/server/boxoffice/sell-at-counter';
import { db } from '@/server/db';
import { getDeskBooking } from '@/server/desk/get-desk-booking';
import { moveDeskBooking } from '@/server/desk/move-booking';
import { refundDeskBooking } from '@/server/desk/refund-booking';
import { resendDeskTickets } from '@/server/desk/resend-tickets';
import { searchDeskBookings } from '@/server/desk/search-bookings';
import { onSeatEvents } from '@/server/events/seat-events';
import { toAppError } from '@/server/http/errors';
import { customerRefundMinor } from '@/server/pricing/price-selection';
import { book } from '../support/bookings';
import { createCinema, createMovie, createScreen, createShowtime, createUser } from '../support/factories';
import { adminViewer, customerViewer } from '../support/viewers';

// The bookings desk (issue 14.2) against PostgreSQL: finding bookings, partial and full refunds
// through the refund pipeline with the database bounding refunds by what was paid, moving a
// booking to other seats or another show (racing a customer's web hold for the same seat), and
// resending tickets through the outbox.

const DAY = 86_400_000;

function staffOf(user: { id: string; name: string; email: string | null }, cinemaId: string): Viewer {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: 'STAFF',
    staffCinemaIds: [cinemaId],
    managedCinemaIds: [],
  };
}

let cinemaId: string;
let movieId: string;
let staff: Viewer;
const events: SeatEventBatch[] = [];
let stopListening: () => void;

beforeAll(async () => {
  cinemaId = (await createCinema({ orphanSeatRule: false })).id;
  movieId = (await createMovie()).id;
  const u = await createUser({ role: 'STAFF' });
  await db().cinemaStaff.create({ data: { userId: u.id, cinemaId, role: 'STAFF' } });
  staff = staffOf(u, cinemaId);
  stopListening = onSeatEvents((batch) => {
    events.push(batch);
  });
});
afterAll(() => stopListening());

/** A show of the film at the cinema: 2 rows of 8 seats, the second row PREMIUM at `premium`. */
async function show(options: { startsAt?: Date; standard?: number; premium?: number } = {}) {
  const { screen, seats } = await createScreen({ cinemaId, rows: 2, cols: 8 });
  await db().seat.updateMany({ where: { screenId: screen.id, rowIndex: 1 }, data: { category: 'PREMIUM' } });
  const showtime = await createShowtime({
    screenId: screen.id,
    movieId,
    startsAt: options.startsAt ?? new Date(Date.now() + 2 * DAY),
    priceMinor: options.standard ?? 25_000,
  });
  await db().showtimePrice.create({
    data: { showtimeId: showtime.id, category: 'PREMIUM', priceMinor: options.premium ?? 40_000 },
  });
  return { id: showtime.id, seats: seats.map((s) => s.id) };
}

async function failure(p: Promise<unknown>) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected a refusal').not.toBeNull();
  const app = toAppError(error);
  return { code: app.code, details: app.details as { reason?: string } | undefined, message: app.message };
}

const ticketsOf = (bookingId: string) =>
  db().ticket.findMany({
    where: { bookingId },
    select: { id: true, status: true, seatId: true, showtimeId: true, priceMinor: true },
    // Tickets of one booking are often made in the same millisecond: seat order breaks the tie.
    orderBy: [{ createdAt: 'asc' }, { seat: { rowIndex: 'asc' } }, { seat: { number: 'asc' } }],
  });
const liveClaims = (showtimeId: string, seatIds: string[]) =>
  db().seatClaim.count({ where: { showtimeId, seatId: { in: seatIds }, state: { in: ['HELD', 'SOLD'] } } });
const paymentOf = (bookingId: string) =>
  db().payment.findFirstOrThrow({
    where: { bookingId, status: 'SUCCEEDED' },
    select: { id: true, amountMinor: true, refundedMinor: true },
  });

describe('finding a booking at the desk', () => {
  it('by reference typed loosely, ticket code, email, name; scoped to the viewer’s cinemas', async () => {
    const s = await show();
    const customer = await createUser({ name: 'Zoravar Quentin-Desk' });
    const b = await book({ showtimeId: s.id, seatIds: [s.seats[0]!, s.seats[1]!], user: customer });
    const find = (q: string, viewer: Viewer = staff) => searchDeskBookings({ viewer, query: { q, page: 1 } });

    const loose = b.reference.toLowerCase().replace('-', ' ').replace(/0/g, 'o');
    for (const q of [b.reference, loose, `${b.reference}-A1`.toLowerCase()]) {
      const r = await find(q);
      expect(r.matchedBy, q).toBe('reference');
      expect(r.bookings.map((x) => x.reference)).toEqual([b.reference]);
    }
    const byEmail = await find(customer.email!.toUpperCase());
    expect(byEmail.matchedBy).toBe('email');
    expect(byEmail.bookings.map((x) => x.reference)).toContain(b.reference);
    // Door staff find by address but do not see it.
    expect(byEmail.bookings[0]!.customer.email).toBeNull();
    const byName = await find('quentin-d');
    expect(byName.matchedBy).toBe('name');
    expect(byName.bookings.map((x) => x.reference)).toEqual([b.reference]);
    expect(byName.bookings[0]!.seats).toEqual(['A1', 'A2']);

    // Another cinema's staff do not find it; an admin does, with the address.
    const other = await createUser({ role: 'STAFF' });
    const elsewhere = staffOf(other, (await createCinema()).id);
    expect((await find(b.reference, elsewhere)).bookings).toEqual([]);
    const admin = await find('quentin-d', await adminViewer());
    expect(admin.bookings[0]!.customer.email).toBe(customer.email);
    expect((await find('')).matchedBy).toBe('all');
  });

  it('by phone: the number a counter sale took, however it is typed', async () => {
    const s = await show();
    const b = await book({ showtimeId: s.id, seatIds: [s.seats[2]!] });
    expect(
      (await searchDeskBookings({ viewer: staff, query: { q: '+91 98200 12345', page: 1 } })).bookings,
    ).toEqual([]);
    await db().booking.update({ where: { id: b.id }, data: { customerPhone: '+919820012345' } });
    for (const typed of ['+91 98200 12345', '098200-12345', '98200 12345']) {
      const r = await searchDeskBookings({ viewer: staff, query: { q: typed, page: 1 } });
      expect(r.matchedBy).toBe('phone');
      expect(r.bookings.map((x) => x.reference)).toEqual([b.reference]);
    }
  });
});

describe('refunds from the desk', () => {
  it('refund chosen tickets: those tickets and seats are cancelled, their share refunded, audited', async () => {
    const s = await show();
    const b = await book({ showtimeId: s.id, seatIds: s.seats.slice(0, 3) });
    const before = await ticketsOf(b.id);
    const result = await refundDeskBooking({
      viewer: staff,
      reference: b.reference,
      request: { mode: 'tickets', ticketIds: [before[0]!.id], reason: 'Customer’s friend could not come' },
    });
    expect(result.status).toBe('CONFIRMED');
    expect(result.cancelledTicketIds).toEqual([before[0]!.id]);
    expect(result.refund).toMatchObject({ status: 'SUCCEEDED' });
    const payment = await paymentOf(b.id);
    // A third of what the seats and their tax cost (the booking fee stays with the cinema).
    const detail = await getDeskBooking({ viewer: staff, reference: b.reference });
    const fee = detail.amounts.feeMinor;
    expect(result.refund!.amountMinor).toBeGreaterThan(0);
    expect(result.refund!.amountMinor).toBeLessThan((payment.amountMinor - fee) / 2);
    expect(payment.refundedMinor).toBe(result.refund!.amountMinor);
    expect(detail.tickets.filter((t) => t.status === 'CANCELLED').map((t) => t.id)).toEqual([before[0]!.id]);
    expect(detail.amounts.refundableMinor).toBe(payment.amountMinor - result.refund!.amountMinor);
    expect(detail.history.find((h) => h.action === 'booking.refund-tickets')).toMatchObject({
      before: { tickets: before.map((t) => t.id) },
      after: { cancelledTickets: [before[0]!.id], amountMinor: result.refund!.amountMinor },
    });
    // The seat is on sale again; the others are still sold.
    expect(await liveClaims(s.id, [s.seats[0]!])).toBe(0);
    expect(await liveClaims(s.id, s.seats.slice(1, 3))).toBe(2);
    const other = await createUser();
    await holdSeats({ userId: other.id, showtimeId: s.id, seatIds: [s.seats[0]!] });
    expect(
      events.some((e) => e.showtimeId === s.id && e.events.some((x) => x.type === 'seat.released')),
    ).toBe(true);
  });

  it('goodwill amount keeps the tickets; more than is left is refused, by the database too', async () => {
    const s = await show();
    const b = await book({ showtimeId: s.id, seatIds: [s.seats[4]!, s.seats[5]!] });
    const payment = await paymentOf(b.id);
    const half = Math.floor(payment.amountMinor / 2);
    const r = await refundDeskBooking({
      viewer: staff,
      reference: b.reference,
      request: { mode: 'amount', amountMinor: half, reason: 'Sound failed for ten minutes' },
    });
    expect(r.cancelledTicketIds).toEqual([]);
    expect((await ticketsOf(b.id)).every((t) => t.status === 'VALID')).toBe(true);
    const tooMuch = await failure(
      refundDeskBooking({
        viewer: staff,
        reference: b.reference,
        request: { mode: 'amount', amountMinor: payment.amountMinor - half + 1, reason: 'again' },
      }),
    );
    expect(tooMuch).toMatchObject({ code: 'CONFLICT', details: { reason: 'exceeds-payment' } });

    // The database itself: a refund row past what was paid is refused, whoever writes it.
    const direct = await db()
      .refund.create({
        data: {
          paymentId: payment.id,
          bookingId: b.id,
          amountMinor: payment.amountMinor - half + 1,
          reason: 'x',
        },
      })
      .then(
        () => 'written',
        (e: unknown) => String((e as Error).message),
      );
    expect(direct).toMatch(/payments_refunded_within_amount/);

    // Even from a SERIALIZABLE transaction whose snapshot predates another refund's commit (the
    // snapshot-summing trigger alone would let both through).
    const left = payment.amountMinor - half;
    const racing = await db()
      .$transaction(
        async (tx) => {
          await tx.payment.findUniqueOrThrow({ where: { id: payment.id }, select: { refundedMinor: true } });
          await db().refund.create({
            data: {
              paymentId: payment.id,
              bookingId: b.id,
              amountMinor: left,
              reason: 'first',
              status: 'SUCCEEDED',
            },
          });
          await tx.refund.create({
            data: { paymentId: payment.id, bookingId: b.id, amountMinor: left, reason: 'second' },
          });
          return 'written';
        },
        { isolationLevel: 'Serializable' },
      )
      .catch((e: unknown) => String((e as Error).message));
    expect(racing).not.toBe('written');
    const final = await paymentOf(b.id);
    expect(final.refundedMinor).toBe(payment.amountMinor);
    const sum = await db().refund.aggregate({
      where: { paymentId: payment.id, status: { not: 'FAILED' } },
      _sum: { amountMinor: true },
    });
    expect(sum._sum.amountMinor).toBe(payment.amountMinor);
  });

  it('full refund cancels the booking, frees every seat and refunds what is left; checked-in tickets are kept', async () => {
    const s = await show({ startsAt: new Date(Date.now() + 30 * 60_000) });
    const b = await book({ showtimeId: s.id, seatIds: [s.seats[6]!, s.seats[7]!] });
    const [first] = await ticketsOf(b.id);
    await db().ticket.update({
      where: { id: first!.id },
      data: { status: 'CHECKED_IN', checkedInAt: new Date() },
    });
    const refused = await failure(
      refundDeskBooking({
        viewer: staff,
        reference: b.reference,
        request: { mode: 'full', reason: 'Wrong day' },
      }),
    );
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'checked-in' } });
    await db().ticket.update({ where: { id: first!.id }, data: { status: 'VALID', checkedInAt: null } });

    const r = await refundDeskBooking({
      viewer: staff,
      reference: b.reference,
      request: { mode: 'full', reason: 'Wrong day' },
    });
    const payment = await paymentOf(b.id);
    expect(r).toMatchObject({
      status: 'CANCELLED',
      refund: { amountMinor: payment.amountMinor, status: 'SUCCEEDED' },
    });
    expect(await liveClaims(s.id, [s.seats[6]!, s.seats[7]!])).toBe(0);
    const again = await failure(
      refundDeskBooking({
        viewer: staff,
        reference: b.reference,
        request: { mode: 'full', reason: 'Wrong day' },
      }),
    );
    expect(again).toMatchObject({ code: 'CONFLICT', details: { reason: 'cancelled' } });
  });

  it('a counter sale is refunded at the counter: from the seller’s open till, at once, never to a gateway', async () => {
    const s = await show();
    const hold = await holdSeats({
      userId: staff.id,
      showtimeId: s.id,
      seatIds: [s.seats[9]!, s.seats[10]!],
    });
    // Cash goes back from a till: with the seller's till closed, the desk is refused, nothing written.
    const till = await openTill({ viewer: staff, cinemaId, openingFloatMinor: 100_000 });
    const sale = await sellAtCounter({
      viewer: staff,
      holdId: hold.holdId,
      method: 'CASH',
      tenderedMinor: hold.price.totalMinor,
      customerName: 'Walk-in Ravi',
    });
    const b = await db().booking.findUniqueOrThrow({
      where: { reference: sale.reference },
      select: { id: true },
    });
    const tickets = await ticketsOf(b.id);
    await closeTill({ viewer: staff, tillId: till.id, countedMinor: 100_000 + hold.price.totalMinor });
    const closed = await failure(
      refundDeskBooking({
        viewer: staff,
        reference: sale.reference,
        request: { mode: 'tickets', ticketIds: [tickets[0]!.id], reason: 'One of them fell ill' },
      }),
    );
    expect(closed).toMatchObject({ code: 'CONFLICT', details: { reason: 'till-closed' } });
    expect(await db().refund.count({ where: { bookingId: b.id } })).toBe(0);
    expect((await ticketsOf(b.id)).map((t) => t.status)).toEqual(['VALID', 'VALID']);

    // One ticket back, then the rest: both refunds SUCCEEDED at once, from the new till.
    const open = await openTill({ viewer: staff, cinemaId, openingFloatMinor: 50_000 });
    const one = await refundDeskBooking({
      viewer: staff,
      reference: sale.reference,
      request: { mode: 'tickets', ticketIds: [tickets[0]!.id], reason: 'One of them fell ill' },
    });
    expect(one.refund).toMatchObject({ status: 'SUCCEEDED' });
    const rest = await refundDeskBooking({
      viewer: staff,
      reference: sale.reference,
      request: { mode: 'full', reason: 'The other went home too' },
    });
    expect(rest.status).toBe('CANCELLED');
    expect(rest.refund).toMatchObject({ status: 'SUCCEEDED' });
    const refunds = await db().refund.findMany({
      where: { bookingId: b.id },
      select: { status: true, tillId: true, amountMinor: true, attempts: true },
    });
    expect(refunds.map((r) => [r.status, r.tillId, r.attempts])).toEqual([
      ['SUCCEEDED', open.id, 0],
      ['SUCCEEDED', open.id, 0],
    ]);
    expect(refunds.reduce((n, r) => n + r.amountMinor, 0)).toBe(hold.price.totalMinor);
    expect((await ticketsOf(b.id)).map((t) => t.status)).toEqual(['CANCELLED', 'CANCELLED']);
  });
});

describe('cancelling after a desk refund', () => {
  const refundsOf = (bookingId: string) =>
    db().refund.findMany({
      where: { bookingId },
      select: { amountMinor: true },
      orderBy: { createdAt: 'asc' },
    });

  it('a show the cinema cancels refunds each booking what is left, not its whole total again', async () => {
    const s = await show();
    const partly = await book({ showtimeId: s.id, seatIds: s.seats.slice(0, 3) });
    const whole = await book({ showtimeId: s.id, seatIds: s.seats.slice(4, 6) });
    const first = await ticketsOf(partly.id);
    const desk = await refundDeskBooking({
      viewer: staff,
      reference: partly.reference,
      request: { mode: 'tickets', ticketIds: [first[0]!.id], reason: 'One could not come' },
    });
    // Failed with payments_refunded_within_amount (a 500) when the show refunded total_minor.
    const result = await cancelShowtime({
      showtimeId: s.id,
      viewer: await adminViewer(),
      reason: 'Projector broke',
    });
    expect(result.bookingsCancelled).toBe(2);
    const paidPartly = await paymentOf(partly.id);
    const paidWhole = await paymentOf(whole.id);
    expect(paidPartly.refundedMinor).toBe(paidPartly.amountMinor);
    expect(paidWhole.refundedMinor).toBe(paidWhole.amountMinor);
    expect((await refundsOf(partly.id)).map((r) => r.amountMinor)).toEqual([
      desk.refund!.amountMinor,
      paidPartly.amountMinor - desk.refund!.amountMinor,
    ]);
    expect((await ticketsOf(partly.id)).every((t) => t.status === 'CANCELLED')).toBe(true);
  });

  it('a customer cancelling after a desk refund gets their due less what the desk refunded', async () => {
    const s = await show();
    const b = await book({ showtimeId: s.id, seatIds: s.seats.slice(8, 10) });
    const goodwill = await refundDeskBooking({
      viewer: staff,
      reference: b.reference,
      request: { mode: 'amount', amountMinor: 5_000, reason: 'Late start' },
    });
    const user = await db().user.findUniqueOrThrow({ where: { id: b.userId } });
    const offered = await bookingView({ reference: b.reference, viewer: customerViewer(user) });
    const { refund } = await cancelBooking({ reference: b.reference, viewer: customerViewer(user) });
    const price = priceBreakdownSchema.parse(
      (await db().booking.findUniqueOrThrow({ where: { id: b.id }, select: { price: true } })).price,
    );
    const due = customerRefundMinor(price);
    expect(goodwill.refund!.amountMinor).toBe(5_000);
    expect(offered.cancellation.refundMinor).toBe(due - 5_000);
    expect(refund?.amountMinor).toBe(due - 5_000);
    expect((await refundsOf(b.id)).map((r) => r.amountMinor)).toEqual([5_000, due - 5_000]);
    expect((await paymentOf(b.id)).refundedMinor).toBe(due);
  });
});

describe('moving a booking', () => {
  it('to other seats of the same show: tickets re-issued, old seats freed, mail queued, audited', async () => {
    const s = await show();
    const b = await book({ showtimeId: s.id, seatIds: [s.seats[0]!, s.seats[1]!] });
    const old = await ticketsOf(b.id);
    const r = await moveDeskBooking({
      viewer: staff,
      reference: b.reference,
      request: { showtimeId: s.id, seatIds: [s.seats[4]!, s.seats[5]!] },
    });
    expect(r.cheaperByMinor).toBe(0);
    expect(r.tickets.map((t) => t.seat)).toEqual(['A5', 'A6']);
    expect(r.tickets.map((t) => t.replaces)).toEqual(old.map((t) => t.id));
    const now = await ticketsOf(b.id);
    expect(now.filter((t) => t.status === 'VALID').map((t) => t.seatId)).toEqual([s.seats[4]!, s.seats[5]!]);
    expect(now.filter((t) => t.status === 'CANCELLED').map((t) => t.id)).toEqual(old.map((t) => t.id));
    // The payment stayed; each new ticket carries what was paid for the one it replaces.
    expect(now.filter((t) => t.status === 'VALID').map((t) => t.priceMinor)).toEqual(
      old.map((t) => t.priceMinor),
    );
    expect(await liveClaims(s.id, [s.seats[0]!, s.seats[1]!])).toBe(0);
    expect(await liveClaims(s.id, [s.seats[4]!, s.seats[5]!])).toBe(2);
    expect(
      await db().auditLog.count({
        where: { action: 'booking.move', entityType: 'booking', entityId: b.reference },
      }),
    ).toBe(1);
    const mail = await db().notificationOutbox.findMany({
      where: { kind: 'booking.confirmed', payload: { path: ['reference'], equals: b.reference } },
    });
    expect(mail.some((m) => (m.payload as { moved?: boolean }).moved === true)).toBe(true);
    // Dearer seats (premium) are refused.
    const dearer = await failure(
      moveDeskBooking({
        viewer: staff,
        reference: b.reference,
        request: { showtimeId: s.id, seatIds: [s.seats[8]!, s.seats[9]!] },
      }),
    );
    expect(dearer).toMatchObject({ code: 'CONFLICT', details: { reason: 'dearer-seats' } });
  });

  it('races a customer’s web hold for the same seat: exactly one wins, every time', async () => {
    for (let round = 0; round < 6; round++) {
      const s = await show();
      const b = await book({ showtimeId: s.id, seatIds: [s.seats[0]!] });
      const customer = await createUser();
      const target = s.seats[3]!;
      const [moved, held] = await Promise.allSettled([
        moveDeskBooking({
          viewer: staff,
          reference: b.reference,
          request: { showtimeId: s.id, seatIds: [target] },
        }),
        holdSeats({ userId: customer.id, showtimeId: s.id, seatIds: [target], queue: false }),
      ]);
      const wins = [moved, held].filter((x) => x.status === 'fulfilled').length;
      expect(wins, `round ${round}`).toBe(1);
      const loser = (moved.status === 'rejected' ? moved : held) as PromiseRejectedResult;
      expect(toAppError(loser.reason).code).toBe('SEATS_UNAVAILABLE');
      expect(await liveClaims(s.id, [target])).toBe(1);
      // The loser changed nothing: a failed move leaves the booking on its old seat.
      if (moved.status === 'rejected') expect(await liveClaims(s.id, [s.seats[0]!])).toBe(1);
    }
  });

  it('to another show of the film: every ticket moves, both shows hear of it, cheaper allowed', async () => {
    const from = await show({ standard: 30_000 });
    const to = await show({ startsAt: new Date(Date.now() + 3 * DAY), standard: 20_000 });
    const b = await book({ showtimeId: from.id, seatIds: [from.seats[2]!, from.seats[3]!] });
    const heard = events.length;
    const r = await moveDeskBooking({
      viewer: staff,
      reference: b.reference,
      request: { showtimeId: to.id, seatIds: [to.seats[6]!, to.seats[7]!] },
    });
    expect(r).toMatchObject({ showtimeId: to.id, cheaperByMinor: 20_000 });
    const row = await db().booking.findUniqueOrThrow({
      where: { id: b.id },
      select: { showtimeId: true, status: true, hold: { select: { showtimeId: true, status: true } } },
    });
    expect(row).toMatchObject({
      showtimeId: to.id,
      status: 'CONFIRMED',
      hold: { showtimeId: to.id, status: 'CONVERTED' },
    });
    expect(await liveClaims(from.id, [from.seats[2]!, from.seats[3]!])).toBe(0);
    expect(await liveClaims(to.id, [to.seats[6]!, to.seats[7]!])).toBe(2);
    const mine = events.slice(heard);
    expect(mine.find((e) => e.showtimeId === from.id)?.events).toEqual([
      { type: 'seat.released', seatIds: [from.seats[2]!, from.seats[3]!] },
    ]);
    expect(mine.find((e) => e.showtimeId === to.id)?.events).toEqual([
      { type: 'seat.sold', seatIds: [to.seats[6]!, to.seats[7]!], bookingReference: b.reference },
    ]);
    // The moved booking still refunds through its original payment, and frees the new seats.
    const refunded = await refundDeskBooking({
      viewer: staff,
      reference: b.reference,
      request: { mode: 'full', reason: 'Cannot make it after all' },
    });
    expect(refunded.status).toBe('CANCELLED');
    expect(await liveClaims(to.id, [to.seats[6]!, to.seats[7]!])).toBe(0);

    // Another film's show is refused.
    const otherFilm = await createShowtime({
      screenId: (await createScreen({ cinemaId, rows: 1, cols: 2 })).screen.id,
      startsAt: new Date(Date.now() + 4 * DAY),
    });
    const b2 = await book({ showtimeId: from.id, seatIds: [from.seats[5]!] });
    const seat = await db().seat.findFirstOrThrow({
      where: { screenId: otherFilm.screenId },
      select: { id: true },
    });
    const wrong = await failure(
      moveDeskBooking({
        viewer: staff,
        reference: b2.reference,
        request: { showtimeId: otherFilm.id, seatIds: [seat.id] },
      }),
    );
    expect(wrong).toMatchObject({ code: 'CONFLICT', details: { reason: 'other-film' } });
  });
});

describe('resending tickets', () => {
  it('queues the confirmation mail once, audited', async () => {
    const s = await show();
    const b = await book({ showtimeId: s.id, seatIds: [s.seats[11]!] });
    // The first confirmation has gone out.
    await db().notificationOutbox.updateMany({
      where: { payload: { path: ['reference'], equals: b.reference } },
      data: { status: 'SENT', sentAt: new Date() },
    });
    const first = await resendDeskTickets({ viewer: staff, reference: b.reference.toLowerCase() });
    const second = await resendDeskTickets({ viewer: staff, reference: b.reference });
    expect(first).toMatchObject({ reference: b.reference, queued: true });
    expect(first.recipient).toMatch(/^.…@/);
    expect(second.queued).toBe(false);
    const waiting = await db().notificationOutbox.findMany({
      where: {
        kind: 'booking.confirmed',
        status: 'PENDING',
        payload: { path: ['reference'], equals: b.reference },
      },
    });
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.payload).toMatchObject({ resent: true });
    expect(
      await db().auditLog.count({ where: { action: 'booking.resend-tickets', entityId: b.reference } }),
    ).toBe(2);
  });
});
