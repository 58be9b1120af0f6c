import 'server-only';
import type { Prisma } from '@/prisma/generated/client';
import type { Tx } from '@/server/db';
import { logContext } from '@/server/log';

// The notification outbox: written in the same transaction as the change it reports, so a
// confirmed booking always has its confirmation queued, and a rolled-back one never does.
// A worker delivers them (email).

export type NotificationKind =
  | 'booking.confirmed'
  | 'booking.cancelled'
  | 'showtime.cancelled'
  // Queued by queue-reminders.ts (payload { reference, bookingId }).
  | 'booking.reminder'
  // Queued when a refund settles; payload { reference, refundId, amountMinor, currency }.
  | 'refund.succeeded'
  | 'refund.failed'
  | 'waitlist.offered'
  // Queued when a charge is given back because its booking could not be made (settle-payment.ts);
  // payload { paymentId, refundId, amountMinor }.
  | 'payment.reversed'
  | 'account.verify-email'
  | 'account.password-reset'
  // An invitation to work at cinemas; payload { invitationId, token } with the link's token sealed
  // (server/staff/invite-staff.ts).
  | 'staff.invited';

export async function enqueueNotification(
  tx: Tx,
  n: { kind: NotificationKind; recipient: string; payload: Prisma.InputJsonValue },
): Promise<void> {
  // The request that caused it rides along to the mail's headers (deliver-outbox.ts); a job has none.
  const requestId = logContext()?.requestId ?? null;
  await tx.notificationOutbox.create({
    data: { kind: n.kind, recipient: n.recipient, payload: n.payload, requestId },
  });
}
