import 'server-only';
import { type Db, db } from '@/server/db';
import { env } from '@/server/env';

// Reminder mail, REMINDER_HOURS_BEFORE (default 3) before each show, exactly once per booking,
// however many instances run this and however often they restart. One statement marks the due
// bookings (reminder_queued_at, only where it is still NULL) and inserts their outbox rows from
// what the marking returned: both happen or neither does, and a second runner, even one running
// at the same moment, finds the rows already marked (under READ COMMITTED the UPDATE waits for
// the first runner's row locks and then re-checks reminder_queued_at IS NULL). The scheduler's
// advisory lock only saves work; correctness does not depend on it.
//
// Bookings made inside the window (a show in an hour) get their reminder on the next run, unless
// the show starts within SKIP_WITHIN_MINUTES: then the confirmation, minutes old, is reminder
// enough, and a reminder could arrive after the doors opened. Such bookings are never marked,
// so they are looked at again each run until the show starts and leaves the window. A booking
// without an email address (its customer deleted their account) is marked and gets no row.

const SKIP_WITHIN_MINUTES = 15;

export async function queueReminders(options: { client?: Db; hoursBefore?: number } = {}): Promise<number> {
  const hours = options.hoursBefore ?? env().REMINDER_HOURS_BEFORE;
  if (hours <= 0) return 0;
  const client = options.client ?? db();
  const windowSeconds = Math.round(hours * 3600);
  const rows = await client.$queryRaw<{ id: string }[]>`
    WITH due AS (
      UPDATE bookings b
         SET reminder_queued_at = now()
        FROM showtimes s
       WHERE s.id = b.showtime_id
         AND b.status = 'CONFIRMED'
         AND b.reminder_queued_at IS NULL
         AND s.status = 'SCHEDULED'
         AND s.starts_at > now() + make_interval(mins => ${SKIP_WITHIN_MINUTES})
         AND s.starts_at <= now() + make_interval(secs => ${windowSeconds})
      RETURNING b.id, b.reference, b.customer_email
    )
    INSERT INTO notification_outbox (kind, recipient, payload)
    SELECT 'booking.reminder', due.customer_email,
           jsonb_build_object('reference', due.reference, 'bookingId', due.id)
      FROM due
     WHERE due.customer_email IS NOT NULL
    RETURNING id`;
  return rows.length;
}
