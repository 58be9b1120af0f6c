import 'server-only';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { serializable } from '@/server/db/transaction';
import { verifyTicketQr } from '@/server/tickets/ticket-qr';

export type CheckInResult = {
  ticketId: string;
  reference: string;
  seat: string;
  movie: string;
  screen: string;
  startsAt: string;
  checkedInAt: string;
};

// Door check-in: the QR's HMAC proves Marquee issued it (the same check works offline with the
// derived key); the database says whether the ticket is still valid and not already used. Staff
// can only check in at their own cinemas. Doors open a little before the show.
const DOORS_OPEN_MINUTES = 90;

export async function checkInTicket(options: {
  viewer: Viewer;
  qr: string;
  now?: Date;
}): Promise<CheckInResult> {
  const verified = verifyTicketQr(options.qr.trim());
  if (!verified.ok) {
    throw new AppError(
      'BAD_REQUEST',
      verified.reason === 'bad-signature'
        ? 'This QR code was not issued by Marquee.'
        : 'Not a Marquee ticket code.',
    );
  }
  const now = options.now ?? new Date();
  const t = verified.ticket;
  return serializable(
    async (tx) => {
      const ticket = await tx.ticket.findUnique({
        where: { id: t.ticketId },
        select: {
          id: true,
          status: true,
          checkedInAt: true,
          seat: { select: { rowLabel: true, number: true } },
          booking: { select: { reference: true, status: true } },
          showtime: {
            select: {
              startsAt: true,
              endsAt: true,
              movie: { select: { title: true } },
              screen: { select: { name: true, cinemaId: true } },
            },
          },
        },
      });
      if (!ticket || ticket.booking.reference !== t.reference)
        throw new AppError('NOT_FOUND', 'Ticket not found.');
      authorize(options.viewer, { roles: ['STAFF', 'MANAGER'], cinemaId: ticket.showtime.screen.cinemaId });
      if (ticket.status === 'CANCELLED' || ticket.booking.status !== 'CONFIRMED') {
        throw new AppError('CONFLICT', 'This ticket was cancelled and refunded. Do not admit.');
      }
      if (ticket.status === 'CHECKED_IN') {
        throw new AppError(
          'CONFLICT',
          `Already checked in at ${ticket.checkedInAt?.toISOString() ?? 'an earlier time'}.`,
          {
            details: { checkedInAt: ticket.checkedInAt?.toISOString() },
          },
        );
      }
      const opens = new Date(ticket.showtime.startsAt.getTime() - DOORS_OPEN_MINUTES * 60_000);
      if (now < opens) throw new AppError('CONFLICT', 'Too early: doors open 90 minutes before the show.');
      if (now > ticket.showtime.endsAt) throw new AppError('CONFLICT', 'This show has ended.');
      const updated = await tx.ticket.update({
        where: { id: ticket.id, status: 'VALID' },
        data: { status: 'CHECKED_IN', checkedInAt: now, checkedInById: options.viewer.id },
        select: { checkedInAt: true },
      });
      const seat = `${ticket.seat.rowLabel}${ticket.seat.number}`;
      await recordAudit(tx, {
        actor: options.viewer,
        action: 'ticket.check-in',
        entityType: 'ticket',
        entityId: ticket.id,
        before: { status: 'VALID' },
        after: { status: 'CHECKED_IN', reference: t.reference, seat },
      });
      return {
        ticketId: ticket.id,
        reference: t.reference,
        seat,
        movie: ticket.showtime.movie.title,
        screen: ticket.showtime.screen.name,
        startsAt: ticket.showtime.startsAt.toISOString(),
        checkedInAt: (updated.checkedInAt ?? now).toISOString(),
      };
    },
    { label: 'check-in' },
  );
}
