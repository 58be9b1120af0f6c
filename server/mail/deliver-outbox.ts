import 'server-only';
import { db } from '@/server/db';
import { log } from '@/server/log';
import { sendMail } from '@/server/mail/send-mail';
import {
  appUrl,
  type BookingSummary,
  bookingCancelledMail,
  bookingConfirmedMail,
  type Rendered,
  waitlistOfferedMail,
} from '@/server/mail/templates';

// Delivers the notification outbox (rows written in the same transaction as the booking change
// they report). A run claims due rows by pushing their availableAt out by a lease, so a crashed
// run's rows come back by themselves and two runs never send one row twice (the scheduler also
// runs one delivery at a time across instances). Failures are retried with exponential backoff;
// after MAX_ATTEMPTS, or at once when a row cannot be rendered, the row is FAILED.

export const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 120;

/** Seconds before the next try after `attempts` failures: 30 s, 1, 2, 4 … capped at an hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

type Row = { id: string; kind: string; recipient: string; payload: unknown; attempts: number };

class PermanentError extends Error {}

async function bookingSummary(
  reference: string,
): Promise<{ name: string | null; summary: BookingSummary } | null> {
  const b = await db().booking.findUnique({
    where: { reference },
    select: {
      reference: true,
      customerName: true,
      totalMinor: true,
      currency: true,
      user: { select: { name: true } },
      showtime: {
        select: {
          startsAt: true,
          movie: { select: { title: true } },
          screen: { select: { name: true, cinema: { select: { name: true } } } },
        },
      },
      tickets: {
        select: { seat: { select: { rowLabel: true, number: true } } },
        orderBy: [{ seat: { rowIndex: 'asc' } }, { seat: { col: 'asc' } }],
      },
    },
  });
  if (!b) return null;
  return {
    name: b.customerName ?? b.user?.name ?? null,
    summary: {
      reference: b.reference,
      film: b.showtime.movie.title,
      cinema: b.showtime.screen.cinema.name,
      screen: b.showtime.screen.name,
      startsAt: b.showtime.startsAt,
      seats: b.tickets.map((t) => `${t.seat.rowLabel}${t.seat.number}`),
      totalMinor: b.totalMinor,
      currency: b.currency,
    },
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export async function renderNotification(kind: string, payload: unknown): Promise<Rendered> {
  const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  switch (kind) {
    case 'booking.confirmed': {
      const reference = str(p.reference);
      const found = reference ? await bookingSummary(reference) : null;
      if (!found) throw new PermanentError(`booking ${reference ?? '(none)'} not found`);
      return bookingConfirmedMail({ name: str(p.name) ?? found.name, booking: found.summary });
    }
    case 'booking.cancelled':
    case 'showtime.cancelled': {
      const reference = str(p.reference);
      if (!reference) throw new PermanentError('no booking reference');
      const found = await bookingSummary(reference);
      const reason = str(p.reason);
      return bookingCancelledMail({
        name: found?.name ?? null,
        reference,
        booking: found?.summary ?? null,
        refundMinor: num(p.refundMinor),
        reason,
        byCinema: kind === 'showtime.cancelled' || /cinema/i.test(reason ?? ''),
      });
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
      return waitlistOfferedMail({
        name: str(p.name),
        film: str(p.film) ?? showtime?.movie.title ?? null,
        link: holdId ? `${appUrl()}/checkout/${holdId}` : appUrl(),
      });
    }
    default:
      // Account mail (codes, reset links) is sent directly, never through this table: a code in
      // the outbox would sit in the database in plain text.
      throw new PermanentError(`no email for notification kind ${kind}`);
  }
}

export async function deliverOutbox(options: { limit?: number; recipient?: string } = {}): Promise<{
  sent: number;
  retrying: number;
  failed: number;
}> {
  const limit = options.limit ?? 50;
  const rows = await db().$queryRaw<Row[]>`
    UPDATE notification_outbox o
       SET available_at = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = o.attempts + 1
     WHERE o.id IN (
       SELECT id FROM notification_outbox
        WHERE status = 'PENDING' AND channel = 'email' AND available_at <= now()
          AND (${options.recipient ?? null}::text IS NULL OR recipient = ${options.recipient ?? null})
        ORDER BY available_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o.kind, o.recipient, o.payload, o.attempts`;
  const result = { sent: 0, retrying: 0, failed: 0 };
  for (const row of rows) {
    try {
      if (!row.recipient?.includes('@')) throw new PermanentError('no recipient address');
      const mail = await renderNotification(row.kind, row.payload);
      await sendMail({ to: row.recipient, ...mail });
      await db().notificationOutbox.update({
        where: { id: row.id },
        data: { status: 'SENT', sentAt: new Date(), lastError: null },
      });
      result.sent++;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const permanent = error instanceof PermanentError || row.attempts >= MAX_ATTEMPTS;
      await db().notificationOutbox.update({
        where: { id: row.id },
        data: permanent
          ? { status: 'FAILED', lastError: message }
          : { lastError: message, availableAt: new Date(Date.now() + backoffSeconds(row.attempts) * 1000) },
      });
      if (permanent) result.failed++;
      else result.retrying++;
      log.warn('notification not delivered', {
        id: row.id,
        kind: row.kind,
        attempts: row.attempts,
        permanent,
        err: message,
      });
    }
  }
  return result;
}
