import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Prisma } from '@/prisma/generated/client';
import { getWaitlistEntryOp, joinWaitlistOp, leaveWaitlistOp } from '@/server/api/operations/showtimes';
import type { Viewer } from '@/server/auth/session';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { checkout } from '@/server/booking/checkout';
import { expireHolds } from '@/server/booking/expire-holds';
import { holdSeats } from '@/server/booking/hold-seats';
import { releaseHold } from '@/server/booking/release-hold';
import { db } from '@/server/db';
import { toAppError } from '@/server/http/errors';
import { getWaitlistEntry } from '@/server/waitlist/get-waitlist-entry';
import { joinWaitlist } from '@/server/waitlist/join-waitlist';
import { leaveWaitlist } from '@/server/waitlist/leave-waitlist';
import { offerSeats } from '@/server/waitlist/offer-seats';
import { watchFreedSeats } from '@/server/waitlist/waitlist-triggers';
import { bearerFor, call } from '../support/api';
import { createCinema, createShowtime, createUser } from '../support/factories';

// The waitlist against a real PostgreSQL: who is offered which seats, in what order, and what
// happens to an offer afterwards. Each test draws its own small hall, row by row:
// S = ordinary seat, W = wheelchair space, C = companion seat, . = aisle or gap (no seat).

const SUCCESS = {
  method: 'card' as const,
  card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
};

async function hall(rows: string[], options: { orphanSeatRule?: boolean } = {}) {
  const cinema = await createCinema({ orphanSeatRule: options.orphanSeatRule ?? true });
  const cols = Math.max(...rows.map((r) => r.length));
  const aisleCols = Array.from({ length: cols }, (_, c) => c).filter((c) =>
    rows.every((r) => (r[c] ?? '.') === '.'),
  );
  const seats: Prisma.SeatCreateManyInput[] = [];
  rows.forEach((spec, r) => {
    let number = 0;
    [...spec].forEach((ch, c) => {
      if (ch === '.') return;
      number++;
      seats.push({
        id: randomUUID(),
        screenId: '',
        rowLabel: String.fromCharCode(65 + r),
        number,
        rowIndex: r,
        col: c,
        kind: ch === 'W' ? 'WHEELCHAIR' : ch === 'C' ? 'COMPANION' : 'STANDARD',
      });
    });
  });
  const screen = await db().screen.create({
    data: {
      cinemaId: cinema.id,
      name: `Screen ${randomUUID().slice(0, 8)}`,
      layout: { rows: rows.length, cols, aisleCols, screenAt: 'top' },
      capacity: seats.length,
    },
  });
  await db().seat.createMany({ data: seats.map((s) => ({ ...s, screenId: screen.id })) });
  const showtime = await createShowtime({ screenId: screen.id });
  const ids = new Map(seats.map((s) => [`${s.rowLabel}${s.number}`, s.id as string]));
  const labels = new Map([...ids].map(([label, id]) => [id, label]));
  return {
    showtimeId: showtime.id,
    /** Seat ids by label, e.g. seat('A3'). */
    seat: (label: string) => {
      const id = ids.get(label);
      if (!id) throw new Error(`no seat ${label}`);
      return id;
    },
    seats: (...l: string[]) => l.map((label) => ids.get(label) as string),
    label: (id: string) => labels.get(id) as string,
  };
}

type Hall = Awaited<ReturnType<typeof hall>>;

/** A new customer holds these seats (one hold each call). */
async function occupy(h: Hall, labels: string[], accessible = false) {
  const user = await createUser();
  const hold = await holdSeats({
    userId: user.id,
    showtimeId: h.showtimeId,
    seatIds: h.seats(...labels),
    accessible,
  });
  return { userId: user.id, holdId: hold.holdId };
}

/** A new customer joins the waitlist for `seats` seats; joins are a few ms apart, so in order. */
async function waiter(h: Hall, seats: number) {
  await new Promise((r) => setTimeout(r, 5));
  const user = await createUser();
  const entry = await joinWaitlist({ userId: user.id, showtimeId: h.showtimeId, seats });
  return { user, entry };
}

function entryOf(id: string) {
  return db().waitlistEntry.findUniqueOrThrow({
    where: { id },
    select: { status: true, offeredSeatIds: true, offerHoldId: true, offerExpiresAt: true, userId: true },
  });
}

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return toAppError(e);
  }
  throw new Error('expected a failure');
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function makeOverdue(holdId: string) {
  await db()
    .$executeRaw`UPDATE seat_holds SET expires_at = now() - interval '1 second' WHERE id = ${holdId}::uuid`;
  await db()
    .$executeRaw`UPDATE seat_claims SET expires_at = now() - interval '1 second' WHERE hold_id = ${holdId}::uuid`;
}

const sorted = (ids: string[]) => [...ids].sort();

describe('the offer engine', () => {
  it('offers freed seats to the earliest waiter first, as a hold, and queues the email with the checkout link', async () => {
    const h = await hall(['SSSSSS']);
    await occupy(h, ['A1', 'A2']);
    const middle = await occupy(h, ['A3', 'A4']);
    await occupy(h, ['A5', 'A6']);
    const first = await waiter(h, 2);
    const second = await waiter(h, 2);
    expect(first.entry).toMatchObject({ status: 'WAITING', position: 1, seatsWanted: 2, offer: null });
    expect(second.entry.position).toBe(2);

    await releaseHold({ userId: middle.userId, holdId: middle.holdId });
    const result = await offerSeats({ showtimeId: h.showtimeId });

    expect(result.offers).toHaveLength(1);
    const offered = await entryOf(first.entry.id);
    expect(offered.status).toBe('OFFERED');
    expect(sorted(offered.offeredSeatIds)).toEqual(sorted(h.seats('A3', 'A4')));
    const hold = await db().seatHold.findUniqueOrThrow({
      where: { id: offered.offerHoldId as string },
      select: {
        userId: true,
        status: true,
        expiresAt: true,
        claims: { select: { seatId: true, state: true } },
      },
    });
    expect(hold).toMatchObject({ userId: first.user.id, status: 'ACTIVE' });
    expect(sorted(hold.claims.map((c) => c.seatId))).toEqual(sorted(h.seats('A3', 'A4')));
    expect(offered.offerExpiresAt?.getTime()).toBe(hold.expiresAt.getTime());
    expect(hold.expiresAt.getTime() - Date.now()).toBeGreaterThan(5 * 60_000);
    expect((await entryOf(second.entry.id)).status).toBe('WAITING');

    const outbox = await db().notificationOutbox.findMany({
      where: { kind: 'waitlist.offered', recipient: first.user.email as string },
    });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.payload).toMatchObject({
      showtimeId: h.showtimeId,
      seats: ['A3', 'A4'],
      holdId: offered.offerHoldId,
      expiresAt: hold.expiresAt.toISOString(),
      checkoutPath: `/checkout/${offered.offerHoldId}`,
    });

    // What the waiter sees, and the next in line.
    expect(await getWaitlistEntry({ userId: first.user.id, showtimeId: h.showtimeId })).toMatchObject({
      status: 'OFFERED',
      position: null,
      offer: {
        holdId: offered.offerHoldId,
        labels: ['A3', 'A4'],
        expiresAt: hold.expiresAt.toISOString(),
        checkoutPath: `/checkout/${offered.offerHoldId}`,
      },
    });
    expect(await getWaitlistEntry({ userId: second.user.id, showtimeId: h.showtimeId })).toMatchObject({
      status: 'WAITING',
      position: 1,
    });
  });

  it('serves in order, but lets a later, smaller request take seats no earlier request can use', async () => {
    const h = await hall(['SSSSSSSS']);
    const four = await occupy(h, ['A1', 'A2', 'A3', 'A4']);
    const pair = await occupy(h, ['A5', 'A6']);
    await occupy(h, ['A7', 'A8']);
    const big = await waiter(h, 4);
    const small = await waiter(h, 2);

    // Two free: the party of four cannot use them, the later pair can.
    await releaseHold({ userId: pair.userId, holdId: pair.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    expect((await entryOf(small.entry.id)).status).toBe('OFFERED');
    expect(await getWaitlistEntry({ userId: big.user.id, showtimeId: h.showtimeId })).toMatchObject({
      status: 'WAITING',
      position: 1,
    });

    // Four free: they go to the party of four, who kept their place.
    await releaseHold({ userId: four.userId, holdId: four.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    const served = await entryOf(big.entry.id);
    expect(served.status).toBe('OFFERED');
    expect(sorted(served.offeredSeatIds)).toEqual(sorted(h.seats('A1', 'A2', 'A3', 'A4')));
  });

  it('gives four free seats to the earlier party of four, not to a later pair that also fits', async () => {
    const h = await hall(['SSSSSSSS']);
    const four = await occupy(h, ['A1', 'A2', 'A3', 'A4']);
    await occupy(h, ['A5', 'A6', 'A7', 'A8']);
    const big = await waiter(h, 4);
    const small = await waiter(h, 2);
    await releaseHold({ userId: four.userId, holdId: four.holdId });
    const { offers } = await offerSeats({ showtimeId: h.showtimeId });
    expect(offers.map((o) => o.entryId)).toEqual([big.entry.id]);
    expect((await entryOf(small.entry.id)).status).toBe('WAITING');
  });

  it('does not offer a freed pair to a waiter who needs three', async () => {
    const h = await hall(['SSSSSS']);
    await occupy(h, ['A1', 'A2']);
    const pair = await occupy(h, ['A3', 'A4']);
    await occupy(h, ['A5', 'A6']);
    const three = await waiter(h, 3);
    await releaseHold({ userId: pair.userId, holdId: pair.holdId });
    expect((await offerSeats({ showtimeId: h.showtimeId })).offers).toEqual([]);
    expect((await entryOf(three.entry.id)).status).toBe('WAITING');
    expect(await db().seatHold.count({ where: { userId: three.user.id } })).toBe(0);
  });

  it('offers seats side by side only: never across an aisle, never wheelchair or companion places', async () => {
    // Row A: three seats, an aisle, three seats. Row B: two seats, a wheelchair space and its companion.
    const h = await hall(['SSS.SSS', 'SSWC...'], { orphanSeatRule: false });
    await occupy(h, ['A1', 'A2']);
    const a3 = await occupy(h, ['A3']);
    const a4 = await occupy(h, ['A4']);
    const a5 = await occupy(h, ['A5']);
    await occupy(h, ['A6']);
    await occupy(h, ['B1', 'B2']);
    const access = await occupy(h, ['B3', 'B4'], true);
    const pair = await waiter(h, 2);

    // A3 and A4 are numbered one after the other, but the aisle runs between them.
    await releaseHold({ userId: a3.userId, holdId: a3.holdId });
    await releaseHold({ userId: a4.userId, holdId: a4.holdId });
    // B3 and B4 are side by side, but kept for a wheelchair user and their companion.
    await releaseHold({ userId: access.userId, holdId: access.holdId });
    expect((await offerSeats({ showtimeId: h.showtimeId })).offers).toEqual([]);
    expect((await entryOf(pair.entry.id)).status).toBe('WAITING');

    // A5 frees up: A4 and A5 are side by side in one block.
    await releaseHold({ userId: a5.userId, holdId: a5.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    const offered = await entryOf(pair.entry.id);
    expect(offered.status).toBe('OFFERED');
    expect(sorted(offered.offeredSeatIds)).toEqual(sorted(h.seats('A4', 'A5')));
  });

  it('never leaves a single seat stranded where the cinema forbids it: prefers the block that fits', async () => {
    // Row A frees three seats, row B exactly two: the pair goes to row B (A would strand one).
    const h = await hall(['SSSSSS', 'SSSSSS']);
    await occupy(h, ['A1', 'A2', 'A3']);
    const three = await occupy(h, ['A4', 'A5', 'A6']);
    await occupy(h, ['B1', 'B2']);
    const two = await occupy(h, ['B3', 'B4']);
    await occupy(h, ['B5', 'B6']);
    const pair = await waiter(h, 2);
    await releaseHold({ userId: three.userId, holdId: three.holdId });
    await releaseHold({ userId: two.userId, holdId: two.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    expect(sorted((await entryOf(pair.entry.id)).offeredSeatIds)).toEqual(sorted(h.seats('B3', 'B4')));
  });

  it('passes the seats of an offer that lapsed to the next waiter', async () => {
    const h = await hall(['SSSSSS']);
    await occupy(h, ['A1', 'A2']);
    const pair = await occupy(h, ['A3', 'A4']);
    await occupy(h, ['A5', 'A6']);
    const first = await waiter(h, 2);
    const second = await waiter(h, 2);
    await releaseHold({ userId: pair.userId, holdId: pair.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    const lapsed = await entryOf(first.entry.id);
    expect(lapsed.status).toBe('OFFERED');

    await makeOverdue(lapsed.offerHoldId as string);
    await expireHolds();
    await offerSeats({ showtimeId: h.showtimeId });

    expect((await entryOf(first.entry.id)).status).toBe('EXPIRED');
    const next = await entryOf(second.entry.id);
    expect(next.status).toBe('OFFERED');
    expect(sorted(next.offeredSeatIds)).toEqual(sorted(h.seats('A3', 'A4')));
    expect(next.offerHoldId).not.toBe(lapsed.offerHoldId);
    expect(await getWaitlistEntry({ userId: first.user.id, showtimeId: h.showtimeId })).toMatchObject({
      status: 'EXPIRED',
      offer: null,
    });
  });

  it('treats an overdue offer as lapsed even before the expiry sweep has run', async () => {
    const h = await hall(['SSSS']);
    const pair = await occupy(h, ['A1', 'A2']);
    await occupy(h, ['A3', 'A4']);
    const first = await waiter(h, 2);
    const second = await waiter(h, 2);
    await releaseHold({ userId: pair.userId, holdId: pair.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    await makeOverdue((await entryOf(first.entry.id)).offerHoldId as string);
    await offerSeats({ showtimeId: h.showtimeId });
    expect((await entryOf(first.entry.id)).status).toBe('EXPIRED');
    expect((await entryOf(second.entry.id)).status).toBe('OFFERED');
  });

  it('marks an offer that was paid for FULFILLED', async () => {
    const h = await hall(['SSSS']);
    const pair = await occupy(h, ['A1', 'A2']);
    await occupy(h, ['A3', 'A4']);
    const w = await waiter(h, 2);
    await releaseHold({ userId: pair.userId, holdId: pair.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    const offered = await entryOf(w.entry.id);
    const { booking } = await checkout({
      userId: w.user.id,
      holdId: offered.offerHoldId as string,
      payment: SUCCESS,
    });
    expect(booking.tickets).toHaveLength(2);
    expect(await getWaitlistEntry({ userId: w.user.id, showtimeId: h.showtimeId })).toMatchObject({
      status: 'FULFILLED',
      offer: null,
    });
    expect((await entryOf(w.entry.id)).status).toBe('FULFILLED');
  });

  it('keeps the offer when the waiter changes their hold but keeps the offered seats', async () => {
    const h = await hall(['SSSSSS']);
    await occupy(h, ['A1', 'A2']);
    const middle = await occupy(h, ['A3', 'A4']);
    const right = await occupy(h, ['A5', 'A6']);
    const w = await waiter(h, 2);
    await releaseHold({ userId: middle.userId, holdId: middle.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    const before = await entryOf(w.entry.id);
    await releaseHold({ userId: right.userId, holdId: right.holdId });
    // In the seat picker, the waiter adds A5 and A6 to the seats held for them.
    const bigger = await holdSeats({
      userId: w.user.id,
      showtimeId: h.showtimeId,
      seatIds: h.seats('A3', 'A4', 'A5', 'A6'),
    });
    const view = await getWaitlistEntry({ userId: w.user.id, showtimeId: h.showtimeId });
    expect(view).toMatchObject({ status: 'OFFERED', offer: { holdId: bigger.holdId } });
    expect(before.offerHoldId).not.toBe(bigger.holdId);
  });

  it('gives the seats of a waiter who leaves with an offer to the next one', async () => {
    const h = await hall(['SSSS']);
    const pair = await occupy(h, ['A1', 'A2']);
    await occupy(h, ['A3', 'A4']);
    const first = await waiter(h, 2);
    const second = await waiter(h, 2);
    await releaseHold({ userId: pair.userId, holdId: pair.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    const offered = await entryOf(first.entry.id);
    expect(await leaveWaitlist({ userId: first.user.id, showtimeId: h.showtimeId })).toEqual({ left: true });
    expect((await entryOf(first.entry.id)).status).toBe('CANCELLED');
    expect(
      (await db().seatHold.findUniqueOrThrow({ where: { id: offered.offerHoldId as string } })).status,
    ).toBe('RELEASED');
    await offerSeats({ showtimeId: h.showtimeId });
    expect((await entryOf(second.entry.id)).status).toBe('OFFERED');
    expect(await leaveWaitlist({ userId: first.user.id, showtimeId: h.showtimeId })).toEqual({ left: false });
  });

  it('skips a waiter who is busy holding other seats, keeping their place', async () => {
    const h = await hall(['SSSSSS'], { orphanSeatRule: false });
    await occupy(h, ['A1', 'A2', 'A3']);
    const pair = await occupy(h, ['A4', 'A5']);
    const a6 = await occupy(h, ['A6']);
    const busy = await waiter(h, 2);
    const next = await waiter(h, 2);
    // The first waiter takes a single seat that came free and is paying for it.
    await releaseHold({ userId: a6.userId, holdId: a6.holdId });
    await holdSeats({ userId: busy.user.id, showtimeId: h.showtimeId, seatIds: h.seats('A6') });
    await releaseHold({ userId: pair.userId, holdId: pair.holdId });
    await offerSeats({ showtimeId: h.showtimeId });
    expect((await entryOf(busy.entry.id)).status).toBe('WAITING');
    expect((await entryOf(next.entry.id)).status).toBe('OFFERED');
  });

  it('closes the waitlist of a showtime that has started', async () => {
    const h = await hall(['SS']);
    await occupy(h, ['A1', 'A2']);
    const w = await waiter(h, 2);
    await db()
      .$executeRaw`UPDATE showtimes SET starts_at = now() - interval '1 minute' WHERE id = ${h.showtimeId}::uuid`;
    expect(await offerSeats({ showtimeId: h.showtimeId })).toMatchObject({ offers: [], closed: 1 });
    expect((await entryOf(w.entry.id)).status).toBe('EXPIRED');
  });

  it('never offers seats twice, however many engine runs race (in this process and across instances)', async () => {
    const h = await hall(['SSSSSSSS', 'SSSSSSSS'], { orphanSeatRule: false });
    const holds = [];
    for (const row of ['A', 'B']) {
      for (let n = 1; n <= 8; n += 2) holds.push(await occupy(h, [`${row}${n}`, `${row}${n + 1}`]));
    }
    const waiters = [];
    for (let i = 0; i < 8; i++) waiters.push(await waiter(h, 2));
    // Four separate pairs come free: A1-A2, A5-A6, B3-B4, B7-B8.
    for (const i of [0, 2, 5, 7]) {
      const free = holds[i] as { userId: string; holdId: string };
      await releaseHold(free);
    }
    const runs = await Promise.all([
      ...Array.from({ length: 8 }, () => offerSeats({ showtimeId: h.showtimeId, queue: false })),
      ...Array.from({ length: 8 }, () => offerSeats({ showtimeId: h.showtimeId })),
    ]);
    expect(runs.flatMap((r) => r.offers)).toHaveLength(4);

    const entries = await Promise.all(waiters.map((w) => entryOf(w.entry.id)));
    expect(entries.map((e) => e.status)).toEqual([
      'OFFERED',
      'OFFERED',
      'OFFERED',
      'OFFERED',
      'WAITING',
      'WAITING',
      'WAITING',
      'WAITING',
    ]);
    const offeredSeats = entries.flatMap((e) => e.offeredSeatIds);
    expect(new Set(offeredSeats).size).toBe(8);
    expect(sorted(offeredSeats)).toEqual(sorted(h.seats('A1', 'A2', 'A5', 'A6', 'B3', 'B4', 'B7', 'B8')));
    // One hold per offered waiter, never one made and thrown away; one email per offer.
    for (const [i, w] of waiters.entries()) {
      const holdsOfWaiter = await db().seatHold.findMany({
        where: { userId: w.user.id },
        select: { id: true, status: true },
      });
      expect(holdsOfWaiter).toEqual(i < 4 ? [{ id: entries[i]?.offerHoldId, status: 'ACTIVE' }] : []);
    }
    const emails = await db().notificationOutbox.count({
      where: { kind: 'waitlist.offered', recipient: { in: waiters.map((w) => w.user.email as string) } },
    });
    expect(emails).toBe(4);
  });
});

describe('what runs the engine', () => {
  it('offers the seats of a cancelled booking shortly after, through the seat bus', async () => {
    const h = await hall(['SSSS']);
    const customer = await createUser();
    const hold = await holdSeats({
      userId: customer.id,
      showtimeId: h.showtimeId,
      seatIds: h.seats('A1', 'A2'),
    });
    const { booking } = await checkout({ userId: customer.id, holdId: hold.holdId, payment: SUCCESS });
    await occupy(h, ['A3', 'A4']);
    const w = await waiter(h, 2);

    const stop = watchFreedSeats({ debounceMs: 20 });
    try {
      const viewer: Viewer = {
        id: customer.id,
        name: customer.name,
        email: customer.email,
        role: 'CUSTOMER',
        staffCinemaIds: [],
        managedCinemaIds: [],
      };
      await cancelBooking({ reference: booking.reference, viewer });
      const offered = await until(
        () => entryOf(w.entry.id),
        (e) => e.status === 'OFFERED',
      );
      expect(offered.status).toBe('OFFERED');
      expect(sorted(offered.offeredSeatIds)).toEqual(sorted(h.seats('A1', 'A2')));
    } finally {
      stop();
    }
  });
});

describe('/api/v1/showtimes/{id}/waitlist', () => {
  it('needs a signed-in caller (401) and a valid request (400)', async () => {
    const h = await hall(['SS']);
    const path = `/api/v1/showtimes/${h.showtimeId}/waitlist`;
    const params = { id: h.showtimeId };
    for (const [handler, method] of [
      [joinWaitlistOp, 'POST'],
      [getWaitlistEntryOp, 'GET'],
      [leaveWaitlistOp, 'DELETE'],
    ] as const) {
      const res = await call(handler, {
        method,
        path,
        params,
        body: method === 'POST' ? { seats: 2 } : undefined,
      });
      expect([res.status, (res.body as { error: { code: string } }).error.code]).toEqual([
        401,
        'UNAUTHENTICATED',
      ]);
    }
    const token = await bearerFor(await createUser());
    for (const body of [{}, { seats: 0 }, { seats: 11 }, { seats: 2.5 }, { seats: '2' }]) {
      const res = await call(joinWaitlistOp, { method: 'POST', path, params, body, token });
      expect(
        [res.status, (res.body as { error: { code: string } }).error.code],
        JSON.stringify(body),
      ).toEqual([400, 'VALIDATION_FAILED']);
    }
    const badId = await call(getWaitlistEntryOp, { path, params: { id: 'nope' }, token });
    expect(badId.status).toBe(400);
  });

  it('answers 409 when the seats are available to book, then joins, reads and leaves', async () => {
    const h = await hall(['SSSS']);
    const path = `/api/v1/showtimes/${h.showtimeId}/waitlist`;
    const params = { id: h.showtimeId };
    const user = await createUser();
    const token = await bearerFor(user);

    const available = await call(joinWaitlistOp, {
      method: 'POST',
      path,
      params,
      body: { seats: 2 },
      token,
    });
    expect(available.status).toBe(409);
    expect(available.body).toMatchObject({
      error: { code: 'CONFLICT', details: { reason: 'seats-available', labels: expect.any(Array) } },
    });

    await occupy(h, ['A1', 'A2']);
    // Two seats are still free together: a party of two books them; a party of three waits.
    expect(
      (await call(joinWaitlistOp, { method: 'POST', path, params, body: { seats: 2 }, token })).status,
    ).toBe(409);
    const joined = await call(joinWaitlistOp, {
      method: 'POST',
      path,
      params,
      body: { seats: 3 },
      token,
    });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({
      showtimeId: h.showtimeId,
      seatsWanted: 3,
      status: 'WAITING',
      position: 1,
    });

    const again = await call(joinWaitlistOp, { method: 'POST', path, params, body: { seats: 4 }, token });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: { code: 'CONFLICT', details: { reason: 'already-on-waitlist' } },
    });

    const read = await call(getWaitlistEntryOp, { path, params, token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(joined.body);

    expect((await call(leaveWaitlistOp, { method: 'DELETE', path, params, token })).status).toBe(204);
    expect((await call(leaveWaitlistOp, { method: 'DELETE', path, params, token })).status).toBe(204);
    const gone = await call(getWaitlistEntryOp, { path, params, token });
    expect([gone.status, (gone.body as { error: { code: string } }).error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses showtimes that are not on sale, and unknown ones', async () => {
    const h = await hall(['SS']);
    await occupy(h, ['A1', 'A2']);
    const user = await createUser();
    await db().showtime.update({
      where: { id: h.showtimeId },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    const cancelled = await failure(joinWaitlist({ userId: user.id, showtimeId: h.showtimeId, seats: 2 }));
    expect([cancelled.status, cancelled.code]).toEqual([422, 'SHOWTIME_NOT_BOOKABLE']);
    const unknown = await failure(joinWaitlist({ userId: user.id, showtimeId: randomUUID(), seats: 2 }));
    expect([unknown.status, unknown.code]).toEqual([404, 'NOT_FOUND']);
  });
});
