import 'server-only';
import { AppError } from '@/lib/errors';
import type { Manifest } from '@/lib/schemas/manifest';
import { ticketCode } from '@/lib/ticket-code';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

/**
 * A showtime's live tickets in seat order, with whose they are and whether they came in: the door
 * list and the desk's printable manifest. Staff and managers of the show's cinema and admins;
 * addresses only for managers and admins (another cinema's show reads as not found).
 */
export async function getShowtimeManifest(options: {
  viewer: Viewer;
  showtimeId: string;
}): Promise<Manifest> {
  const show = await db().showtime.findUnique({
    where: { id: options.showtimeId },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      status: true,
      movie: { select: { title: true } },
      screen: {
        select: {
          name: true,
          cinemaId: true,
          cinema: { select: { name: true, city: { select: { timeZone: true } } } },
        },
      },
    },
  });
  if (!show) throw new AppError('NOT_FOUND', 'Showtime not found.');
  authorize(options.viewer, { roles: ['STAFF', 'MANAGER'], cinemaId: show.screen.cinemaId });
  const seesAddresses =
    options.viewer.role === 'ADMIN' || options.viewer.managedCinemaIds.includes(show.screen.cinemaId);
  const tickets = await db().ticket.findMany({
    where: { showtimeId: show.id, status: { not: 'CANCELLED' } },
    select: {
      id: true,
      status: true,
      checkedInAt: true,
      checkedInDoor: true,
      seat: { select: { rowLabel: true, number: true, rowIndex: true, col: true } },
      booking: {
        select: {
          reference: true,
          customerName: true,
          customerEmail: true,
          user: { select: { name: true, email: true } },
        },
      },
    },
  });
  const rows = tickets
    .map((t) => {
      const seat = `${t.seat.rowLabel}${t.seat.number}`;
      return {
        ticketId: t.id,
        seat,
        rowIndex: t.seat.rowIndex,
        col: t.seat.col,
        code: ticketCode(t.booking.reference, seat),
        reference: t.booking.reference,
        customer: t.booking.customerName ?? t.booking.user?.name ?? null,
        email: seesAddresses ? (t.booking.customerEmail ?? t.booking.user?.email ?? null) : null,
        status: t.status as 'VALID' | 'CHECKED_IN',
        checkedInAt: t.checkedInAt?.toISOString() ?? null,
        door: t.checkedInDoor,
      };
    })
    .sort((a, b) => a.rowIndex - b.rowIndex || a.col - b.col);
  return {
    showtime: {
      id: show.id,
      startsAt: show.startsAt.toISOString(),
      endsAt: show.endsAt.toISOString(),
      status: show.status,
      movie: show.movie.title,
      screen: show.screen.name,
      cinema: show.screen.cinema.name,
      timeZone: show.screen.cinema.city.timeZone,
    },
    tickets: rows,
    checkedIn: rows.filter((r) => r.status === 'CHECKED_IN').length,
  };
}
