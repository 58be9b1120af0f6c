import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SeatEventBatch } from '@/lib/seat-events';
import { checkout } from '@/server/booking/checkout';
import { expireHolds } from '@/server/booking/expire-holds';
import { holdSeats } from '@/server/booking/hold-seats';
import { MAX_DECLINES } from '@/server/booking/settle-payment';
import { db } from '@/server/db';
import { onSeatEvents } from '@/server/events/seat-events';
import { toAppError } from '@/server/http/errors';
import { sandboxLedger } from '@/server/payments/sandbox';
import { verifyTicketQr } from '@/server/tickets/ticket-qr';
import { createBookableShowtime, createUser } from '../support/factories';

const card = (number: string) => ({
  method: 'card' as const,
  card: { number, expMonth: 12, expYear: 2030, cvc: '123' },
});
const SUCCESS = card('4242 4242 4242 4242');
const DECLINED = card('4000 0000 0000 0002');
const NO_FUNDS = card('4000 0000 0000 9995');

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return toAppError(e);
  }
  throw new Error('expected a failure');
}

async function heldShow(seatCount = 2) {
  const { showtime, seats } = await createBookableShowtime();
  const user = await createUser();
  const hold = await holdSeats({
    userId: user.id,
    showtimeId: showtime.id,
    seatIds: seats.slice(0, seatCount).map((s) => s.id),
  });
  return { showtime, seats, user, hold };
}

function chargesFor(holdId: string) {
  return db().payment.findMany({
    where: { holdId },
    select: { status: true, amountMinor: true, bookingId: true },
  });
}

describe('checkout', () => {
  it('turns a live hold into a booking with one ticket per seat, verifiable QR codes, and seat.sold', async () => {
    const { showtime, user, hold } = await heldShow(2);
    const batches: SeatEventBatch[] = [];
    const listener = (b: SeatEventBatch) => b.showtimeId === showtime.id && batches.push(b);
    const unsubscribe = onSeatEvents(listener);
    const { status, booking } = await checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS });
    unsubscribe();

    expect(status).toBe(201);
    expect(booking.reference).toMatch(/^MQ-[0-9A-Z]{4,12}$/);
    expect(booking.status).toBe('CONFIRMED');
    expect(booking.totalMinor).toBe(hold.price.totalMinor);
    expect(booking.payment).toEqual({ provider: 'sandbox', cardLast4: '4242' });
    expect(booking.tickets.map((t) => t.seat.label)).toEqual(hold.seats.map((s) => s.label));
    for (const t of booking.tickets) {
      const v = verifyTicketQr(t.qr);
      expect(v).toMatchObject({
        ok: true,
        ticket: { ticketId: t.id, reference: booking.reference, seatLabel: t.seat.label },
      });
    }
    const claims = await db().seatClaim.findMany({ where: { holdId: hold.holdId }, select: { state: true } });
    expect(claims.map((c) => c.state)).toEqual(['SOLD', 'SOLD']);
    expect((await db().seatHold.findUniqueOrThrow({ where: { id: hold.holdId } })).status).toBe('CONVERTED');
    expect(batches.at(-1)?.events).toEqual([
      { type: 'seat.sold', seatIds: hold.seats.map((s) => s.id), bookingReference: booking.reference },
    ]);
    expect(batches.at(-1)?.versions).toEqual(
      Object.fromEntries(Object.entries(hold.versions).map(([row, v]) => [row, v + 1])),
    );
    const outbox = await db().notificationOutbox.findFirst({
      where: { kind: 'booking.confirmed', recipient: user.email ?? '' },
    });
    expect(outbox?.payload).toMatchObject({ reference: booking.reference });
  });

  it('keeps the hold when the card is declined, charges nothing, and books with another card', async () => {
    const { showtime, seats, user, hold } = await heldShow(2);
    const err = await failure(checkout({ userId: user.id, holdId: hold.holdId, payment: DECLINED }));
    expect([err.status, err.code]).toEqual([402, 'PAYMENT_DECLINED']);
    expect(err.details).toEqual({ declineCode: 'card_declined', seatsReleased: false });
    expect(err.message).toMatch(/still held for you/);
    expect(await chargesFor(hold.holdId)).toEqual([
      { status: 'FAILED', amountMinor: hold.price.totalMinor, bookingId: null },
    ]);
    // Nobody else can take the seats meanwhile.
    const other = await createUser();
    await expect(
      holdSeats({ userId: other.id, showtimeId: showtime.id, seatIds: [seats[0]!.id] }),
    ).rejects.toMatchObject({ code: 'SEATS_UNAVAILABLE' });
    // Another card books the same hold.
    const { booking } = await checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS });
    expect(booking.tickets.map((t) => t.seat.label).sort()).toEqual(hold.seats.map((s) => s.label).sort());

    const second = await heldShow(1);
    const noFunds = await failure(
      checkout({ userId: second.user.id, holdId: second.hold.holdId, payment: NO_FUNDS }),
    );
    expect(noFunds.details).toMatchObject({ declineCode: 'insufficient_funds', seatsReleased: false });
    expect(noFunds.message).toMatch(/insufficient funds/);
  });

  it(`releases the seats on a hold's ${MAX_DECLINES}th declined card, so declines cannot keep seats off sale`, async () => {
    const { showtime, seats, user, hold } = await heldShow(2);
    for (let n = 1; n < MAX_DECLINES; n++) {
      const err = await failure(checkout({ userId: user.id, holdId: hold.holdId, payment: DECLINED }));
      expect(err.details).toEqual({ declineCode: 'card_declined', seatsReleased: false });
    }
    const last = await failure(checkout({ userId: user.id, holdId: hold.holdId, payment: DECLINED }));
    expect(last.details).toEqual({ declineCode: 'card_declined', seatsReleased: true });
    expect(last.message).toMatch(/released/);
    expect((await chargesFor(hold.holdId)).map((c) => c.status)).toEqual(Array(MAX_DECLINES).fill('FAILED'));
    // Someone else can take the seats straight away.
    const other = await createUser();
    const again = await holdSeats({
      userId: other.id,
      showtimeId: showtime.id,
      seatIds: [seats[0]!.id, seats[1]!.id],
    });
    expect(again.seats).toHaveLength(2);
    const gone = await failure(checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS }));
    expect(gone.code).toMatch(/^HOLD_(EXPIRED|NOT_ACTIVE)$/);
  });

  it('refuses an expired hold cleanly and charges nothing', async () => {
    const { user, hold } = await heldShow(1);
    await db()
      .$executeRaw`UPDATE seat_holds SET expires_at = now() - interval '1 second' WHERE id = ${hold.holdId}::uuid`;
    const before = (await sandboxLedger({ showtimeId: hold.showtimeId })).charges;
    const err = await failure(checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS }));
    expect([err.status, err.code]).toEqual([409, 'HOLD_EXPIRED']);
    expect(await chargesFor(hold.holdId)).toEqual([]);
    expect((await sandboxLedger({ showtimeId: hold.showtimeId })).charges).toBe(before);
  });

  it('never lets one user check out another user’s hold', async () => {
    const { hold } = await heldShow(1);
    const intruder = await createUser();
    const err = await failure(checkout({ userId: intruder.id, holdId: hold.holdId, payment: SUCCESS }));
    expect([err.status, err.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('with one Idempotency-Key, 10 concurrent and 2 later retries make one booking and one charge', async () => {
    const { user, hold } = await heldShow(2);
    const key = randomUUID();
    const before = (await sandboxLedger({ showtimeId: hold.showtimeId })).charges;
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS, idempotencyKey: key }),
      ),
    );
    const ok = attempts.filter((a) => a.status === 'fulfilled') as PromiseFulfilledResult<
      Awaited<ReturnType<typeof checkout>>
    >[];
    const refused = (attempts.filter((a) => a.status === 'rejected') as PromiseRejectedResult[]).map((a) =>
      toAppError(a.reason),
    );
    expect(ok.length).toBeGreaterThanOrEqual(1);
    // Concurrent duplicates are told the first is still running; nothing else.
    expect(refused.every((e) => e.code === 'IDEMPOTENCY_CONFLICT' && e.status === 409)).toBe(true);
    const refs = new Set(ok.map((o) => o.value.booking.reference));
    expect(refs.size).toBe(1);

    const replays = [
      await checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS, idempotencyKey: key }),
      await checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS, idempotencyKey: key }),
    ];
    for (const r of replays) {
      expect(r.replayed).toBe(true);
      expect(r.status).toBe(201);
      expect(r.booking.reference).toBe([...refs][0]);
    }
    expect((await sandboxLedger({ showtimeId: hold.showtimeId })).charges - before).toBe(1);
    expect(await db().booking.count({ where: { holdId: hold.holdId } })).toBe(1);
    expect((await chargesFor(hold.holdId)).filter((p) => p.status === 'SUCCEEDED')).toHaveLength(1);

    const reused = await failure(
      checkout({
        userId: user.id,
        holdId: hold.holdId,
        payment: card('5555 5555 5555 4444'),
        idempotencyKey: key,
      }),
    );
    expect(reused.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('applies a promo code once per user and records its redemption', async () => {
    const code = `TEST${Date.now() % 100_000}`;
    await db().promoCode.create({
      data: {
        code,
        description: '20% off',
        kind: 'PERCENT',
        value: 2000,
        validFrom: new Date(Date.now() - 60_000),
        validUntil: new Date(Date.now() + 3_600_000),
        maxPerUser: 1,
      },
    });
    const { showtime, seats, user, hold } = await heldShow(2);
    const { booking } = await checkout({
      userId: user.id,
      holdId: hold.holdId,
      payment: SUCCESS,
      promoCode: code.toLowerCase(),
    });
    expect(booking.price.discount).toMatchObject({
      code,
      amountMinor: Math.round(hold.price.subtotalMinor * 0.2),
    });
    expect(booking.totalMinor).toBeLessThan(hold.price.totalMinor);
    expect(booking.totalMinor).toBe(
      booking.price.subtotalMinor -
        booking.price.discount!.amountMinor +
        booking.price.feeMinor +
        booking.price.taxMinor,
    );
    const promo = await db().promoCode.findUniqueOrThrow({ where: { code } });
    expect(promo.redemptionCount).toBe(1);

    const second = await holdSeats({
      userId: user.id,
      showtimeId: showtime.id,
      seatIds: [seats[2]!.id, seats[3]!.id],
    });
    const err = await failure(
      checkout({ userId: user.id, holdId: second.holdId, payment: SUCCESS, promoCode: code }),
    );
    expect([err.status, err.code]).toEqual([422, 'PROMO_INVALID']);
    expect(err.details).toEqual({ reason: 'per-user-limit' });
  });

  it('checkout racing the expiry sweep: either a booking or a clean refusal, never money without seats', async () => {
    for (let round = 0; round < 12; round++) {
      const { user, hold } = await heldShow(1);
      // Expire the hold a few milliseconds from now and let the sweep and checkout race.
      await db()
        .$executeRaw`UPDATE seat_holds SET expires_at = now() + interval '15 milliseconds' WHERE id = ${hold.holdId}::uuid`;
      await db()
        .$executeRaw`UPDATE seat_claims SET expires_at = now() + interval '15 milliseconds' WHERE hold_id = ${hold.holdId}::uuid`;
      await new Promise((r) => setTimeout(r, round % 4 === 0 ? 20 : round % 3));
      const [co] = await Promise.allSettled([
        checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS }),
        expireHolds(),
        expireHolds(),
      ]);
      const payments = await chargesFor(hold.holdId);
      const claims = await db().seatClaim.findMany({
        where: { holdId: hold.holdId },
        select: { state: true },
      });
      if (co.status === 'fulfilled') {
        expect(claims.map((c) => c.state)).toEqual(['SOLD']);
        expect(payments).toEqual([expect.objectContaining({ status: 'SUCCEEDED' })]);
      } else {
        expect(toAppError(co.reason).code).toBe('HOLD_EXPIRED');
        expect(claims.map((c) => c.state)).not.toContain('SOLD');
        // Refused before charging, or charged and reversed in full: never kept.
        expect(payments.every((p) => p.status !== 'SUCCEEDED' && p.bookingId === null)).toBe(true);
      }
    }
  });
});
