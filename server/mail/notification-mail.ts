import 'server-only';
import { z } from 'zod';
import type { Prisma } from '@/prisma/generated/client';
import { open } from '@/server/auth/secret-box';
import { creditNoteForMail, documentsForMail } from '@/server/booking/booking-documents';
import { type BookingRow, loadBooking } from '@/server/booking/booking-view';
import { db } from '@/server/db';
import {
  appUrl,
  type BookingSummary,
  bookingCancelledMail,
  bookingConfirmedMail,
  bookingReminderMail,
  paymentReversedMail,
  type RefundNews,
  type Rendered,
  refundFailedMail,
  refundSucceededMail,
  staffInvitationMail,
  waitlistOfferedMail,
} from '@/server/mail/templates';

// What each kind of notification says, rendered when it is delivered, from the database as it is
// then (the outbox payload only names the booking): a confirmation carries the tickets, the
// calendar file and the invoice as they are now; a cancellation says where the refund stands now.

/** The row cannot become a mail, now or later: FAILED at once. */
export class PermanentError extends Error {}

/** Nothing true is left to say (the booking was cancelled, the news was already given): SKIPPED. */
export class SkipNotification extends Error {}

export type RenderedNotification = {
  mail: Rendered;
  /** Merged into the outbox row's payload once sent: what the mail told the customer. */
  reported?: Prisma.InputJsonObject;
};

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

// The payload refund.succeeded and refund.failed are queued with (by the refund lifecycle).
const refundPayloadSchema = z.object({
  /** Null for a reversal: a charge whose booking could not be made. */
  reference: z.string().min(1).nullable(),
  refundId: z.uuid(),
  amountMinor: z.number().int().nonnegative(),
  currency: z.string().length(3),
});

function summaryOf(b: BookingRow): BookingSummary {
  return {
    reference: b.reference,
    film: b.showtime.movie.title,
    cinema: b.showtime.screen.cinema.name,
    screen: b.showtime.screen.name,
    startsAt: b.showtime.startsAt,
    seats: b.tickets.map((t) => `${t.seat.rowLabel}${t.seat.number}`),
    totalMinor: b.totalMinor,
    currency: b.currency,
  };
}

async function bookingFor(payload: Record<string, unknown>): Promise<BookingRow> {
  const reference = str(payload.reference);
  const row = reference ? await loadBooking(reference) : null;
  if (!row) throw new PermanentError(`booking ${reference ?? '(none)'} not found`);
  return row;
}

/**
 * Where a cancelled booking's money stands: the refund named in the payload, else the booking's
 * latest refund, read now; without a refund row, whether one is due at all.
 */
async function refundNewsFor(
  row: BookingRow | null,
  payload: Record<string, unknown>,
): Promise<{ news: RefundNews; refundId: string | null }> {
  const currency = row?.currency ?? 'INR';
  const refundId = str(payload.refundId);
  const refund = refundId
    ? await db().refund.findUnique({
        where: { id: refundId },
        select: { id: true, status: true, amountMinor: true },
      })
    : row
      ? await db().refund.findFirst({
          where: { bookingId: row.id },
          orderBy: { createdAt: 'desc' },
          select: { id: true, status: true, amountMinor: true },
        })
      : null;
  if (refund)
    return { news: { state: refund.status, amountMinor: refund.amountMinor, currency }, refundId: refund.id };
  const due = num(payload.refundMinor);
  return { news: { state: due > 0 ? 'DUE' : 'NONE', amountMinor: due, currency }, refundId: null };
}

/** Did a sent cancellation (or reversal) mail already report this refund in this state? */
async function alreadyReported(refundId: string, state: string): Promise<boolean> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM notification_outbox
     WHERE kind IN ('booking.cancelled', 'showtime.cancelled', 'payment.reversed') AND status = 'SENT'
       AND payload->'reported'->>'refundId' = ${refundId}
       AND payload->'reported'->>'state' = ${state}
     LIMIT 1`;
  return rows.length > 0;
}

/** Is a cancellation (or reversal) mail about this refund still waiting to go out? It reads the
 * refund's state when it is rendered, so it will tell this news itself. */
async function reportStillQueued(refundId: string): Promise<boolean> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM notification_outbox
     WHERE kind IN ('booking.cancelled', 'showtime.cancelled', 'payment.reversed') AND status = 'PENDING'
       AND payload->>'refundId' = ${refundId}
     LIMIT 1`;
  return rows.length > 0;
}

async function renderRefundMail(kind: string, payload: unknown): Promise<RenderedNotification> {
  const parsed = refundPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new PermanentError(`bad ${kind} payload: ${parsed.error.issues[0]?.message}`);
  const p = parsed.data;
  const [refund, row] = await Promise.all([
    db().refund.findUnique({
      where: { id: p.refundId },
      select: {
        status: true,
        amountMinor: true,
        payment: {
          select: {
            cardLast4: true,
            hold: {
              select: {
                user: { select: { name: true } },
                showtime: {
                  select: { movie: { select: { title: true } }, screen: { select: { cinemaId: true } } },
                },
              },
            },
          },
        },
      },
    }),
    p.reference ? loadBooking(p.reference) : null,
  ]);
  // The refund as it stands now decides which mail this is; the kind is only the fallback.
  const state = refund?.status ?? (kind === 'refund.succeeded' ? 'SUCCEEDED' : 'FAILED');
  if (state === 'PENDING')
    throw new SkipNotification('the refund is being retried; its outcome will be mailed then');
  if (await reportStillQueued(p.refundId)) {
    throw new SkipNotification('the cancellation mail, not sent yet, will say where the refund stands');
  }
  if (await alreadyReported(p.refundId, state)) {
    throw new SkipNotification(`the cancellation mail already said the refund ${state.toLowerCase()}`);
  }
  const amountMinor = refund?.amountMinor ?? p.amountMinor;
  const hold = refund?.payment.hold;
  const name = row?.customerName ?? hold?.user?.name ?? null;
  if (state === 'SUCCEEDED') {
    return {
      mail: await refundSucceededMail({
        creditNote: row ? await creditNoteForMail(row, p.refundId) : null,
        name,
        reference: p.reference,
        film: row?.showtime.movie.title ?? hold?.showtime.movie.title ?? null,
        amountMinor,
        currency: p.currency,
        cardLast4: row?.payments[0]?.cardLast4 ?? refund?.payment.cardLast4 ?? null,
      }),
    };
  }
  const cinemaId = row?.showtime.screen.cinema.id ?? hold?.showtime.screen.cinemaId;
  const cinema = cinemaId
    ? await db().cinema.findUnique({ where: { id: cinemaId }, select: { name: true, phone: true } })
    : null;
  return {
    mail: await refundFailedMail({
      // The credit note stands whether or not the money has moved yet: the supply was cancelled,
      // and the refund the cinema still owes is recorded against it.
      creditNote: row ? await creditNoteForMail(row, p.refundId) : null,
      name,
      reference: p.reference,
      amountMinor,
      currency: p.currency,
      cinema,
    }),
  };
}

/**
 * An invitation's link, while it can still be accepted: the token travels sealed in the payload
 * (its HMAC alone is on the invitation) and is opened only to be put in the mail.
 */
async function renderInvitationMail(p: Record<string, unknown>): Promise<RenderedNotification> {
  const invitationId = str(p.invitationId);
  const sealed = str(p.token);
  if (!invitationId || !sealed) throw new PermanentError('bad staff.invited payload');
  const invitation = await db().staffInvitation.findUnique({
    where: { id: invitationId },
    select: {
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      invitedBy: { select: { name: true } },
      cinemas: { select: { cinema: { select: { name: true } } } },
    },
  });
  if (!invitation) throw new PermanentError(`invitation ${invitationId} not found`);
  if (invitation.acceptedAt) throw new SkipNotification('the invitation was accepted already');
  if (invitation.revokedAt) throw new SkipNotification('the invitation was withdrawn');
  if (invitation.expiresAt <= new Date())
    throw new SkipNotification('the invitation expired before it could be sent');
  let token: string;
  try {
    token = open(sealed, invitationId, 'invitation-mail').toString();
  } catch {
    throw new PermanentError('the invitation token cannot be opened (AUTH_SECRET changed?)');
  }
  return {
    mail: await staffInvitationMail({
      invitedBy: invitation.invitedBy?.name ?? null,
      role: invitation.role,
      cinemas: invitation.cinemas.map((c) => c.cinema.name).sort(),
      link: `${appUrl()}/invitations/accept?token=${encodeURIComponent(token)}`,
      expiresAt: invitation.expiresAt,
    }),
  };
}

export async function renderNotification(kind: string, payload: unknown): Promise<RenderedNotification> {
  const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  switch (kind) {
    case 'booking.confirmed': {
      const row = await bookingFor(p);
      if (row.status !== 'CONFIRMED') {
        throw new SkipNotification('the booking was cancelled before its confirmation went out');
      }
      const documents = await documentsForMail(row, { invoice: true });
      return {
        mail: await bookingConfirmedMail({
          name: str(p.name) ?? row.customerName,
          booking: summaryOf(row),
          documents,
        }),
      };
    }
    case 'booking.reminder': {
      const row = await bookingFor(p);
      if (row.status !== 'CONFIRMED') throw new SkipNotification('the booking was cancelled');
      if (row.showtime.startsAt <= new Date()) throw new SkipNotification('the show has already started');
      const documents = await documentsForMail(row, { invoice: false });
      return {
        mail: await bookingReminderMail({ name: row.customerName, booking: summaryOf(row), documents }),
      };
    }
    case 'booking.cancelled':
    case 'showtime.cancelled': {
      const reference = str(p.reference);
      if (!reference) throw new PermanentError('no booking reference');
      const row = await loadBooking(reference);
      const reason = str(p.reason);
      const { news, refundId } = await refundNewsFor(row, p);
      return {
        mail: await bookingCancelledMail({
          creditNote: row && refundId ? await creditNoteForMail(row, refundId) : null,
          name: row?.customerName ?? null,
          reference,
          booking: row ? summaryOf(row) : null,
          refund: news,
          reason,
          byCinema: kind === 'showtime.cancelled' || /cinema/i.test(reason ?? ''),
        }),
        reported: refundId ? { refundId, state: news.state } : { state: news.state },
      };
    }
    case 'refund.succeeded':
    case 'refund.failed':
      return renderRefundMail(kind, payload);
    case 'payment.reversed': {
      const refundId = str(p.refundId);
      const refund = refundId
        ? await db().refund.findUnique({
            where: { id: refundId },
            select: {
              status: true,
              amountMinor: true,
              payment: {
                select: {
                  currency: true,
                  hold: {
                    select: {
                      user: { select: { name: true } },
                      showtime: { select: { startsAt: true, movie: { select: { title: true } } } },
                    },
                  },
                },
              },
            },
          })
        : null;
      if (!refund) throw new PermanentError(`refund ${refundId ?? '(none)'} not found`);
      const { hold } = refund.payment;
      return {
        mail: await paymentReversedMail({
          name: hold.user?.name ?? null,
          film: hold.showtime.movie.title,
          startsAt: hold.showtime.startsAt,
          amountMinor: refund.amountMinor,
          currency: refund.payment.currency,
          refund: refund.status,
        }),
        reported: { refundId: refundId as string, state: refund.status },
      };
    }
    case 'waitlist.offered': {
      const holdId = str(p.holdId);
      const showtimeId = str(p.showtimeId);
      const showtime = showtimeId
        ? await db()
            .showtime.findUnique({
              where: { id: showtimeId },
              select: { movie: { select: { title: true } } },
            })
            .catch(() => null)
        : null;
      return {
        mail: await waitlistOfferedMail({
          name: str(p.name),
          film: str(p.film) ?? showtime?.movie.title ?? null,
          link: holdId ? `${appUrl()}/checkout/${holdId}` : appUrl(),
        }),
      };
    }
    case 'staff.invited':
      return renderInvitationMail(p);
    default:
      // Account mail (codes, reset links) is sent directly, never through this table: a code in
      // the outbox would sit in the database in plain text.
      throw new PermanentError(`no email for notification kind ${kind}`);
  }
}
