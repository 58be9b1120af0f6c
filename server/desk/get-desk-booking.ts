import 'server-only';
import type { DeskBookingDetail } from '@/lib/schemas/desk';
import { creditNoteRefOf } from '@/lib/schemas/invoice';
import { ticketCode } from '@/lib/ticket-code';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { deskBookingRef, seesAddresses } from '@/server/desk/desk-access';
import { creditNoteRefSelect } from '@/server/invoices/issue-credit-note';

/**
 * One booking as the desk sees it: the show, every ticket with its check-in state (cancelled and
 * replaced ones too), payments, refunds, what may still be refunded, and the booking's audit
 * history (its own entries and those of its refunds), newest first.
 */
export async function getDeskBooking(options: {
  viewer: Viewer;
  reference: string;
}): Promise<DeskBookingDetail> {
  const ref = await deskBookingRef(options.viewer, options.reference);
  const b = await db().booking.findUniqueOrThrow({
    where: { id: ref.id },
    select: {
      reference: true,
      status: true,
      createdAt: true,
      cancelledAt: true,
      cancelReason: true,
      subtotalMinor: true,
      discountMinor: true,
      feeMinor: true,
      taxMinor: true,
      totalMinor: true,
      currency: true,
      customerName: true,
      customerEmail: true,
      userId: true,
      user: { select: { name: true, email: true } },
      showtime: {
        select: {
          id: true,
          movieId: true,
          startsAt: true,
          movie: { select: { title: true } },
          screen: {
            select: { name: true, cinemaId: true, cinema: { select: { name: true, timeZone: true } } },
          },
        },
      },
      tickets: {
        select: {
          id: true,
          seatId: true,
          showtimeId: true,
          status: true,
          priceMinor: true,
          checkedInAt: true,
          checkedInDoor: true,
          createdAt: true,
          seat: { select: { rowLabel: true, number: true, category: true, rowIndex: true, col: true } },
        },
        orderBy: [{ createdAt: 'asc' }, { seat: { rowIndex: 'asc' } }, { seat: { col: 'asc' } }],
      },
      payments: {
        where: { status: { in: ['SUCCEEDED', 'REVERSED'] } },
        select: {
          id: true,
          provider: true,
          status: true,
          amountMinor: true,
          refundedMinor: true,
          cardLast4: true,
          createdAt: true,
        },
        orderBy: { createdAt: 'asc' },
      },
      refunds: {
        select: {
          id: true,
          amountMinor: true,
          status: true,
          reason: true,
          lastError: true,
          createdAt: true,
          requestedBy: { select: { name: true } },
          creditNote: { select: creditNoteRefSelect },
        },
        orderBy: { createdAt: 'asc' },
      },
    },
  });
  const history = await db().auditLog.findMany({
    where: {
      OR: [
        { entityType: 'booking', entityId: b.reference },
        { entityType: 'refund', entityId: { in: b.refunds.map((r) => r.id) } },
      ],
    },
    orderBy: { id: 'desc' },
    take: 100,
    select: {
      id: true,
      action: true,
      actorRole: true,
      before: true,
      after: true,
      createdAt: true,
      actor: { select: { name: true } },
    },
  });
  const paid = b.payments.filter((p) => p.status === 'SUCCEEDED').reduce((n, p) => n + p.amountMinor, 0);
  const refunded = b.refunds.filter((r) => r.status !== 'FAILED').reduce((n, r) => n + r.amountMinor, 0);
  const cinemaId = b.showtime.screen.cinemaId;
  return {
    reference: b.reference,
    status: b.status,
    createdAt: b.createdAt.toISOString(),
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    cancelReason: b.cancelReason,
    customer: {
      name: b.customerName ?? b.user?.name ?? null,
      email: seesAddresses(options.viewer, cinemaId) ? (b.customerEmail ?? b.user?.email ?? null) : null,
      hasAccount: b.userId !== null,
    },
    showtime: {
      id: b.showtime.id,
      movieId: b.showtime.movieId,
      startsAt: b.showtime.startsAt.toISOString(),
      movieTitle: b.showtime.movie.title,
      screen: b.showtime.screen.name,
      cinemaId,
      cinema: b.showtime.screen.cinema.name,
      timeZone: b.showtime.screen.cinema.timeZone,
    },
    amounts: {
      subtotalMinor: b.subtotalMinor,
      discountMinor: b.discountMinor,
      feeMinor: b.feeMinor,
      taxMinor: b.taxMinor,
      totalMinor: b.totalMinor,
      paidMinor: paid,
      refundedMinor: refunded,
      refundableMinor: Math.max(0, paid - refunded),
      currency: b.currency,
    },
    tickets: b.tickets.map((t) => {
      const seat = `${t.seat.rowLabel}${t.seat.number}`;
      return {
        id: t.id,
        seatId: t.seatId,
        seat,
        category: t.seat.category,
        code: ticketCode(b.reference, seat),
        priceMinor: t.priceMinor,
        status: t.status,
        checkedInAt: t.checkedInAt?.toISOString() ?? null,
        door: t.checkedInDoor,
        showtimeId: t.showtimeId,
      };
    }),
    payments: b.payments.map((p) => ({
      id: p.id,
      provider: p.provider,
      status: p.status,
      amountMinor: p.amountMinor,
      refundedMinor: p.refundedMinor,
      cardLast4: p.cardLast4,
      createdAt: p.createdAt.toISOString(),
    })),
    refunds: b.refunds.map((r) => ({
      id: r.id,
      amountMinor: r.amountMinor,
      status: r.status,
      reason: r.reason,
      requestedBy: r.requestedBy?.name ?? null,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      creditNote: r.creditNote ? creditNoteRefOf(b.reference, r.creditNote) : null,
    })),
    history: history.map((h) => ({
      id: h.id.toString(),
      action: h.action,
      actor: h.actor?.name ?? null,
      actorRole: h.actorRole,
      before: h.before,
      after: h.after,
      createdAt: h.createdAt.toISOString(),
    })),
  };
}
