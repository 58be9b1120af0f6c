import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiTokenOp } from '@/server/api/operations/auth';
import {
  cancelBookingOp,
  downloadCalendarOp,
  downloadTicketsOp,
  getBookingOp,
  listBookingsOp,
} from '@/server/api/operations/bookings';
import { checkoutHoldOp, releaseHoldOp } from '@/server/api/operations/holds';
import { quotePriceOp } from '@/server/api/operations/pricing';
import { cancelShowtimeOp, getSeatMapOp, holdSeatsOp } from '@/server/api/operations/showtimes';
import { expireHoldsOp, stripeWebhookOp } from '@/server/api/operations/system';
import { hashPassword } from '@/server/auth/password';
import { db } from '@/server/db';
import { refreshEnv } from '@/server/env';
import { bearerFor, call, strongBearerFor } from '../support/api';
import { createBookableShowtime, createUser } from '../support/factories';

const SUCCESS = {
  method: 'card',
  card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
};
const DECLINED = {
  method: 'card',
  card: { number: '4000000000000002', expMonth: 12, expYear: 2031, cvc: '123' },
};

type ErrorBody = { error: { code: string; message: string; details?: unknown } };
const err = (r: { body: unknown }) => (r.body as ErrorBody).error;

let world: Awaited<ReturnType<typeof createBookableShowtime>>;
let alice: { id: string; token: string };
let bob: { id: string; token: string };

beforeAll(async () => {
  world = await createBookableShowtime({ rows: 3, cols: 8 });
  const a = await createUser();
  const b = await createUser();
  alice = { id: a.id, token: await bearerFor(a) };
  bob = { id: b.id, token: await bearerFor(b) };
});

describe('POST /api/v1/auth/token', () => {
  it('issues a bearer token for the right password and a uniform 401 otherwise', async () => {
    const email = `api-${randomUUID().slice(0, 8)}@test.local`;
    await db().user.create({
      data: {
        name: 'API',
        email,
        // Unverified accounts cannot sign in (server/auth/sign-in.ts).
        emailVerifiedAt: new Date(),
        credential: { create: { passwordHash: await hashPassword('correct horse battery') } },
      },
    });
    const ok = await call(createApiTokenOp, {
      method: 'POST',
      body: { email: email.toUpperCase(), password: 'correct horse battery' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^mrt_/),
      refreshExpiresIn: 30 * 86_400,
    });
    const me = await call(listBookingsOp, { token: (ok.body as { accessToken: string }).accessToken });
    expect(me.status).toBe(200);

    const wrong = await call(createApiTokenOp, { method: 'POST', body: { email, password: 'nope' } });
    const nobody = await call(createApiTokenOp, {
      method: 'POST',
      body: { email: 'nobody@test.local', password: 'nope' },
    });
    for (const r of [wrong, nobody]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        error: { code: 'INVALID_CREDENTIALS', message: 'That email and password do not match an account.' },
      });
    }
  });

  it('answers bad input with a 4xx envelope, never a 500', async () => {
    const cases = [
      [await call(createApiTokenOp, { method: 'POST', body: '{"email":' }), 400, 'BAD_REQUEST'],
      [
        await call(createApiTokenOp, { method: 'POST', body: { email: 'not-an-email', password: 'x' } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        await call(createApiTokenOp, {
          method: 'POST',
          body: 'email=a',
          headers: { 'content-type': 'text/plain' },
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        await call(createApiTokenOp, {
          method: 'POST',
          body: { email: 'a@b.cd', password: 'x'.repeat(40_000) },
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
    ] as const;
    for (const [r, status, code] of cases) {
      expect(r.status).toBe(status);
      expect(err(r).code).toBe(code);
    }
  });
});

describe('seats and holds', () => {
  it('shows the seat map to anyone, with its row versions, and marks the caller’s own seats', async () => {
    const anon = await call(getSeatMapOp, { params: { id: world.showtime.id } });
    expect(anon.status).toBe(200);
    const map = anon.body as {
      versions: Record<string, number>;
      seats: { id: string; state: string; mine: boolean }[];
    };
    expect(map.seats).toHaveLength(24);
    expect(map.seats.every((s) => s.state === 'available' && !s.mine)).toBe(true);

    const created = await call(holdSeatsOp, {
      method: 'POST',
      params: { id: world.showtime.id },
      body: { seatIds: [world.seats[0]!.id, world.seats[1]!.id] },
      token: alice.token,
    });
    expect(created.status).toBe(201);
    const mine = await call(getSeatMapOp, { params: { id: world.showtime.id }, token: alice.token });
    const theirs = await call(getSeatMapOp, { params: { id: world.showtime.id }, token: bob.token });
    const mineSeats = (mine.body as typeof map).seats.filter((s) => s.mine).map((s) => s.id);
    expect(mineSeats).toEqual([world.seats[0]!.id, world.seats[1]!.id]);
    expect((theirs.body as typeof map).seats.filter((s) => s.state === 'held' && !s.mine)).toHaveLength(2);
    // Both seats are in the first row: its version moved on by one.
    expect((mine.body as typeof map).versions['0']).toBe((map.versions['0'] ?? 0) + 1);

    expect((await call(getSeatMapOp, { params: { id: randomUUID() } })).status).toBe(404);
    expect(err(await call(getSeatMapOp, { params: { id: 'not-a-uuid' } })).code).toBe('VALIDATION_FAILED');
  });

  it('requires sign-in, validates the selection, and names taken seats in a 409', async () => {
    const path = { params: { id: world.showtime.id }, method: 'POST' };
    expect((await call(holdSeatsOp, { ...path, body: { seatIds: [world.seats[5]!.id] } })).status).toBe(401);
    const dup = await call(holdSeatsOp, {
      ...path,
      body: { seatIds: [world.seats[5]!.id, world.seats[5]!.id] },
      token: bob.token,
    });
    expect([dup.status, err(dup).code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(JSON.stringify(err(dup).details)).toContain('each seat may appear only once');
    const eleven = world.seats.slice(0, 11).map((s) => s.id);
    expect((await call(holdSeatsOp, { ...path, body: { seatIds: eleven }, token: bob.token })).status).toBe(
      400,
    );
    const taken = await call(holdSeatsOp, {
      ...path,
      body: { seatIds: [world.seats[0]!.id] },
      token: bob.token,
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: 'SEATS_UNAVAILABLE', details: { labels: ['A1'] } } });
  });

  it('lets only the owner release a hold; releasing twice is fine', async () => {
    const created = await call(holdSeatsOp, {
      method: 'POST',
      params: { id: world.showtime.id },
      body: { seatIds: [world.seats[8]!.id] },
      token: bob.token,
    });
    const holdId = (created.body as { holdId: string }).holdId;
    expect(
      (await call(releaseHoldOp, { method: 'DELETE', params: { id: holdId }, token: alice.token })).status,
    ).toBe(404);
    expect(
      (await call(releaseHoldOp, { method: 'DELETE', params: { id: holdId }, token: bob.token })).status,
    ).toBe(204);
    expect(
      (await call(releaseHoldOp, { method: 'DELETE', params: { id: holdId }, token: bob.token })).status,
    ).toBe(204);
  });
});

describe('checkout, bookings, documents and cancellation', () => {
  it('runs the whole lifecycle over REST', async () => {
    const created = await call(holdSeatsOp, {
      method: 'POST',
      params: { id: world.showtime.id },
      body: { seatIds: [world.seats[16]!.id, world.seats[17]!.id] },
      token: bob.token,
    });
    const holdId = (created.body as { holdId: string }).holdId;

    const q = await call(quotePriceOp, {
      method: 'POST',
      body: { showtimeId: world.showtime.id, seatIds: [world.seats[20]!.id, world.seats[21]!.id] },
      token: bob.token,
    });
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ currency: 'INR', seats: [{ label: 'C5' }, { label: 'C6' }] });
    const badPromo = await call(quotePriceOp, {
      method: 'POST',
      body: { showtimeId: world.showtime.id, seatIds: [world.seats[20]!.id], promoCode: 'NOSUCHCODE' },
      token: bob.token,
    });
    expect([badPromo.status, err(badPromo).code]).toEqual([422, 'PROMO_INVALID']);

    const noPayment = await call(checkoutHoldOp, {
      method: 'POST',
      params: { id: holdId },
      body: {},
      token: bob.token,
    });
    expect([noPayment.status, err(noPayment).code]).toEqual([400, 'VALIDATION_FAILED']);
    const badKey = await call(checkoutHoldOp, {
      method: 'POST',
      params: { id: holdId },
      body: { payment: SUCCESS },
      token: bob.token,
      headers: { 'idempotency-key': 'x' },
    });
    expect(badKey.status).toBe(400);

    const key = randomUUID();
    const paid = await call(checkoutHoldOp, {
      method: 'POST',
      params: { id: holdId },
      body: { payment: SUCCESS },
      token: bob.token,
      headers: { 'idempotency-key': key },
    });
    expect(paid.status).toBe(201);
    const ref = (paid.body as { reference: string }).reference;
    const replay = await call(checkoutHoldOp, {
      method: 'POST',
      params: { id: holdId },
      body: { payment: SUCCESS },
      token: bob.token,
      headers: { 'idempotency-key': key },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((replay.body as { reference: string }).reference).toBe(ref);

    const list = await call(listBookingsOp, { path: '/api/v1/bookings?scope=upcoming', token: bob.token });
    expect((list.body as { bookings: { reference: string }[] }).bookings.map((b) => b.reference)).toContain(
      ref,
    );
    expect((await call(getBookingOp, { params: { reference: ref }, token: bob.token })).status).toBe(200);
    expect(
      (await call(getBookingOp, { params: { reference: ref.toLowerCase() }, token: bob.token })).status,
    ).toBe(200);
    // Another customer cannot see it: 404, not 403, so references cannot be probed.
    expect((await call(getBookingOp, { params: { reference: ref }, token: alice.token })).status).toBe(404);
    const staff = await createUser({ role: 'STAFF' });
    await db().cinemaStaff.create({
      data: { userId: staff.id, cinemaId: world.screen.cinemaId, role: 'STAFF' },
    });
    expect(
      (await call(getBookingOp, { params: { reference: ref }, token: await bearerFor(staff) })).status,
    ).toBe(200);

    const file = await call(downloadTicketsOp, { params: { reference: ref }, token: bob.token });
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(String(file.body).startsWith('%PDF')).toBe(true);
    const cal = await call(downloadCalendarOp, { params: { reference: ref }, token: bob.token });
    expect(cal.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(String(cal.body)).toContain(`UID:${ref}@marquee`);

    const done = await call(cancelBookingOp, {
      method: 'POST',
      params: { reference: ref },
      body: {},
      token: bob.token,
    });
    expect(done.status).toBe(200);
    const result = done.body as {
      booking: { status: string; totalMinor: number; price: { feeMinor: number; feeTaxMinor: number } };
      refund: { amountMinor: number; status: string };
    };
    expect(result.booking.status).toBe('CANCELLED');
    expect(result.refund).toEqual({
      amountMinor:
        result.booking.totalMinor - result.booking.price.feeMinor - result.booking.price.feeTaxMinor,
      status: 'SUCCEEDED',
    });
    const again = await call(cancelBookingOp, {
      method: 'POST',
      params: { reference: ref },
      body: {},
      token: bob.token,
    });
    expect([again.status, err(again).code]).toEqual([422, 'CANCELLATION_CLOSED']);
    const gone = await call(downloadTicketsOp, { params: { reference: ref }, token: bob.token });
    expect(gone.status).toBe(409);
    // A cancelled booking is no longer "upcoming": it is listed as cancelled until the show.
    const refsOf = async (scope: string) =>
      (
        (await call(listBookingsOp, { path: `/api/v1/bookings?scope=${scope}`, token: bob.token })).body as {
          bookings: { reference: string; status: string }[];
        }
      ).bookings.map((b) => `${b.reference} ${b.status}`);
    expect(await refsOf('upcoming')).not.toContain(`${ref} CANCELLED`);
    expect(await refsOf('cancelled')).toContain(`${ref} CANCELLED`);
    expect(await refsOf('all')).toContain(`${ref} CANCELLED`);
  });

  it('answers a declined card with 402 and keeps the seats held for another card', async () => {
    const created = await call(holdSeatsOp, {
      method: 'POST',
      params: { id: world.showtime.id },
      body: { seatIds: [world.seats[22]!.id, world.seats[23]!.id] },
      token: alice.token,
    });
    const holdId = (created.body as { holdId: string }).holdId;
    const declined = await call(checkoutHoldOp, {
      method: 'POST',
      params: { id: holdId },
      body: { payment: DECLINED },
      token: alice.token,
    });
    expect(declined.status).toBe(402);
    expect(err(declined)).toMatchObject({
      code: 'PAYMENT_DECLINED',
      details: { declineCode: 'card_declined', seatsReleased: false },
    });
    const map = await call(getSeatMapOp, { params: { id: world.showtime.id }, token: alice.token });
    const states = (map.body as { seats: { id: string; state: string }[] }).seats;
    expect(states.find((s) => s.id === world.seats[22]!.id)?.state).not.toBe('available');
    const paid = await call(checkoutHoldOp, {
      method: 'POST',
      params: { id: holdId },
      body: { payment: SUCCESS },
      token: alice.token,
    });
    expect(paid.status).toBe(201);
  });
});

describe('showtime cancellation, cron and webhooks', () => {
  it('lets only a manager of the cinema (or an admin) cancel a showtime, refunding every booking', async () => {
    const show = await createBookableShowtime({ rows: 1, cols: 4 });
    const buyer = await createUser();
    const buyerToken = await bearerFor(buyer);
    const h = await call(holdSeatsOp, {
      method: 'POST',
      params: { id: show.showtime.id },
      body: { seatIds: show.seats.slice(0, 2).map((s) => s.id) },
      token: buyerToken,
    });
    const paid = await call(checkoutHoldOp, {
      method: 'POST',
      params: { id: (h.body as { holdId: string }).holdId },
      body: { payment: SUCCESS },
      token: buyerToken,
    });
    const ref = (paid.body as { reference: string }).reference;

    const body = { reason: 'Projector failure' };
    const params = { id: show.showtime.id };
    expect((await call(cancelShowtimeOp, { method: 'POST', params, body, token: buyerToken })).status).toBe(
      403,
    );
    const otherManager = await createUser({ role: 'MANAGER' });
    expect(
      (await call(cancelShowtimeOp, { method: 'POST', params, body, token: await bearerFor(otherManager) }))
        .status,
    ).toBe(403);
    const manager = await createUser({ role: 'MANAGER' });
    await db().cinemaStaff.create({
      data: { userId: manager.id, cinemaId: show.screen.cinemaId, role: 'MANAGER' },
    });
    // A manager without two-factor authentication may not; with it, they may.
    const weak = await call(cancelShowtimeOp, {
      method: 'POST',
      params,
      body,
      token: await bearerFor(manager),
    });
    expect([weak.status, err(weak).code]).toEqual([403, 'FORBIDDEN']);
    const ok = await call(cancelShowtimeOp, {
      method: 'POST',
      params,
      body,
      token: await strongBearerFor(manager),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      bookingsCancelled: 1,
      holdsReleased: 0,
      refundsSucceeded: 1,
      refundsPending: 0,
    });
    const b = (await call(getBookingOp, { params: { reference: ref }, token: buyerToken })).body as {
      status: string;
      totalMinor: number;
      refunds: { amountMinor: number; status: string }[];
    };
    expect(b.status).toBe('CANCELLED');
    expect(b.refunds).toEqual([expect.objectContaining({ amountMinor: b.totalMinor, status: 'SUCCEEDED' })]);
    const audit = await db().auditLog.findFirst({
      where: { action: 'showtime.cancel', entityId: show.showtime.id },
    });
    expect(audit).toMatchObject({ actorId: manager.id, actorRole: 'MANAGER' });
    const more = await call(holdSeatsOp, {
      method: 'POST',
      params,
      body: { seatIds: [show.seats[3]!.id] },
      token: buyerToken,
    });
    expect(more.status).toBe(422);
  });

  it('never authorizes the cron route without a configured secret, and accepts only the right bearer', async () => {
    const saved = process.env.CRON_SECRET;
    try {
      delete process.env.CRON_SECRET;
      refreshEnv();
      expect((await call(expireHoldsOp, { method: 'POST' })).status).toBe(401);
      expect(
        (await call(expireHoldsOp, { method: 'POST', headers: { authorization: 'Bearer ' } })).status,
      ).toBe(401);
      expect(
        (await call(expireHoldsOp, { method: 'POST', headers: { authorization: 'Bearer undefined' } }))
          .status,
      ).toBe(401);
      process.env.CRON_SECRET = 'cron-secret-for-tests-0123456789';
      refreshEnv();
      expect(
        (
          await call(expireHoldsOp, {
            method: 'POST',
            headers: { authorization: 'Bearer wrong-secret-0123456789' },
          })
        ).status,
      ).toBe(401);
      const ok = await call(expireHoldsOp, {
        method: 'POST',
        headers: { authorization: 'Bearer cron-secret-for-tests-0123456789' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ holds: expect.any(Number), showtimes: expect.any(Number) });
    } finally {
      if (saved === undefined) delete process.env.CRON_SECRET;
      else process.env.CRON_SECRET = saved;
      refreshEnv();
    }
  });

  it('refuses Stripe webhooks when Stripe is not configured', async () => {
    const r = await call(stripeWebhookOp, {
      method: 'POST',
      body: { type: 'payment_intent.succeeded' },
      headers: { 'stripe-signature': 't=1,v1=x' },
    });
    expect([r.status, err(r).code]).toEqual([404, 'NOT_FOUND']);
  });
});
