import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import type { Viewer } from '@/server/auth/session';
import { bookingTicketsPdf } from '@/server/booking/booking-documents';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { checkout } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { closeTill } from '@/server/boxoffice/close-till';
import { listCounterRefundsOwed } from '@/server/boxoffice/list-counter-refunds-owed';
import { listTills } from '@/server/boxoffice/list-tills';
import { openTill } from '@/server/boxoffice/open-till';
import { refundCounterBooking } from '@/server/boxoffice/refund-counter-booking';
import { refundCounterPayment } from '@/server/boxoffice/refund-counter-payment';
import { sellAtCounter } from '@/server/boxoffice/sell-at-counter';
import { settleCounterRefund } from '@/server/boxoffice/settle-counter-refund';
import { db } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';
import { createBookableShowtime, createUser } from '../support/factories';
import { pdfPagesText } from '../support/pdf-text';

// The box office against a real PostgreSQL: a counter sale goes through the same hold and
// checkout steps as the web (so the two cannot sell one seat twice), is paid into the seller's
// till, refunds come out of it, and the cash-up compares the drawer with what it should hold.

const CARD = {
  method: 'card' as const,
  card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
};

async function seller(cinemaId: string, role: 'STAFF' | 'MANAGER' = 'STAFF'): Promise<Viewer> {
  const user = await createUser({ role, name: `Seller ${role}` });
  await db().cinemaStaff.create({ data: { userId: user.id, cinemaId, role } });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role,
    staffCinemaIds: [cinemaId],
    managedCinemaIds: role === 'MANAGER' ? [cinemaId] : [],
  };
}

async function rejected(p: Promise<unknown>) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function world() {
  const { screen, seats, showtime } = await createBookableShowtime({ rows: 5, cols: 8 });
  // Single seats side by side, one sale each: the orphan-seat rule would refuse some of them.
  await db().cinema.update({ where: { id: screen.cinemaId }, data: { orphanSeatRule: false } });
  const staff = await seller(screen.cinemaId);
  return { cinemaId: screen.cinemaId, seats, showtime, staff };
}

describe('box office', () => {
  it('sells two seats for cash into the seller’s till, with the change due and the customer on the booking', async () => {
    const { cinemaId, seats, showtime, staff } = await world();
    const till = await openTill({ viewer: staff, cinemaId, openingFloatMinor: 200_000 });
    const hold = await holdSeats({
      userId: staff.id,
      showtimeId: showtime.id,
      seatIds: [seats[0]!.id, seats[1]!.id],
    });
    const total = hold.price.totalMinor;
    const sale = await sellAtCounter({
      viewer: staff,
      holdId: hold.holdId,
      method: 'CASH',
      tenderedMinor: total + 12_300,
      customerName: 'Asha Rao',
      customerPhone: '+919820012345',
    });
    expect(sale).toMatchObject({ method: 'CASH', totalMinor: total, changeMinor: 12_300, tillId: till.id });
    expect(sale.seats).toEqual(['A1', 'A2']);
    const booking = await db().booking.findUniqueOrThrow({
      where: { reference: sale.reference },
      select: {
        userId: true,
        customerName: true,
        customerPhone: true,
        tickets: { select: { status: true } },
        payments: {
          select: {
            provider: true,
            status: true,
            method: true,
            tenderedMinor: true,
            tillId: true,
            soldById: true,
          },
        },
      },
    });
    // The walk-in's booking, not the seller's account's.
    expect(booking).toMatchObject({ userId: null, customerName: 'Asha Rao', customerPhone: '+919820012345' });
    expect(booking.tickets).toHaveLength(2);
    expect(booking.payments).toEqual([
      {
        provider: 'counter',
        status: 'SUCCEEDED',
        method: 'CASH',
        tenderedMinor: total + 12_300,
        tillId: till.id,
        soldById: staff.id,
      },
    ]);
    // The seller prints them: 80 mm roll (one narrow page per seat, with the ticket code) and A4.
    const thermal = await bookingTicketsPdf({ reference: sale.reference, viewer: staff, layout: 'thermal' });
    const pages = await pdfPagesText(thermal);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('A1');
    expect(pages[0]).toContain(`${sale.reference}-A1`);
    expect(pages[1]).toContain(`${sale.reference}-A2`);
    const roll = await PDFDocument.load(thermal);
    expect(Math.round((roll.getPage(0).getWidth() / 72) * 25.4)).toBe(80);
    const a4 = await PDFDocument.load(
      await bookingTicketsPdf({ reference: sale.reference, viewer: staff, layout: 'a4' }),
    );
    expect(a4.getPageCount()).toBe(1);
    expect(Math.round(a4.getPage(0).getWidth())).toBe(595);
    const audit = await db().auditLog.findFirst({
      where: { action: 'boxoffice.sale', entityId: sale.reference },
    });
    expect(audit?.actorId).toBe(staff.id);

    // Not enough cash is refused at the field, and nothing is sold.
    const hold2 = await holdSeats({ userId: staff.id, showtimeId: showtime.id, seatIds: [seats[4]!.id] });
    const short = await rejected(
      sellAtCounter({
        viewer: staff,
        holdId: hold2.holdId,
        method: 'CASH',
        tenderedMinor: hold2.price.totalMinor - 1,
      }),
    );
    expect(short.code).toBe('VALIDATION_FAILED');
    expect(await db().payment.count({ where: { holdId: hold2.holdId } })).toBe(0);
  });

  it('needs an open till, one per seller per cinema', async () => {
    const { cinemaId, seats, showtime, staff } = await world();
    const hold = await holdSeats({ userId: staff.id, showtimeId: showtime.id, seatIds: [seats[2]!.id] });
    const noTill = await rejected(
      sellAtCounter({ viewer: staff, holdId: hold.holdId, method: 'UPI', reference: 'UPI123' }),
    );
    expect([noTill.code, noTill.details]).toEqual(['CONFLICT', { reason: 'till-closed' }]);
    await openTill({ viewer: staff, cinemaId, openingFloatMinor: 0 });
    const twice = await rejected(openTill({ viewer: staff, cinemaId, openingFloatMinor: 0 }));
    expect(twice.code).toBe('CONFLICT');
    // Two opens racing: the partial unique index lets exactly one through.
    const other = await seller(cinemaId);
    const raced = await Promise.allSettled([
      openTill({ viewer: other, cinemaId, openingFloatMinor: 100 }),
      openTill({ viewer: other, cinemaId, openingFloatMinor: 100 }),
    ]);
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // Staff of another cinema cannot open a till here.
    const { staff: stranger } = await world();
    expect((await rejected(openTill({ viewer: stranger, cinemaId, openingFloatMinor: 0 }))).code).toBe(
      'FORBIDDEN',
    );
    // And the database refuses a counter payment without its method or till.
    await expect(
      db().payment.create({ data: { holdId: hold.holdId, provider: 'counter', amountMinor: 100 } }),
    ).rejects.toThrow(/payments_counter_fields/);
  });

  it('counter and web racing for one seat: exactly one sells it', async () => {
    for (let round = 0; round < 4; round++) {
      const { cinemaId, seats, showtime, staff } = await world();
      await openTill({ viewer: staff, cinemaId, openingFloatMinor: 0 });
      const customer = await createUser();
      const seat = seats[10]!.id;
      const counter = (async () => {
        const h = await holdSeats({
          userId: staff.id,
          showtimeId: showtime.id,
          seatIds: [seat],
          queue: false,
        });
        return sellAtCounter({
          viewer: staff,
          holdId: h.holdId,
          method: 'CARD_TERMINAL',
          reference: `SLIP${round}`,
        });
      })();
      const web = (async () => {
        const h = await holdSeats({
          userId: customer.id,
          showtimeId: showtime.id,
          seatIds: [seat],
          queue: false,
        });
        return checkout({ userId: customer.id, holdId: h.holdId, payment: CARD });
      })();
      const results = await Promise.allSettled([counter, web]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(isAppError(r.reason) && r.reason.code).toBe('SEATS_UNAVAILABLE');
      }
      expect(
        await db().ticket.count({ where: { seatId: seat, showtimeId: showtime.id, status: 'VALID' } }),
      ).toBe(1);
    }
  });

  it('refunds at the counter: partly, in full with the seats back on sale, never more than was paid', async () => {
    const { cinemaId, seats, showtime, staff } = await world();
    const till = await openTill({ viewer: staff, cinemaId, openingFloatMinor: 50_000 });
    const hold = await holdSeats({
      userId: staff.id,
      showtimeId: showtime.id,
      seatIds: [seats[5]!.id, seats[6]!.id],
    });
    const sale = await sellAtCounter({
      viewer: staff,
      holdId: hold.holdId,
      method: 'CASH',
      tenderedMinor: hold.price.totalMinor,
    });
    const payment = await db().payment.findFirstOrThrow({
      where: { booking: { reference: sale.reference } },
    });
    // Another seller at the same cinema may not refund this sale; a manager of the cinema may.
    const colleague = await seller(cinemaId);
    await openTill({ viewer: colleague, cinemaId, openingFloatMinor: 0 });
    const notTheirs = await rejected(
      readCommitted((tx) =>
        refundCounterPayment({ tx, payment, amountMinor: 100, reason: 'x', viewer: colleague }),
      ),
    );
    expect(notTheirs.code).toBe('FORBIDDEN');
    const partial = await readCommitted((tx) =>
      refundCounterPayment({ tx, payment, amountMinor: 5_000, reason: 'Sound was off', viewer: staff }),
    );
    expect(partial).toMatchObject({ amountMinor: 5_000, method: 'CASH', tillId: till.id });
    const tooMuch = await rejected(
      readCommitted((tx) =>
        refundCounterPayment({ tx, payment, amountMinor: payment.amountMinor, reason: 'x', viewer: staff }),
      ),
    );
    expect(tooMuch.code).toBe('CONFLICT');

    const full = await refundCounterBooking({
      viewer: staff,
      reference: sale.reference,
      reason: 'Customer unwell',
    });
    expect(full).toMatchObject({ amountMinor: payment.amountMinor - 5_000, method: 'CASH', tillId: till.id });
    expect(full.seatsReleased).toEqual(['A6', 'A7']);
    const after = await db().booking.findUniqueOrThrow({
      where: { reference: sale.reference },
      select: {
        status: true,
        tickets: { select: { status: true } },
        refunds: { select: { status: true, amountMinor: true } },
      },
    });
    expect(after.status).toBe('CANCELLED');
    expect(after.tickets.every((t) => t.status === 'CANCELLED')).toBe(true);
    expect(after.refunds.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    expect(after.refunds.reduce((s, r) => s + r.amountMinor, 0)).toBe(payment.amountMinor);
    // The seats sell again.
    const again = await holdSeats({ userId: staff.id, showtimeId: showtime.id, seatIds: [seats[5]!.id] });
    expect(again.seats).toHaveLength(1);
    expect(
      (await rejected(refundCounterBooking({ viewer: staff, reference: sale.reference, reason: 'again' })))
        .code,
    ).toBe('CONFLICT');
    // A web booking is not a counter sale.
    const customer = await createUser();
    const webHold = await holdSeats({
      userId: customer.id,
      showtimeId: showtime.id,
      seatIds: [seats[20]!.id],
    });
    const web = await checkout({ userId: customer.id, holdId: webHold.holdId, payment: CARD });
    expect(
      (
        await rejected(
          refundCounterBooking({ viewer: staff, reference: web.booking.reference, reason: 'nope' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('cash-up: expected = float + cash sales − cash refunds; counted shows the difference; a closed till takes no more', async () => {
    const { cinemaId, seats, showtime, staff } = await world();
    const till = await openTill({ viewer: staff, cinemaId, openingFloatMinor: 100_000 });
    const sell = async (seatIndex: number, method: 'CASH' | 'UPI') => {
      const h = await holdSeats({
        userId: staff.id,
        showtimeId: showtime.id,
        seatIds: [seats[seatIndex]!.id],
      });
      return sellAtCounter({
        viewer: staff,
        holdId: h.holdId,
        method,
        ...(method === 'CASH'
          ? { tenderedMinor: h.price.totalMinor + 1_000 }
          : { reference: `UPI${seatIndex}` }),
      });
    };
    const a = await sell(30, 'CASH');
    const b = await sell(32, 'CASH');
    const c = await sell(34, 'UPI');
    await refundCounterBooking({ viewer: staff, reference: b.reference, reason: 'Wrong show' });
    const [open] = await listTills({ viewer: staff, cinemaId, status: 'open' });
    expect(open).toMatchObject({
      id: till.id,
      sales: { count: 3, cashMinor: a.totalMinor + b.totalMinor, upiMinor: c.totalMinor, cardMinor: 0 },
      refunds: { count: 1, cashMinor: b.totalMinor, otherMinor: 0 },
      expectedMinor: 100_000 + a.totalMinor,
      countedMinor: null,
      differenceMinor: null,
    });
    // A manager of the cinema sees the seller's till; a colleague does not.
    const manager = await seller(cinemaId, 'MANAGER');
    expect((await listTills({ viewer: manager, cinemaId })).map((t) => t.id)).toContain(till.id);
    const colleague = await seller(cinemaId);
    expect((await listTills({ viewer: colleague, cinemaId })).map((t) => t.id)).not.toContain(till.id);
    expect((await rejected(closeTill({ viewer: colleague, tillId: till.id, countedMinor: 0 }))).code).toBe(
      'NOT_FOUND',
    );

    const closed = await closeTill({
      viewer: staff,
      tillId: till.id,
      countedMinor: 100_000 + a.totalMinor - 500,
      note: 'short 5',
    });
    expect(closed).toMatchObject({
      expectedMinor: 100_000 + a.totalMinor,
      differenceMinor: -500,
      note: 'short 5',
    });
    expect(closed.closedAt).not.toBeNull();
    expect((await rejected(closeTill({ viewer: staff, tillId: till.id, countedMinor: 0 }))).code).toBe(
      'CONFLICT',
    );
    // The database refuses money into a closed till, whoever writes it.
    const payment = await db().payment.findFirstOrThrow({ where: { booking: { reference: a.reference } } });
    await expect(
      db().refund.create({
        data: { paymentId: payment.id, amountMinor: 1, reason: 'x', status: 'SUCCEEDED', tillId: till.id },
      }),
    ).rejects.toThrow(/tills_take_money_while_open|is closed/);
    // Selling again needs a new till.
    const h = await holdSeats({ userId: staff.id, showtimeId: showtime.id, seatIds: [seats[36]!.id] });
    expect(
      (await rejected(sellAtCounter({ viewer: staff, holdId: h.holdId, method: 'UPI', reference: 'U1' })))
        .code,
    ).toBe('CONFLICT');
    const audits = await db().auditLog.findMany({ where: { entityId: till.id }, select: { action: true } });
    expect(audits.map((x) => x.action).sort()).toEqual(['till.close', 'till.open']);
  });

  it('a cancelled show’s counter sales are not sent to a payment gateway: they are left for a person', async () => {
    const { cinemaId, seats, showtime, staff } = await world();
    await openTill({ viewer: staff, cinemaId, openingFloatMinor: 0 });
    const hold = await holdSeats({ userId: staff.id, showtimeId: showtime.id, seatIds: [seats[3]!.id] });
    const sale = await sellAtCounter({
      viewer: staff,
      holdId: hold.holdId,
      method: 'UPI',
      reference: 'UPI-9',
    });
    const manager = await seller(cinemaId, 'MANAGER');
    await cancelShowtime({ viewer: manager, showtimeId: showtime.id, reason: 'Projector failure' });
    const refund = await db().refund.findFirstOrThrow({
      where: { booking: { reference: sale.reference } },
      select: { id: true, status: true, lastError: true, amountMinor: true, attempts: true },
    });
    expect(refund.amountMinor).toBe(sale.totalMinor);
    // Needs a person at once: not retried against a gateway, listed for the counter.
    expect([refund.status, refund.attempts]).toEqual(['FAILED', 1]);
    expect(refund.lastError).toMatch(/box office/);
    const owed = await listCounterRefundsOwed({ viewer: staff, cinemaId });
    expect(owed.map((r) => [r.id, r.reference, r.method])).toEqual([[refund.id, sale.reference, 'UPI']]);

    // Staff of another cinema: not found; the refund stays owed.
    const stranger = await seller((await createBookableShowtime({ rows: 1, cols: 2 })).screen.cinemaId);
    expect((await rejected(settleCounterRefund({ viewer: stranger, refundId: refund.id }))).code).toBe(
      'NOT_FOUND',
    );
    // Whoever is at the counter hands it back and marks it paid, from their open till.
    const colleague = await seller(cinemaId);
    const till = await openTill({ viewer: colleague, cinemaId, openingFloatMinor: 0 });
    expect(await settleCounterRefund({ viewer: colleague, refundId: refund.id })).toEqual({
      id: refund.id,
      status: 'SUCCEEDED',
      tillId: till.id,
    });
    expect((await rejected(settleCounterRefund({ viewer: colleague, refundId: refund.id }))).details).toEqual(
      {
        reason: 'settled',
      },
    );
    expect(await listCounterRefundsOwed({ viewer: staff, cinemaId })).toEqual([]);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'refund.paid-at-counter', entityId: refund.id },
    });
    expect(audit.actorId).toBe(colleague.id);
  });

  it('cash owed after a cancelled show is paid only from an open till', async () => {
    const { cinemaId, seats, showtime, staff } = await world();
    await openTill({ viewer: staff, cinemaId, openingFloatMinor: 0 });
    const hold = await holdSeats({ userId: staff.id, showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    const sale = await sellAtCounter({
      viewer: staff,
      holdId: hold.holdId,
      method: 'CASH',
      tenderedMinor: hold.price.totalMinor,
    });
    const manager = await seller(cinemaId, 'MANAGER');
    await cancelShowtime({ viewer: manager, showtimeId: showtime.id, reason: 'Power cut' });
    const refund = await db().refund.findFirstOrThrow({
      where: { booking: { reference: sale.reference } },
      select: { id: true },
    });
    // The manager has no till open: cash cannot come out of nowhere.
    expect((await rejected(settleCounterRefund({ viewer: manager, refundId: refund.id }))).details).toEqual({
      reason: 'till-closed',
    });
    expect((await db().refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe('FAILED');
    const settled = await settleCounterRefund({ viewer: staff, refundId: refund.id });
    expect(settled.status).toBe('SUCCEEDED');
  });
});
