import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bearerFor } from '../support/api';
import { createBookableShowtime, createUser } from '../support/factories';

// Server actions read the caller from the request headers (next/headers). Outside a Next request
// the test provides those headers; everything after that (session decoding, validation, the
// use cases, PostgreSQL) is the real thing.
let requestHeaders = new Headers();
vi.mock('next/headers', () => ({ headers: async () => requestHeaders }));

const { holdSeatsAction, releaseHoldAction, seatMapAction } = await import('@/app/showtimes/[id]/actions');
const { checkoutAction, quoteHoldAction } = await import('@/app/checkout/actions');
const { cancelBookingAction } = await import('@/app/bookings/actions');

const SUCCESS = {
  method: 'card' as const,
  card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
};

async function signInAs(user: { id: string }) {
  requestHeaders = new Headers({ cookie: `next-auth.session-token=${await bearerFor(user)}` });
}

beforeEach(() => {
  requestHeaders = new Headers();
});

describe('server actions', () => {
  it('run the booking lifecycle for a signed-in user through the same use cases as REST', async () => {
    const { showtime, seats } = await createBookableShowtime();
    const user = await createUser();
    await signInAs(user);
    const held = await holdSeatsAction({ showtimeId: showtime.id, seatIds: [seats[0]!.id, seats[1]!.id] });
    if (!held.ok) throw new Error(held.error.message);
    expect(held.data.seats.map((s) => s.label)).toEqual(['A1', 'A2']);

    const map = await seatMapAction({ showtimeId: showtime.id });
    expect(map.ok && map.data.myHold?.holdId).toBe(held.data.holdId);

    const quote = await quoteHoldAction({ holdId: held.data.holdId, promoCode: 'nosuch' });
    expect(quote).toMatchObject({ ok: false, error: { code: 'PROMO_INVALID' } });

    const paid = await checkoutAction({
      holdId: held.data.holdId,
      payment: SUCCESS,
      idempotencyKey: randomUUID(),
    });
    if (!paid.ok) throw new Error(paid.error.message);
    expect(paid.data.tickets).toHaveLength(2);

    const cancelled = await cancelBookingAction({ reference: paid.data.reference, reason: 'Plans changed' });
    expect(cancelled).toMatchObject({
      ok: true,
      data: { booking: { status: 'CANCELLED' }, refund: { status: 'SUCCEEDED' } },
    });
  });

  it('refuse anonymous callers and bad input with the error envelope, without throwing', async () => {
    const { showtime, seats } = await createBookableShowtime();
    expect(await holdSeatsAction({ showtimeId: showtime.id, seatIds: [seats[0]!.id] })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    await signInAs(await createUser());
    const bad = await holdSeatsAction({ showtimeId: 'nope', seatIds: [] } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await releaseHoldAction({ holdId: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
