import 'server-only';
import { AppError } from '@/lib/errors';
import type { DeskMoveRequest, DeskMoveResult } from '@/lib/schemas/desk';
import type { RowVersions } from '@/lib/seat-events';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { assertBookable, resolveSeats } from '@/server/booking/hold-seats';
import { forgetRows } from '@/server/booking/seat-rows-cache';
import { type ContextSeat, showtimeContext } from '@/server/booking/showtime-context';
import type { Tx } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { serializable } from '@/server/db/transaction';
import { deskBookingRef } from '@/server/desk/desk-access';
import { pickTickets } from '@/server/desk/pick-tickets';
import { publishSeatEvents } from '@/server/events/seat-events';
import { enqueueNotification } from '@/server/notifications/enqueue';

// The desk moves a customer to other seats of the same show, or to another show of the same film
// at the same cinema; the payment stays as it is. One SERIALIZABLE transaction: the rows of the
// old and the new seats are bumped first (the lock order of every seat writer), overdue holds on
// the new seats are expired, the old tickets and their claims are cancelled, and new SOLD claims
// and new tickets (new ids, so new QR codes: the old ones no longer admit) are written. The
// partial unique index seat_claims_one_live_per_seat decides a race with a customer holding the
// same seat on the web: one of the two wins, the other is told the seat is taken.
//
// Price: seats are compared at their list price (the show's price of the seat's category, the
// same basis on both sides whatever rules or promo codes priced the original). Equal or cheaper
// is allowed and nothing is refunded by the move (the desk can refund the difference as a goodwill
// amount; the move's result and audit entry carry it as cheaperByMinor). Dearer is refused: the
// customer would be paying less than the seats cost, and the desk cannot take money.
// Each new ticket keeps the price paid for the ticket it replaces, so the booking's totals and
// its tax invoice stay true. Staff may seat someone where the seat rules (orphan seats,
// wheelchair spaces) would stop a customer: they are at the counter with the customer.

type MovedTicket = { id: string; seat: string; replaces: string };

export async function moveDeskBooking(options: {
  viewer: Viewer;
  reference: string;
  request: DeskMoveRequest;
}): Promise<DeskMoveResult> {
  const { viewer, request } = options;
  const ref = await deskBookingRef(viewer, options.reference);
  const target = await showtimeContext(request.showtimeId);
  if (!target || target.cinema.id !== ref.cinemaId) throw new AppError('NOT_FOUND', 'Showtime not found.');
  assertBookable(target, new Date());
  const newSeats = resolveSeats(target, request.seatIds);
  const blocked = newSeats.filter((s) => s.blocked);
  if (blocked.length) {
    throw new AppError('SEATS_UNAVAILABLE', `${blocked.map((s) => s.label).join(', ')} cannot be booked.`, {
      details: { seatIds: blocked.map((s) => s.id), labels: blocked.map((s) => s.label) },
    });
  }
  const done = await serializable(
    (tx) => moveTx(tx, { viewer, bookingId: ref.id, request, target: { ...target, newSeats } }),
    { label: 'desk-move' },
  ).catch((error: unknown) => {
    if (isConstraintViolation(error, 'seat_claims_one_live_per_seat')) {
      throw new AppError('SEATS_UNAVAILABLE', 'Someone else just took one of these seats.', {
        details: { seatIds: request.seatIds, labels: newSeats.map((s) => s.label) },
      });
    }
    throw error;
  });
  for (const side of done.sides) {
    forgetRows(side.showtimeId, side.rows);
    publishSeatEvents({
      showtimeId: side.showtimeId,
      versions: side.versions,
      events: [
        ...(side.released.length ? [{ type: 'seat.released' as const, seatIds: side.released }] : []),
        ...(side.sold.length
          ? [{ type: 'seat.sold' as const, seatIds: side.sold, bookingReference: ref.reference }]
          : []),
      ],
      committedAt: Date.now(),
    });
  }
  return {
    reference: ref.reference,
    showtimeId: target.id,
    tickets: done.tickets,
    cheaperByMinor: done.cheaperByMinor,
  };
}

type Side = { showtimeId: string; rows: number[]; versions: RowVersions; released: string[]; sold: string[] };

async function moveTx(
  tx: Tx,
  o: {
    viewer: Viewer;
    bookingId: string;
    request: DeskMoveRequest;
    target: { id: string; movie: { id: string }; prices: Map<string, number>; newSeats: ContextSeat[] };
  },
): Promise<{ tickets: MovedTicket[]; cheaperByMinor: number; sides: Side[] }> {
  const [booking] = await tx.$queryRaw<
    {
      status: string;
      reference: string;
      showtime_id: string;
      hold_id: string;
      user_id: string | null;
      movie_id: string;
      email: string | null;
      name: string | null;
      price: unknown;
      total_minor: number;
      currency: string;
    }[]
  >`
    SELECT b.status::text, b.reference, b.showtime_id::text, b.hold_id::text, b.user_id::text,
           s.movie_id::text, coalesce(b.customer_email, u.email) AS email,
           coalesce(b.customer_name, u.name) AS name, b.price, b.total_minor, b.currency
    FROM bookings b JOIN showtimes s ON s.id = b.showtime_id LEFT JOIN users u ON u.id = b.user_id
    WHERE b.id = ${o.bookingId}::uuid FOR UPDATE OF b`;
  if (!booking) throw new AppError('NOT_FOUND', 'Booking not found.');
  if (booking.status !== 'CONFIRMED') {
    throw new AppError('CONFLICT', 'This booking is cancelled.', { details: { reason: 'cancelled' } });
  }
  const target = o.target;
  const sameShow = target.id === booking.showtime_id;
  if (!sameShow && target.movie.id !== booking.movie_id) {
    throw new AppError('CONFLICT', 'A booking can move only to another show of the same film.', {
      details: { reason: 'other-film' },
    });
  }
  const live = await tx.ticket.findMany({
    where: { bookingId: o.bookingId, status: { not: 'CANCELLED' } },
    select: {
      id: true,
      status: true,
      priceMinor: true,
      seatId: true,
      claimId: true,
      seat: { select: { rowIndex: true, category: true, rowLabel: true, number: true } },
    },
    // Front to back, left to right: with no ticket ids given, the booking's seats go to the new
    // seats in this order (A1 → A5, A2 → A6), the same every time.
    orderBy: [{ seat: { rowIndex: 'asc' } }, { seat: { number: 'asc' } }],
  });
  const moving = pickTickets(
    live,
    o.request.ticketIds ?? live.map((t) => t.id),
    'A checked-in ticket cannot be moved.',
  );
  if (!sameShow && moving.length !== live.length) {
    throw new AppError('CONFLICT', 'Moving to another show takes every ticket of the booking.', {
      details: { reason: 'partial-move' },
    });
  }
  if (moving.length !== target.newSeats.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Choose ${moving.length} new seat(s), one for each ticket moved.`,
      {
        details: { fieldErrors: { seatIds: [`choose ${moving.length}`] } },
      },
    );
  }
  const sourcePrices = new Map(
    (
      await tx.showtimePrice.findMany({
        where: { showtimeId: booking.showtime_id },
        select: { category: true, priceMinor: true },
      })
    ).map((p) => [p.category as string, p.priceMinor]),
  );
  const oldList = moving.reduce((n, t) => n + (sourcePrices.get(t.seat.category) ?? t.priceMinor), 0);
  const newList = target.newSeats.reduce((n, s) => n + (target.prices.get(s.category) ?? 0), 0);
  if (newList > oldList) {
    throw new AppError(
      'CONFLICT',
      'These seats cost more than the ones paid for; choose seats of the same price.',
      {
        details: { reason: 'dearer-seats', differenceMinor: newList - oldList },
      },
    );
  }

  // The rows of both sides first, in one order (show id, then row): the lock order of every writer.
  const oldRows = [...new Set(moving.map((t) => t.seat.rowIndex))].sort((a, b) => a - b);
  const newRows = [...new Set(target.newSeats.map((s) => s.rowIndex))].sort((a, b) => a - b);
  const bump = async (showtimeId: string, rows: number[]) => {
    const [r] = await tx.$queryRaw<{ versions: RowVersions }[]>`
      SELECT bump_seat_rows(${showtimeId}::uuid, ${rows}::int[]) AS versions`;
    return r?.versions ?? {};
  };
  const sides: Side[] = [];
  if (sameShow) {
    const rows = [...new Set([...oldRows, ...newRows])].sort((a, b) => a - b);
    sides.push({
      showtimeId: target.id,
      rows,
      versions: await bump(target.id, rows),
      released: [],
      sold: [],
    });
  } else {
    const pair = [
      { showtimeId: booking.showtime_id, rows: oldRows },
      { showtimeId: target.id, rows: newRows },
    ].sort((a, b) => a.showtimeId.localeCompare(b.showtimeId));
    for (const p of pair)
      sides.push({ ...p, versions: await bump(p.showtimeId, p.rows), released: [], sold: [] });
  }
  const sideOf = (id: string) => sides.find((s) => s.showtimeId === id) as Side;

  // An expired hold never blocks a seat: flip overdue claims on the new seats, as holds do.
  await tx.seatClaim.updateMany({
    where: {
      showtimeId: target.id,
      seatId: { in: target.newSeats.map((s) => s.id) },
      state: 'HELD',
      expiresAt: { lte: new Date() },
    },
    data: { state: 'EXPIRED' },
  });
  // Old tickets and claims go first, so that seats can also be swapped within the booking.
  await tx.ticket.updateMany({
    where: { id: { in: moving.map((t) => t.id) } },
    data: { status: 'CANCELLED' },
  });
  await tx.seatClaim.updateMany({
    where: { id: { in: moving.map((t) => t.claimId) }, state: 'SOLD' },
    data: { state: 'CANCELLED' },
  });

  const now = new Date();
  const holdId = sameShow
    ? booking.hold_id
    : (
        await tx.seatHold.create({
          data: {
            userId: booking.user_id,
            showtimeId: target.id,
            status: 'CONVERTED',
            expiresAt: now,
            endedAt: now,
            price: booking.price as object,
            totalMinor: booking.total_minor,
            currency: booking.currency,
          },
          select: { id: true },
        })
      ).id;
  const tickets: MovedTicket[] = [];
  for (const [i, old] of moving.entries()) {
    const seat = target.newSeats[i] as ContextSeat;
    const claim = await tx.seatClaim.create({
      data: {
        holdId,
        showtimeId: target.id,
        seatId: seat.id,
        state: 'SOLD',
        expiresAt: now,
        category: seat.category,
        priceMinor: old.priceMinor,
      },
      select: { id: true },
    });
    const ticket = await tx.ticket.create({
      data: {
        bookingId: o.bookingId,
        claimId: claim.id,
        showtimeId: target.id,
        seatId: seat.id,
        priceMinor: old.priceMinor,
      },
      select: { id: true },
    });
    tickets.push({ id: ticket.id, seat: seat.label, replaces: old.id });
  }
  if (!sameShow) {
    await tx.booking.update({ where: { id: o.bookingId }, data: { showtimeId: target.id, holdId } });
  }
  sideOf(booking.showtime_id).released.push(...moving.map((t) => t.seatId));
  sideOf(target.id).sold.push(...target.newSeats.map((s) => s.id));

  const cheaperByMinor = oldList - newList;
  await recordAudit(tx, {
    actor: o.viewer,
    action: 'booking.move',
    entityType: 'booking',
    entityId: booking.reference,
    before: {
      showtimeId: booking.showtime_id,
      tickets: moving.map((t) => ({ id: t.id, seat: `${t.seat.rowLabel}${t.seat.number}` })),
    },
    after: {
      showtimeId: target.id,
      tickets: tickets.map((t) => ({ id: t.id, seat: t.seat, replaces: t.replaces })),
      cheaperByMinor,
    },
  });
  // The customer gets the new tickets (the old QR codes no longer admit anyone).
  if (booking.email) {
    await enqueueNotification(tx, {
      kind: 'booking.confirmed',
      recipient: booking.email,
      payload: { reference: booking.reference, bookingId: o.bookingId, name: booking.name, moved: true },
    });
  }
  return { tickets, cheaperByMinor, sides };
}
