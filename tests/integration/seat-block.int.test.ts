import { describe, expect, it } from 'vitest';
import { LiveSeatMap } from '@/lib/live-seat-map';
import type { SeatEventBatch } from '@/lib/seat-events';
import { templateDraft } from '@/lib/seat-layout/templates';
import { encodeDraft } from '@/lib/seat-layout/wire';
import { blockSeatsOp, editScreenLayoutOp, previewSeatBlockOp } from '@/server/api/operations/venues';
import { getSeatMap } from '@/server/booking/get-seat-map';
import { holdSeats } from '@/server/booking/hold-seats';
import { db } from '@/server/db';
import { onSeatEvents } from '@/server/events/seat-events';
import { createAccount } from '../support/accounts';
import { call, strongBearerFor } from '../support/api';
import { book } from '../support/bookings';
import { createCinema, createScreen, createShowtime, createUser } from '../support/factories';

// Seats out of service on coming shows: the preview lists the live tickets on them first; applying
// needs exactly those tickets acknowledged, changes only `blocked` (in the current layout and in the
// versions coming shows use), keeps sold tickets valid, and stops new holds on the seats.

const DAY = 86_400_000;

async function setting() {
  const cinema = await createCinema();
  const manager = await createAccount({ role: 'MANAGER' });
  await db().cinemaStaff.create({ data: { userId: manager.id, cinemaId: cinema.id, role: 'MANAGER' } });
  const { screen, seats } = await createScreen({ cinemaId: cinema.id, rows: 2, cols: 5 });
  const params = { cinemaId: cinema.id, screenId: screen.id };
  return { cinema, screen, seats, params, token: await strongBearerFor(manager) };
}

type Preview = {
  seats: string[];
  unknown: string[];
  showtimes: number;
  tickets: { ticketId: string; seat: string; bookingReference: string }[];
};

describe('taking seats out of service', () => {
  it('previews the tickets on them, applies only what was seen, and stops new holds', async () => {
    const { screen, seats, params, token } = await setting();
    const show = await createShowtime({ screenId: screen.id, startsAt: new Date(Date.now() + 2 * DAY) });
    const booking = await book({ showtimeId: show.id, seatIds: [seats[0]!.id] });
    // A past show with a ticket on A1 is not listed.
    const past = await createShowtime({ screenId: screen.id, startsAt: new Date(Date.now() + 5 * DAY) });
    await book({ showtimeId: past.id, seatIds: [seats[0]!.id] });
    await db().showtime.update({
      where: { id: past.id },
      data: {
        startsAt: new Date(Date.now() - 3 * DAY),
        endsAt: new Date(Date.now() - 3 * DAY + 7_200_000),
        busyUntil: new Date(Date.now() - 3 * DAY + 8_400_000),
      },
    });

    const preview = await call(previewSeatBlockOp, {
      token,
      params,
      body: { seats: 'a1, A2 Z9', blocked: true },
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const p = preview.body as Preview;
    expect(p).toMatchObject({ seats: ['A1', 'A2'], unknown: ['Z9'], showtimes: 1 });
    expect(p.tickets).toEqual([expect.objectContaining({ seat: 'A1', bookingReference: booking.reference })]);
    expect(await db().seat.count({ where: { screenId: screen.id, blocked: true } })).toBe(0);

    // Not applied while a name is unknown, nor without the listed ticket acknowledged.
    const unknown = await call(blockSeatsOp, {
      token,
      params,
      body: { seats: 'A1, Z9', blocked: true, acknowledgedTicketIds: p.tickets.map((t) => t.ticketId) },
    });
    expect(unknown.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ path: 'seats' }] },
    });
    const unseen = await call(blockSeatsOp, {
      token,
      params,
      body: { seats: 'A1, A2', blocked: true, acknowledgedTicketIds: [] },
    });
    expect(unseen.status).toBe(409);
    expect(unseen.body).toMatchObject({ error: { details: { preview: { seats: ['A1', 'A2'] } } } });
    expect(await db().seat.count({ where: { screenId: screen.id, blocked: true } })).toBe(0);

    const applied = await call(blockSeatsOp, {
      token,
      params,
      body: { seats: 'A1, A2', blocked: true, acknowledgedTicketIds: p.tickets.map((t) => t.ticketId) },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toEqual({ seats: ['A1', 'A2'], blocked: true, changed: 2 });
    // The ticket sold stays valid; a new hold on A2 is refused; A3 still sells.
    const ticket = await db().ticket.findFirstOrThrow({
      where: { bookingId: booking.id },
      select: { status: true },
    });
    expect(ticket.status).toBe('VALID');
    const someone = await createUser();
    await expect(
      holdSeats({ userId: someone.id, showtimeId: show.id, seatIds: [seats[1]!.id] }),
    ).rejects.toMatchObject({
      code: 'SEATS_UNAVAILABLE',
    });
    await holdSeats({ userId: someone.id, showtimeId: show.id, seatIds: [seats[2]!.id] });

    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'seats.blocked', entityId: screen.id },
    });
    expect(audit.after).toMatchObject({
      seats: ['A1', 'A2'],
      blocked: true,
      ticketsOnThem: [{ seat: 'A1', bookingReference: booking.reference }],
    });

    // And back in service: no acknowledgement needed.
    const back = await call(blockSeatsOp, {
      token,
      params,
      body: { seats: 'A1, A2', blocked: false, acknowledgedTicketIds: [] },
    });
    expect(back.body).toEqual({ seats: ['A1', 'A2'], blocked: false, changed: 2 });
  });

  it('reaches the layout version a coming show is sold on as well as the current one', async () => {
    const { screen, params, token } = await setting();
    await createShowtime({ screenId: screen.id, startsAt: new Date(Date.now() + 2 * DAY) });
    const edited = await call(editScreenLayoutOp, {
      token,
      params,
      body: { basedOnVersion: 1, draft: encodeDraft(templateDraft('boutique')) },
    });
    expect(edited.status).toBe(200);
    const applied = await call(blockSeatsOp, {
      token,
      params,
      body: { seats: 'A1', blocked: true, acknowledgedTicketIds: [] },
    });
    expect(applied.body).toMatchObject({ changed: 2 });
    const blocked = await db().seat.findMany({
      where: { screenId: screen.id, blocked: true },
      select: { rowLabel: true, number: true, layout: { select: { version: true } } },
      orderBy: { layout: { version: 'asc' } },
    });
    expect(blocked).toEqual([
      { rowLabel: 'A', number: 1, layout: { version: 1 } },
      { rowLabel: 'A', number: 1, layout: { version: 2 } },
    ]);
  });

  it('tells everyone looking at a coming show at once: their copy ends as a fresh map would be', async () => {
    const { screen, seats, params, token } = await setting();
    const show = await createShowtime({ screenId: screen.id, startsAt: new Date(Date.now() + 2 * DAY) });
    const other = await createShowtime({ screenId: screen.id, startsAt: new Date(Date.now() + 3 * DAY) });
    // A1 sold, A2 held by someone, A3 free, on the first show.
    const sold = await book({ showtimeId: show.id, seatIds: [seats[0]!.id] });
    const someone = await createUser();
    const hold = await holdSeats({ userId: someone.id, showtimeId: show.id, seatIds: [seats[1]!.id] });
    const viewer = new LiveSeatMap((await getSeatMap(show.id)).map);
    const batches: SeatEventBatch[] = [];
    const stop = onSeatEvents((b) => batches.push(b));
    try {
      const body = { seats: 'A1, A2, A3', acknowledgedTicketIds: [] as string[] };
      const preview = await call(previewSeatBlockOp, { token, params, body: { ...body, blocked: true } });
      const ticketIds = (preview.body as Preview).tickets.map((t) => t.ticketId);
      const out = await call(blockSeatsOp, {
        token,
        params,
        body: { ...body, blocked: true, acknowledgedTicketIds: ticketIds },
      });
      expect(out.status, JSON.stringify(out.body)).toBe(200);
      // One batch per coming show, each naming the three seats.
      expect(batches.map((b) => b.showtimeId).sort()).toEqual([show.id, other.id].sort());
      for (const b of batches)
        expect(b.events).toEqual([{ type: 'seat.blocked', seatIds: expect.any(Array) }]);
      for (const b of batches.filter((x) => x.showtimeId === show.id))
        expect(viewer.apply(b)).toBe('applied');
      const blocked = (await getSeatMap(show.id)).map;
      expect(Object.fromEntries(viewer.states)).toEqual(
        Object.fromEntries(blocked.seats.map((x) => [x.id, x.state])),
      );
      expect(viewer.states.get(seats[2]!.id)).toBe('blocked');

      // Back in service: the sale and the hold show again, the free seat is free.
      batches.length = 0;
      const back = await call(blockSeatsOp, { token, params, body: { ...body, blocked: false } });
      expect(back.status).toBe(200);
      const mine = batches.find((b) => b.showtimeId === show.id) as SeatEventBatch;
      expect(mine.events).toEqual([
        { type: 'seat.unblocked', seatIds: expect.any(Array) },
        { type: 'seat.sold', seatIds: [seats[0]!.id] },
        { type: 'seat.held', holdId: hold.holdId, seatIds: [seats[1]!.id] },
      ]);
      expect(viewer.apply(mine)).toBe('applied');
      const after = (await getSeatMap(show.id)).map;
      expect(Object.fromEntries(viewer.states)).toEqual(
        Object.fromEntries(after.seats.map((x) => [x.id, x.state])),
      );
      expect(viewer.states.get(seats[0]!.id)).toBe('sold');
      expect(viewer.states.get(seats[1]!.id)).toBe('held');
      expect(viewer.states.get(seats[2]!.id)).toBe('available');
      expect(sold.reference).toMatch(/^MQ-/);
    } finally {
      stop();
    }
  });

  it('says at the field what is not a seat name', async () => {
    const { params, token } = await setting();
    const r = await call(previewSeatBlockOp, { token, params, body: { seats: 'A1, ??', blocked: true } });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('is not a seat');
  });
});
