import 'server-only';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { readCommitted } from '@/server/db/transaction';
import { deskBookingRef, seesAddresses } from '@/server/desk/desk-access';
import { enqueueNotification } from '@/server/notifications/enqueue';

// The desk sends a customer their tickets again: the confirmation mail (tickets PDF, calendar
// file, invoice, rendered from the booking as it is now) queued through the outbox, audited. A
// resend already waiting in the outbox is not queued twice (a double click, two people at the
// desk): the booking row is locked while we look.

export async function resendDeskTickets(options: {
  viewer: Viewer;
  reference: string;
}): Promise<{ reference: string; recipient: string; queued: boolean }> {
  const ref = await deskBookingRef(options.viewer, options.reference);
  return readCommitted(async (tx) => {
    const [b] = await tx.$queryRaw<{ status: string; email: string | null; name: string | null }[]>`
      SELECT b.status::text, coalesce(b.customer_email, u.email) AS email, coalesce(b.customer_name, u.name) AS name
      FROM bookings b LEFT JOIN users u ON u.id = b.user_id
      WHERE b.id = ${ref.id}::uuid FOR UPDATE OF b`;
    if (!b) throw new AppError('NOT_FOUND', 'Booking not found.');
    if (b.status !== 'CONFIRMED') {
      throw new AppError('CONFLICT', 'This booking is cancelled: there are no tickets to send.', {
        details: { reason: 'cancelled' },
      });
    }
    if (!b.email) {
      throw new AppError(
        'CONFLICT',
        'There is no email address for this booking: print the tickets instead.',
        {
          details: { reason: 'no-email' },
        },
      );
    }
    const waiting = await tx.notificationOutbox.findFirst({
      where: {
        kind: 'booking.confirmed',
        status: 'PENDING',
        recipient: b.email,
        payload: { path: ['reference'], equals: ref.reference },
      },
      select: { id: true },
    });
    if (!waiting) {
      await enqueueNotification(tx, {
        kind: 'booking.confirmed',
        recipient: b.email,
        payload: { reference: ref.reference, bookingId: ref.id, name: b.name, resent: true },
      });
    }
    await recordAudit(tx, {
      actor: options.viewer,
      action: 'booking.resend-tickets',
      entityType: 'booking',
      entityId: ref.reference,
      before: { queued: waiting !== null },
      after: { queued: true, alreadyWaiting: waiting !== null },
    });
    // Addresses only for those who may see them (door staff see names).
    return {
      reference: ref.reference,
      recipient: maskFor(options.viewer, ref.cinemaId, b.email),
      queued: !waiting,
    };
  });
}

function maskFor(viewer: Viewer, cinemaId: string, email: string): string {
  if (seesAddresses(viewer, cinemaId)) return email;
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 1)}…@${domain}`;
}
