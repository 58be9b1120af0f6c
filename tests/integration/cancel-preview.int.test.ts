import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { previewCancelShowtimeOp } from '@/server/api/operations/showtimes';
import type { Viewer } from '@/server/auth/session';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { checkout } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { db } from '@/server/db';
import { call, strongBearerFor } from '../support/api';
import { createBookableShowtime, createUser } from '../support/factories';

// Cancelling a show says first how many bookings and how much money it refunds: the preview's
// totals are the ones the cancellation then refunds, and reading it changes nothing.

const SUCCESS = {
  method: 'card' as const,
  card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
};

async function book(showtimeId: string, seatIds: string[]) {
  const buyer = await createUser();
  const hold = await holdSeats({ userId: buyer.id, showtimeId, seatIds });
  return checkout({ userId: buyer.id, holdId: hold.holdId, payment: SUCCESS, idempotencyKey: randomUUID() });
}

describe('the preview of cancelling a showtime', () => {
  it('counts the bookings, tickets and money the cancellation then refunds, and changes nothing', async () => {
    const world = await createBookableShowtime({ startsAt: new Date(Date.now() + 3 * 3_600_000) });
    const ids = world.seats.map((s) => s.id);
    await book(world.showtime.id, ids.slice(0, 2));
    await book(world.showtime.id, ids.slice(6, 9));
    const cancelledBooking = await book(world.showtime.id, ids.slice(12, 13));
    await db().booking.update({
      where: { reference: cancelledBooking.booking.reference },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    const chooser = await createUser();
    await holdSeats({ userId: chooser.id, showtimeId: world.showtime.id, seatIds: [ids[4]!, ids[5]!] });

    const user = await createUser({ role: 'MANAGER' });
    await db().cinemaStaff.create({
      data: { userId: user.id, cinemaId: world.screen.cinemaId, role: 'MANAGER' },
    });
    const manager: Viewer = {
      id: user.id,
      name: user.name,
      email: user.email,
      role: 'MANAGER',
      staffCinemaIds: [world.screen.cinemaId],
      managedCinemaIds: [world.screen.cinemaId],
    };

    const expected = await db().$queryRaw<{ n: number; total: bigint }[]>`
      SELECT count(*)::int AS n, sum(total_minor) AS total FROM bookings
      WHERE showtime_id = ${world.showtime.id}::uuid AND status = 'CONFIRMED'`;
    const preview = await call(previewCancelShowtimeOp, {
      params: { id: world.showtime.id },
      token: await strongBearerFor(user),
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      showtimeId: world.showtime.id,
      bookings: 2,
      tickets: 5,
      refundMinor: Number(expected[0]!.total),
      holds: 1,
    });
    expect(expected[0]!.n).toBe(2);
    expect(Number(expected[0]!.total)).toBeGreaterThan(0);
    expect(
      await db().showtime.findUniqueOrThrow({ where: { id: world.showtime.id }, select: { status: true } }),
    ).toEqual({ status: 'SCHEDULED' });

    const done = await cancelShowtime({
      showtimeId: world.showtime.id,
      viewer: manager,
      reason: 'Projector failure',
    });
    expect(done.bookingsCancelled).toBe(2);
    expect(done.holdsReleased).toBe(1);
    const refunded = await db().$queryRaw<{ total: bigint }[]>`
      SELECT sum(r.amount_minor) AS total FROM refunds r JOIN bookings b ON b.id = r.booking_id
      WHERE b.showtime_id = ${world.showtime.id}::uuid`;
    expect(Number(refunded[0]!.total)).toBe((preview.body as { refundMinor: number }).refundMinor);

    const after = await call(previewCancelShowtimeOp, {
      params: { id: world.showtime.id },
      token: await strongBearerFor(user),
    });
    expect(after.status).toBe(409);
  });
});
