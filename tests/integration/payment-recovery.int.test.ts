import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentInput } from '@/lib/schemas/booking';
import { checkout } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { reconcilePayments } from '@/server/booking/reconcile-payments';
import { db } from '@/server/db';
import { toAppError } from '@/server/http/errors';
import { PAYMENT_PROVIDER, paymentProvider } from '@/server/payments';
import type { PaymentProvider } from '@/server/payments/provider';
import { sandboxLedger } from '@/server/payments/sandbox';
import { setSingleton } from '@/server/singleton';
import { createBookableShowtime, createCinema, createUser } from '../support/factories';

// What a crash mid-checkout leaves behind, and how it is put right (issue: "a crash mid-checkout
// loses nothing and leaves no one stuck"). A request that dies is played by a provider whose
// charge never returns, after charging the card or before: exactly the state a kill -9 at that
// point leaves in the database (the drill bench/drills/crash.ts does it with real processes).

const SUCCESS: PaymentInput = {
  method: 'card',
  card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2031, cvc: '123' },
};

const real = paymentProvider();
afterEach(() => {
  setSingleton(PAYMENT_PROVIDER, real);
});

/** The request dies inside the charge: after the card was charged, or before it was. */
function dyingProvider(chargeFirst: boolean): { provider: PaymentProvider; reached: Promise<void> } {
  let reached!: () => void;
  const done = new Promise<void>((r) => {
    reached = r;
  });
  return {
    reached: done,
    provider: {
      ...real,
      async charge(request) {
        if (chargeFirst) await real.charge(request);
        reached();
        return new Promise(() => {}); // never answers: the process is gone
      },
    },
  };
}

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return toAppError(e);
  }
  throw new Error('expected a failure');
}

async function heldShow(seatCount = 2, cinemaId?: string) {
  const { showtime, seats } = await createBookableShowtime(cinemaId ? { cinemaId } : {});
  const user = await createUser();
  const hold = await holdSeats({
    userId: user.id,
    showtimeId: showtime.id,
    seatIds: seats.slice(0, seatCount).map((s) => s.id),
  });
  return { showtime, seats, user, hold };
}

/** What the dead request left: its idempotency lease and its payment, made old enough to be dead. */
async function ageOut(holdId: string, key?: string) {
  await db().$executeRaw`
    UPDATE payments SET updated_at = now() - interval '5 minutes' WHERE hold_id = ${holdId}::uuid AND status = 'PENDING'`;
  if (key) {
    await db().$executeRaw`
      UPDATE idempotency_keys SET lease_expires_at = now() - interval '1 second' WHERE key = ${key}`;
  }
}

describe('a crash mid-checkout', () => {
  it('after the charge: a retry with the same Idempotency-Key gets the booking (409 only while the lease runs)', async () => {
    const { user, hold, showtime } = await heldShow(2);
    const key = randomUUID();
    const dying = dyingProvider(true);
    setSingleton(PAYMENT_PROVIDER, dying.provider);
    void checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS, idempotencyKey: key });
    await dying.reached;
    setSingleton(PAYMENT_PROVIDER, real);

    // The restarted server: the first request's lease has not run out yet.
    const early = await failure(
      checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS, idempotencyKey: key }),
    );
    expect([early.code, (early.details as { reason?: string }).reason]).toEqual([
      'IDEMPOTENCY_CONFLICT',
      'in-progress',
    ]);
    expect(early.retryAfter).toBeGreaterThanOrEqual(1);

    await ageOut(hold.holdId, key);
    const retried = await checkout({
      userId: user.id,
      holdId: hold.holdId,
      payment: SUCCESS,
      idempotencyKey: key,
    });
    expect(retried.booking).toMatchObject({ status: 'CONFIRMED', totalMinor: hold.price.totalMinor });
    expect(retried.booking.tickets).toHaveLength(2);
    // And again: the stored outcome.
    const replay = await checkout({
      userId: user.id,
      holdId: hold.holdId,
      payment: SUCCESS,
      idempotencyKey: key,
    });
    expect([replay.replayed, replay.booking.reference]).toEqual([true, retried.booking.reference]);
    expect(await sandboxLedger({ showtimeId: showtime.id })).toMatchObject({ charges: 1, refunds: 0 });
    expect(await db().booking.count({ where: { holdId: hold.holdId } })).toBe(1);
  });

  it('after the charge, with no retry: the reconciler makes the booking and the customer is emailed', async () => {
    const { user, hold, showtime } = await heldShow(1);
    const dying = dyingProvider(true);
    setSingleton(PAYMENT_PROVIDER, dying.provider);
    void checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS });
    await dying.reached;
    setSingleton(PAYMENT_PROVIDER, real);

    // Not yet stale: the reconciler leaves a payment whose request may still be running.
    await reconcilePayments();
    expect(await db().payment.count({ where: { holdId: hold.holdId, status: 'PENDING' } })).toBe(1);
    await ageOut(hold.holdId);
    const outcome = await reconcilePayments();
    expect(outcome.booked).toBeGreaterThanOrEqual(1);
    const booking = await db().booking.findUniqueOrThrow({
      where: { holdId: hold.holdId },
      select: { reference: true, status: true, _count: { select: { tickets: true } } },
    });
    expect(booking).toMatchObject({ status: 'CONFIRMED', _count: { tickets: 1 } });
    expect(
      await db().notificationOutbox.count({
        where: { kind: 'booking.confirmed', recipient: user.email ?? '' },
      }),
    ).toBe(1);
    expect(await sandboxLedger({ showtimeId: showtime.id })).toMatchObject({ charges: 1, refunds: 0 });
  });

  it('before the charge: the payment is closed as abandoned, the promo use given back, and the hold can be paid again', async () => {
    const cinema = await createCinema();
    const code = `CRASH${Date.now() % 1_000_000}`;
    await db().promoCode.create({
      data: {
        code,
        description: 'one use only',
        kind: 'FIXED',
        value: 5_000,
        validFrom: new Date(Date.now() - 60_000),
        validUntil: new Date(Date.now() + 86_400_000),
        maxRedemptions: 1,
        cinemaId: cinema.id,
      },
    });
    const { user, hold, showtime } = await heldShow(2, cinema.id);
    const dying = dyingProvider(false);
    setSingleton(PAYMENT_PROVIDER, dying.provider);
    void checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS, promoCode: code });
    await dying.reached;
    setSingleton(PAYMENT_PROVIDER, real);
    // The reserved use counts while the payment is open: nobody else can take the last one.
    expect((await db().promoCode.findUniqueOrThrow({ where: { code } })).redemptionCount).toBe(1);
    // While it is open the hold cannot be replaced from under it.
    const replace = await failure(
      holdSeats({ userId: user.id, showtimeId: showtime.id, seatIds: [hold.seats[0]!.id] }),
    );
    expect(replace.code).toBe('PAYMENT_PENDING');

    await ageOut(hold.holdId);
    expect(await reconcilePayments()).toMatchObject({ failed: expect.any(Number) });
    const [closed] = await db().payment.findMany({
      where: { holdId: hold.holdId },
      select: { status: true, failureCode: true },
    });
    expect(closed).toEqual({ status: 'FAILED', failureCode: 'abandoned' });
    expect((await db().promoCode.findUniqueOrThrow({ where: { code } })).redemptionCount).toBe(0);
    expect(await db().promoRedemption.count({ where: { promoCode: { code } } })).toBe(0);

    const paid = await checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS, promoCode: code });
    expect(paid.booking.price.discount?.amountMinor).toBe(5_000);
    expect(await sandboxLedger({ showtimeId: showtime.id })).toMatchObject({ charges: 1, refunds: 0 });
    expect((await db().promoCode.findUniqueOrThrow({ where: { code } })).redemptionCount).toBe(1);
  });

  it('a charge whose answer is lost still books, in the same request', async () => {
    const { user, hold, showtime } = await heldShow(1);
    setSingleton<PaymentProvider>(PAYMENT_PROVIDER, {
      ...real,
      async charge(request) {
        await real.charge(request);
        throw new Error('socket hang up');
      },
    });
    const done = await checkout({ userId: user.id, holdId: hold.holdId, payment: SUCCESS });
    expect(done.booking.status).toBe('CONFIRMED');
    expect(await sandboxLedger({ showtimeId: showtime.id })).toMatchObject({ charges: 1, refunds: 0 });
  });
});

describe('checkouts under contention', () => {
  it('never reverse a charge: 16 customers on 16 showtimes, 5 bookings each, all at once', async () => {
    const cinema = await createCinema({ orphanSeatRule: false });
    const customers = await Promise.all(
      Array.from({ length: 16 }, async () => {
        const { showtime, seats } = await createBookableShowtime({ cinemaId: cinema.id });
        return { user: await createUser(), showtime, seats };
      }),
    );
    const outcomes = await Promise.all(
      customers.map(async ({ user, showtime, seats }) => {
        const codes: string[] = [];
        for (let i = 0; i < 5; i++) {
          const hold = await holdSeats({ userId: user.id, showtimeId: showtime.id, seatIds: [seats[i]!.id] });
          try {
            await checkout({
              userId: user.id,
              holdId: hold.holdId,
              payment: SUCCESS,
              idempotencyKey: randomUUID(),
            });
            codes.push('ok');
          } catch (e) {
            codes.push(toAppError(e).code);
          }
        }
        return codes;
      }),
    );
    expect(outcomes.flat().filter((c) => c !== 'ok')).toEqual([]);
    const showtimeIds = customers.map((c) => c.showtime.id);
    const reversed = await db().payment.count({
      where: { status: 'REVERSED', hold: { showtimeId: { in: showtimeIds } } },
    });
    expect(reversed).toBe(0);
    expect(await db().booking.count({ where: { showtimeId: { in: showtimeIds } } })).toBe(80);
  }, 60_000);
});
