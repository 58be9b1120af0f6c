import 'server-only';
import { AppError } from '@/lib/errors';
import type { Viewer } from '@/server/auth/session';
import { bookingView } from '@/server/booking/booking-view';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { renderBookingIcs } from '@/server/tickets/ticket-ics';
import { renderTicketsPdf } from '@/server/tickets/ticket-pdf';

// The files a customer takes away: tickets as PDF (one page per seat, with its QR code) and the
// show as a calendar event. Same access rules as the booking itself.

export async function bookingTicketsPdf(options: { reference: string; viewer: Viewer }): Promise<Uint8Array> {
  const b = await bookingView(options);
  const live = b.tickets.filter((t) => t.status !== 'CANCELLED');
  if (b.status !== 'CONFIRMED' || live.length === 0) {
    throw new AppError('CONFLICT', 'This booking was cancelled; its tickets are no longer valid.');
  }
  return renderTicketsPdf({
    reference: b.reference,
    // The name recorded on the booking, not the viewer's: staff may print a customer's tickets.
    customerName:
      (await db().booking.findUnique({ where: { reference: b.reference }, select: { customerName: true } }))
        ?.customerName ?? null,
    movie: { title: b.showtime.movie.title, certificate: b.showtime.movie.certificate },
    cinema: { name: b.showtime.cinema.name, address: b.showtime.cinema.address },
    screen: b.showtime.screen,
    startsAt: new Date(b.showtime.startsAt),
    format: b.showtime.format,
    language: b.showtime.language,
    tickets: live.map((t) => ({
      seatLabel: t.seat.label,
      category: t.seat.category,
      priceMinor: t.priceMinor,
      qr: t.qr,
    })),
    totalMinor: b.totalMinor,
    currency: b.currency,
  });
}

export async function bookingCalendar(options: { reference: string; viewer: Viewer }): Promise<string> {
  const b = await bookingView(options);
  const origin = env().APP_URL ?? process.env.NEXTAUTH_URL ?? 'http://localhost:3000';
  return renderBookingIcs({
    reference: b.reference,
    movieTitle: b.showtime.movie.title,
    cinemaName: b.showtime.cinema.name,
    address: b.showtime.cinema.address,
    screen: b.showtime.screen,
    seats: b.tickets.map((t) => t.seat.label),
    startsAt: new Date(b.showtime.startsAt),
    endsAt: new Date(b.showtime.endsAt),
    url: `${origin}/bookings/${b.reference}`,
  });
}
