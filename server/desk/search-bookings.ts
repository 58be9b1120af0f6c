import 'server-only';
import { DESK_PAGE_SIZE, type DeskBookingList, type DeskSearchQuery } from '@/lib/schemas/desk';
import { parseTicketCode } from '@/lib/ticket-code';
import type { Prisma } from '@/prisma/generated/client';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { bookingIdsByCustomerPhone, phoneDigits } from '@/server/desk/customer-phone';
import { canonicalReference, deskCinemaIds, seesAddresses } from '@/server/desk/desk-access';

type MatchedBy = DeskBookingList['matchedBy'];

/** What the desk's one search box was given: a reference or ticket code, an email, a phone, a name. */
export function readDeskQuery(q: string | undefined): { by: MatchedBy; value: string } {
  const input = (q ?? '').trim();
  if (!input) return { by: 'all', value: '' };
  const code = parseTicketCode(input);
  const reference = code ? canonicalReference(code.reference) : canonicalReference(input);
  if (reference) return { by: 'reference', value: reference };
  if (input.includes('@')) return { by: 'email', value: input.toLowerCase() };
  if (/^[+\d][\d\s().-]*$/.test(input) && phoneDigits(input).length >= 4) {
    return { by: 'phone', value: phoneDigits(input) };
  }
  return { by: 'name', value: input };
}

/**
 * Bookings of the viewer's cinemas (every cinema for admins), newest first, 20 a page, found by
 * reference, email (the booking's or the account's), phone or name (the booking's or the
 * account's). With no query: the latest bookings.
 */
export async function searchDeskBookings(options: {
  viewer: Viewer;
  query: DeskSearchQuery;
}): Promise<DeskBookingList> {
  const cinemas = deskCinemaIds(options.viewer);
  const { by, value } = readDeskQuery(options.query.q);
  const page = options.query.page;
  const where: Prisma.BookingWhereInput = {
    ...(cinemas ? { showtime: { screen: { cinemaId: { in: cinemas } } } } : {}),
    ...(options.query.status ? { status: options.query.status } : {}),
  };
  if (by === 'reference') where.reference = value;
  if (by === 'email') {
    where.OR = [
      { customerEmail: { contains: value, mode: 'insensitive' } },
      { user: { email: { contains: value, mode: 'insensitive' } } },
    ];
  }
  if (by === 'name') {
    where.OR = [
      { customerName: { contains: value, mode: 'insensitive' } },
      { user: { name: { contains: value, mode: 'insensitive' } } },
    ];
  }
  if (by === 'phone') where.id = { in: await bookingIdsByCustomerPhone(db(), value) };

  const [total, rows] = await Promise.all([
    db().booking.count({ where }),
    db().booking.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * DESK_PAGE_SIZE,
      take: DESK_PAGE_SIZE,
      select: {
        reference: true,
        status: true,
        createdAt: true,
        totalMinor: true,
        currency: true,
        customerName: true,
        customerEmail: true,
        user: { select: { name: true, email: true } },
        tickets: {
          select: {
            status: true,
            seat: { select: { rowLabel: true, number: true, rowIndex: true, col: true } },
          },
          orderBy: [{ seat: { rowIndex: 'asc' } }, { seat: { col: 'asc' } }],
        },
        showtime: {
          select: {
            id: true,
            startsAt: true,
            movie: { select: { title: true } },
            screen: {
              select: { name: true, cinemaId: true, cinema: { select: { name: true, timeZone: true } } },
            },
          },
        },
      },
    }),
  ]);
  return {
    matchedBy: by,
    page,
    pageSize: DESK_PAGE_SIZE,
    total,
    bookings: rows.map((b) => {
      const live = b.tickets.filter((t) => t.status !== 'CANCELLED');
      const shown = b.status === 'CANCELLED' ? b.tickets : live;
      return {
        reference: b.reference,
        status: b.status,
        createdAt: b.createdAt.toISOString(),
        customer: {
          name: b.customerName ?? b.user?.name ?? null,
          email: seesAddresses(options.viewer, b.showtime.screen.cinemaId)
            ? (b.customerEmail ?? b.user?.email ?? null)
            : null,
        },
        showtime: {
          id: b.showtime.id,
          startsAt: b.showtime.startsAt.toISOString(),
          movieTitle: b.showtime.movie.title,
          screen: b.showtime.screen.name,
          cinema: b.showtime.screen.cinema.name,
          timeZone: b.showtime.screen.cinema.timeZone,
        },
        seats: shown.map((t) => `${t.seat.rowLabel}${t.seat.number}`),
        totalMinor: b.totalMinor,
        currency: b.currency,
      };
    }),
  };
}
