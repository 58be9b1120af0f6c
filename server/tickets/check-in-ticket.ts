import 'server-only';
import { AppError } from '@/lib/errors';
import { formatDay, formatTime, localDate } from '@/lib/format';
import { parseTicketCode, ticketCode } from '@/lib/ticket-code';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import type { Tx } from '@/server/db';
import { serializable } from '@/server/db/transaction';
import { measureCheckIn } from '@/server/metrics/use-cases';
import { bookingReference, parseBookingReference } from '@/server/tickets/booking-reference';
import { verifyTicketQr } from '@/server/tickets/ticket-qr';

export type CheckInResult = {
  ticketId: string;
  reference: string;
  /** The short code printed under the QR code (lib/ticket-code.ts). */
  code: string;
  seat: string;
  /** Whose ticket, as the booking has it (null for a walk-in without a name). */
  customer: string | null;
  movie: string;
  screen: string;
  startsAt: string;
  checkedInAt: string;
  door: string | null;
};

// Door check-in: the QR's HMAC proves Marquee issued it (the same check works offline with the
// derived key), or a typed ticket code (booking reference + seat) names it when a scanner fails;
// the database says whether the ticket is still valid and not already used. Staff can only check
// in at their own cinemas. Doors open a little before the show. Every refusal says what a
// doorman needs to act on, in the cinema's own time ("Too early: doors open at 6:25 pm",
// "Already used at 6:41 pm by Door 2, seat D6"), with `details.reason` for machines.
export const DOORS_OPEN_MINUTES = 90;

type Found = { id: string; reference: string } | null;

/** The ticket a scanned QR or a typed code names (not yet checked against the database's copy). */
async function findTicket(tx: Tx, input: string): Promise<Found> {
  const typed = parseTicketCode(input);
  if (typed) {
    // Read as people copy a ticket: O for 0, I or L for 1 (Crockford), back to the canonical form.
    const sequence = parseBookingReference(typed.reference);
    const reference = sequence ? bookingReference(sequence) : typed.reference;
    const ticket = await tx.ticket.findFirst({
      where: {
        booking: { reference },
        seat: { rowLabel: typed.seat.replace(/\d+$/, ''), number: Number(typed.seat.replace(/^[A-Z]+/, '')) },
      },
      // A seat resold after a cancellation has two tickets: the live one is the one meant.
      orderBy: { createdAt: 'desc' },
      select: { id: true },
    });
    return ticket ? { id: ticket.id, reference } : null;
  }
  const verified = verifyTicketQr(input);
  if (!verified.ok) {
    throw new AppError(
      'BAD_REQUEST',
      verified.reason === 'bad-signature'
        ? 'This QR code was not issued by Marquee.'
        : 'Not a Marquee ticket code. Type the code under the QR code, e.g. MQ-7K3F9X2-D6.',
    );
  }
  return { id: verified.ticket.ticketId, reference: verified.ticket.reference };
}

/** Checks a ticket in (checkInTicketUnmeasured), counted by outcome for the metrics. */
export function checkInTicket(
  options: Parameters<typeof checkInTicketUnmeasured>[0],
): Promise<CheckInResult> {
  return measureCheckIn(options.offline ? 'offline' : 'online', () => checkInTicketUnmeasured(options));
}

async function checkInTicketUnmeasured(options: {
  viewer: Viewer;
  /** A scanned QR payload, or the ticket code typed from the ticket. */
  qr: string;
  /** The door this check-in screen stands at, if it said. */
  door?: string;
  /** Only a ticket of this show (an offline door list's sync); any other is not found. */
  showtimeId?: string;
  /** A scan made offline and sent later: `now` is when it was scanned (recorded in the audit log). */
  offline?: boolean;
  now?: Date;
}): Promise<CheckInResult> {
  const now = options.now ?? new Date();
  const door = options.door?.trim() || null;
  return serializable(
    async (tx) => {
      const found = await findTicket(tx, options.qr.trim());
      const ticket = found
        ? await tx.ticket.findUnique({
            where: { id: found.id },
            select: {
              id: true,
              status: true,
              checkedInAt: true,
              checkedInDoor: true,
              seat: { select: { rowLabel: true, number: true } },
              booking: {
                select: {
                  reference: true,
                  status: true,
                  customerName: true,
                  user: { select: { name: true } },
                },
              },
              showtime: {
                select: {
                  id: true,
                  startsAt: true,
                  endsAt: true,
                  movie: { select: { title: true } },
                  screen: {
                    select: {
                      name: true,
                      cinemaId: true,
                      cinema: { select: { city: { select: { timeZone: true } } } },
                    },
                  },
                },
              },
            },
          })
        : null;
      if (!found || !ticket || ticket.booking.reference !== found.reference)
        throw new AppError(
          'NOT_FOUND',
          'No such ticket. Check the code, or find the booking by its reference.',
        );
      if (options.showtimeId && ticket.showtime.id !== options.showtimeId)
        throw new AppError('NOT_FOUND', 'Not a ticket for this show.', { details: { reason: 'other-show' } });
      authorize(options.viewer, { roles: ['STAFF', 'MANAGER'], cinemaId: ticket.showtime.screen.cinemaId });
      const timeZone = ticket.showtime.screen.cinema.city.timeZone;
      const seat = `${ticket.seat.rowLabel}${ticket.seat.number}`;
      const context = { seat, reference: ticket.booking.reference, movie: ticket.showtime.movie.title };
      if (ticket.status === 'CANCELLED' || ticket.booking.status !== 'CONFIRMED') {
        throw new AppError(
          'CONFLICT',
          `Do not admit: this ticket (seat ${seat}) was cancelled and refunded.`,
          {
            details: { reason: 'cancelled', ...context },
          },
        );
      }
      if (ticket.status === 'CHECKED_IN') {
        const at = ticket.checkedInAt ? formatTime(ticket.checkedInAt, timeZone) : 'an earlier time';
        throw new AppError(
          'CONFLICT',
          `Already used at ${at}${ticket.checkedInDoor ? ` by ${ticket.checkedInDoor}` : ''}, seat ${seat}.`,
          {
            details: {
              reason: 'already-used',
              checkedInAt: ticket.checkedInAt?.toISOString(),
              door: ticket.checkedInDoor,
              ...context,
            },
          },
        );
      }
      const opens = new Date(ticket.showtime.startsAt.getTime() - DOORS_OPEN_MINUTES * 60_000);
      if (now < opens) {
        const day =
          localDate(opens, timeZone) === localDate(now, timeZone) ? '' : ` on ${formatDay(opens, timeZone)}`;
        throw new AppError('CONFLICT', `Too early: doors open at ${formatTime(opens, timeZone)}${day}.`, {
          details: { reason: 'too-early', doorsOpenAt: opens.toISOString(), ...context },
        });
      }
      if (now > ticket.showtime.endsAt) {
        throw new AppError(
          'CONFLICT',
          `This show ended at ${formatTime(ticket.showtime.endsAt, timeZone)}${localDate(ticket.showtime.endsAt, timeZone) === localDate(now, timeZone) ? '' : ` on ${formatDay(ticket.showtime.endsAt, timeZone)}`}.`,
          { details: { reason: 'show-ended', endedAt: ticket.showtime.endsAt.toISOString(), ...context } },
        );
      }
      const updated = await tx.ticket.update({
        where: { id: ticket.id, status: 'VALID' },
        data: {
          status: 'CHECKED_IN',
          checkedInAt: now,
          checkedInById: options.viewer.id,
          checkedInDoor: door,
        },
        select: { checkedInAt: true },
      });
      await recordAudit(tx, {
        actor: options.viewer,
        action: 'ticket.check-in',
        entityType: 'ticket',
        entityId: ticket.id,
        before: { status: 'VALID' },
        after: {
          status: 'CHECKED_IN',
          reference: ticket.booking.reference,
          seat,
          door,
          ...(options.offline ? { offline: true, scannedAt: now.toISOString() } : {}),
        },
      });
      return {
        ticketId: ticket.id,
        reference: ticket.booking.reference,
        code: ticketCode(ticket.booking.reference, seat),
        seat,
        customer: ticket.booking.customerName ?? ticket.booking.user?.name ?? null,
        movie: ticket.showtime.movie.title,
        screen: ticket.showtime.screen.name,
        startsAt: ticket.showtime.startsAt.toISOString(),
        checkedInAt: (updated.checkedInAt ?? now).toISOString(),
        door,
      };
    },
    { label: 'check-in' },
  );
}
