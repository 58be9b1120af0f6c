import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { holdSeatsOp } from '@/server/api/operations/showtimes';
import { bearerFor, call } from '../support/api';
import { createBookableShowtime, createUser } from '../support/factories';

// Server actions read the caller from the request headers (next/headers). Outside a Next request
// the test provides those headers; everything after that (session decoding, validation, the
// use cases, PostgreSQL) is the real thing.
let requestHeaders = new Headers();
vi.mock('next/headers', () => ({ headers: async () => requestHeaders }));

const { checkoutAction, quoteHoldAction } = await import('@/server/actions/checkout');
const { cancelBookingAction } = await import('@/server/actions/bookings');

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
    // The seat picker holds through REST; the checkout page goes on with actions.
    const held = await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [seats[0]!.id, seats[1]!.id] },
      token: await bearerFor(user),
    });
    expect(held.status).toBe(201);
    const holdId = (held.body as { holdId: string }).holdId;

    const quote = await quoteHoldAction({ holdId, promoCode: 'nosuch' });
    expect(quote).toMatchObject({ ok: false, error: { code: 'PROMO_INVALID' } });

    const paid = await checkoutAction({
      holdId,
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
    const holdId = randomUUID();
    expect(await quoteHoldAction({ holdId })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    await signInAs(await createUser());
    const bad = await checkoutAction({ holdId: 'nope', payment: SUCCESS } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await quoteHoldAction({ holdId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
