import 'server-only';
import type { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';
import { log } from '@/server/log';
import { PermanentError, renderNotification, SkipNotification } from '@/server/mail/notification-mail';
import { sendMail } from '@/server/mail/send-mail';

// Delivers the notification outbox (rows written in the same transaction as the booking change
// they report). A run claims due rows by pushing their availableAt out by a lease, so a crashed
// run's rows come back by themselves and two runs never send one row twice (the scheduler also
// runs one delivery at a time across instances). Failures are retried with exponential backoff;
// after MAX_ATTEMPTS, or at once when a row cannot be rendered, the row is FAILED. A row with
// nothing true left to say (a reminder for a cancelled booking) is SKIPPED, with the reason.

export const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 120;

/** Seconds before the next try after `attempts` failures: 30 s, 1, 2, 4 … capped at an hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

type Row = {
  id: string;
  kind: string;
  recipient: string;
  payload: unknown;
  attempts: number;
  request_id: string | null;
};

export async function deliverOutbox(options: { limit?: number; recipient?: string } = {}): Promise<{
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
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
    RETURNING o.id, o.kind, o.recipient, o.payload, o.attempts, o.request_id`;
  const result = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  for (const row of rows) {
    try {
      if (!row.recipient?.includes('@')) throw new PermanentError('no recipient address');
      const { mail, reported } = await renderNotification(row.kind, row.payload);
      await sendMail({ to: row.recipient, ...mail, requestId: row.request_id ?? undefined });
      await db().notificationOutbox.update({
        where: { id: row.id },
        data: {
          status: 'SENT',
          sentAt: new Date(),
          lastError: null,
          ...(reported ? { payload: { ...(row.payload as Prisma.InputJsonObject), reported } } : {}),
        },
      });
      result.sent++;
    } catch (error) {
      if (error instanceof SkipNotification) {
        await db().notificationOutbox.update({
          where: { id: row.id },
          data: { status: 'SKIPPED', lastError: `skipped: ${error.message}` },
        });
        result.skipped++;
        continue;
      }
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
