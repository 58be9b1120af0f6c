import 'server-only';
import { AppError } from '@/lib/errors';
import type { BookingResponse } from '@/lib/schemas/booking';
import { creditNoteRefOf } from '@/lib/schemas/invoice';
import { priceBreakdownSchema } from '@/lib/schemas/pricing';
import type { Prisma } from '@/prisma/generated/client';
import { allows, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { creditNoteRefSelect } from '@/server/invoices/issue-credit-note';
import { customerRefundMinor } from '@/server/pricing/price-selection';
import { signTicketQr } from '@/server/tickets/ticket-qr';

// A booking as its owner (or the cinema's staff) sees it: showtime, tickets with their signed QR
// payloads, price breakdown, payment, refunds, and whether it can still be cancelled.

export const bookingSelect = {
  id: true,
  reference: true,
  userId: true,
  status: true,
  createdAt: true,
  cancelledAt: true,
  totalMinor: true,
  currency: true,
  price: true,
  customerName: true,
  showtime: {
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      format: true,
      language: true,
      accessibility: true,
      // One wheelchair space in service on the layout sold makes it a wheelchair-accessible screen.
      layout: {
        select: { seats: { where: { kind: 'WHEELCHAIR', blocked: false }, select: { id: true }, take: 1 } },
      },
      movie: { select: { title: true, slug: true, certificate: true, posterUrl: true } },
      screen: {
        select: {
          name: true,
          cinema: {
            select: {
              id: true,
              name: true,
              slug: true,
              addressLine: true,
              locality: true,
              postalCode: true,
              cancellationCutoffMins: true,
              city: { select: { name: true } },
            },
          },
        },
      },
    },
  },
  tickets: {
    select: {
      id: true,
      status: true,
      priceMinor: true,
      seat: { select: { id: true, rowLabel: true, number: true, category: true, rowIndex: true, col: true } },
    },
    orderBy: [{ seat: { rowIndex: 'asc' } }, { seat: { col: 'asc' } }],
  },
  payments: {
    where: { status: 'SUCCEEDED' },
    select: { provider: true, cardLast4: true },
    take: 1,
  },
  refunds: { select: { amountMinor: true, status: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
  creditNotes: {
    select: creditNoteRefSelect,
    orderBy: [{ issuedAt: 'asc' }, { number: 'asc' }],
  },
} satisfies Prisma.BookingSelect;

export type BookingRow = Prisma.BookingGetPayload<{ select: typeof bookingSelect }>;

export function toBookingResponse(b: BookingRow, now = new Date()): BookingResponse {
  const cinema = b.showtime.screen.cinema;
  const price = priceBreakdownSchema.parse(b.price);
  const deadline = new Date(b.showtime.startsAt.getTime() - cinema.cancellationCutoffMins * 60_000);
  const payment = b.payments[0];
  return {
    reference: b.reference,
    status: b.status,
    createdAt: b.createdAt.toISOString(),
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    showtime: {
      id: b.showtime.id,
      startsAt: b.showtime.startsAt.toISOString(),
      endsAt: b.showtime.endsAt.toISOString(),
      format: b.showtime.format,
      language: b.showtime.language,
      accessibility: b.showtime.accessibility,
      wheelchairAccessible: (b.showtime.layout?.seats.length ?? 0) > 0,
      movie: b.showtime.movie,
      cinema: {
        name: cinema.name,
        slug: cinema.slug,
        address: `${cinema.addressLine}, ${cinema.locality}, ${cinema.city.name} ${cinema.postalCode}`,
      },
      screen: b.showtime.screen.name,
    },
    tickets: b.tickets.map((t) => {
      const label = `${t.seat.rowLabel}${t.seat.number}`;
      return {
        id: t.id,
        seat: { id: t.seat.id, label, category: t.seat.category },
        priceMinor: t.priceMinor,
        status: t.status,
        qr: signTicketQr({
          ticketId: t.id,
          reference: b.reference,
          showtimeId: b.showtime.id,
          seatLabel: label,
          startsAt: b.showtime.startsAt,
        }),
      };
    }),
    price,
    totalMinor: b.totalMinor,
    currency: b.currency,
    payment: payment ? { provider: payment.provider, cardLast4: payment.cardLast4 } : null,
    refunds: b.refunds.map((r) => ({
      amountMinor: r.amountMinor,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    })),
    cancellation: {
      allowed: b.status === 'CONFIRMED' && now < deadline,
      deadline: deadline.toISOString(),
      // What cancelling would return now: the customer's due less refunds the desk already made
      // (cancelBookingTx takes them off the same way).
      refundMinor: Math.max(
        0,
        customerRefundMinor(price) -
          b.refunds.filter((r) => r.status !== 'FAILED').reduce((sum, r) => sum + r.amountMinor, 0),
      ),
    },
    creditNotes: b.creditNotes.map((n) => creditNoteRefOf(b.reference, n)),
  };
}

/** May this viewer see this booking? Its owner, the cinema's staff and managers, admins. */
export function canSeeBooking(viewer: Viewer, booking: { userId: string | null; cinemaId: string }): boolean {
  if (booking.userId === viewer.id) return true;
  return (
    viewer.role !== 'CUSTOMER' && allows(viewer, { roles: ['STAFF', 'MANAGER'], cinemaId: booking.cinemaId })
  );
}

export async function loadBooking(reference: string): Promise<BookingRow | null> {
  return db().booking.findUnique({ where: { reference }, select: bookingSelect });
}

/** The booking row, if this viewer may see it; NOT_FOUND otherwise (see bookingView). */
export async function loadVisibleBooking(options: {
  reference: string;
  viewerId?: string;
  viewer?: Viewer;
}): Promise<BookingRow> {
  const b = await loadBooking(options.reference);
  const allowed =
    b &&
    ((options.viewerId !== undefined && b.userId === options.viewerId) ||
      (options.viewer !== undefined &&
        canSeeBooking(options.viewer, { userId: b.userId, cinemaId: b.showtime.screen.cinema.id })));
  // Someone else's booking is "not found", never "forbidden": references must not be probeable.
  if (!b || !allowed) throw new AppError('NOT_FOUND', 'Booking not found.');
  return b;
}

export async function bookingView(options: {
  reference: string;
  viewerId?: string;
  viewer?: Viewer;
}): Promise<BookingResponse> {
  return toBookingResponse(await loadVisibleBooking(options));
}
