import 'server-only';
import type { BookingResponse } from '@/lib/schemas/booking';
import { bookingSelect, toBookingResponse } from '@/server/booking/booking-view';
import { db } from '@/server/db';

/** The caller's own bookings, newest show first; `cursor` is the last reference of the previous page. */
export async function listBookings(options: {
  userId: string;
  scope: 'upcoming' | 'cancelled' | 'past' | 'all';
  limit: number;
  cursor?: string;
}): Promise<{ bookings: BookingResponse[]; nextCursor: string | null }> {
  const now = new Date();
  const rows = await db().booking.findMany({
    where: {
      userId: options.userId,
      // A cancelled booking is not something to go to: it has its own list until the show starts.
      ...(options.scope === 'upcoming' ? { status: 'CONFIRMED', showtime: { startsAt: { gt: now } } } : {}),
      ...(options.scope === 'cancelled' ? { status: 'CANCELLED', showtime: { startsAt: { gt: now } } } : {}),
      ...(options.scope === 'past' ? { showtime: { startsAt: { lte: now } } } : {}),
    },
    select: bookingSelect,
    orderBy: [
      {
        showtime: {
          startsAt: options.scope === 'upcoming' || options.scope === 'cancelled' ? 'asc' : 'desc',
        },
      },
      { reference: 'asc' },
    ],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { reference: options.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, options.limit);
  return {
    bookings: page.map((b) => toBookingResponse(b, now)),
    nextCursor: rows.length > options.limit ? (page.at(-1)?.reference ?? null) : null,
  };
}
