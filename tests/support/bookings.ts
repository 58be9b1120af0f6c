import { checkout } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { db } from '@/server/db';
import { createCinema, createScreen, createShowtime, createUser } from './factories';

// Real bookings for tests of what happens after checkout (mail, invoices, reminders): a hold and
// a sandbox card payment through the real use cases, so the booking, its price and its outbox
// rows are exactly what a customer's would be.

const CARD = {
  method: 'card' as const,
  card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
};

/**
 * A cinema registered for GST in Maharashtra (GSTIN 27…), with its own city. Its orphan-seat rule
 * is off: tests book single seats side by side, one customer each.
 */
export async function createGstCinema(data: { gstin?: string | null; legalName?: string | null } = {}) {
  const cinema = await createCinema({
    orphanSeatRule: false,
    gstin: data.gstin === undefined ? '27AABCM4821K1ZF' : data.gstin,
    legalName: data.legalName === undefined ? 'Test Cinemas Private Limited' : data.legalName,
  });
  await db().city.update({ where: { id: cinema.cityId }, data: { state: 'Maharashtra' } });
  return cinema;
}

/** A showtime at the cinema with `seats` seats (rows of 10), starting at `startsAt`. */
export async function createShowAt(options: { cinemaId: string; seats?: number; startsAt?: Date }) {
  const count = options.seats ?? 10;
  const { screen, seats } = await createScreen({
    cinemaId: options.cinemaId,
    rows: Math.ceil(count / 10),
    cols: Math.min(10, count),
  });
  const showtime = await createShowtime({ screenId: screen.id, startsAt: options.startsAt });
  return { showtime, seats };
}

/** One paid booking of the given seats, by `user` (a fresh customer by default). */
export async function book(options: { showtimeId: string; seatIds: string[]; user?: { id: string } }) {
  const user = options.user ?? (await createUser({ name: 'Nisha Patel' }));
  const hold = await holdSeats({ userId: user.id, showtimeId: options.showtimeId, seatIds: options.seatIds });
  const { booking } = await checkout({ userId: user.id, holdId: hold.holdId, payment: CARD });
  const { id } = await db().booking.findUniqueOrThrow({
    where: { reference: booking.reference },
    select: { id: true },
  });
  return { ...booking, id, userId: user.id };
}
