import 'server-only';
import { endedHoldEvents, endHolds } from '@/server/booking/end-holds';
import { db } from '@/server/db';
import { serializableStatement } from '@/server/db/transaction';
import { publishSeatEvents } from '@/server/events/seat-events';
import { log } from '@/server/log';

// The sweep that turns overdue holds into EXPIRED and tells viewers their seats are free. Seats
// of an overdue hold are already bookable before it runs (every writer ignores expired claims);
// the sweep makes the state explicit and the seat map live. Each showtime's sweep is one
// statement (end_holds) on the seat-writer pool; it is not queued behind the showtime's holds in
// this process: it conflicts only with those on the same rows, and a showtime it loses to is
// retried, then left for the next round.

export async function expireHolds(
  options: { maxShowtimes?: number } = {},
): Promise<{ holds: number; showtimes: number }> {
  const due = await db().$queryRaw<{ showtime_id: string }[]>`
    SELECT DISTINCT showtime_id::text FROM seat_holds
    WHERE status = 'ACTIVE' AND expires_at <= now()
    LIMIT ${options.maxShowtimes ?? 500}`;
  let holds = 0;
  for (const { showtime_id: showtimeId } of due) {
    try {
      const ended = await serializableStatement(
        (writer) => endHolds(writer, { showtimeId, due: true, as: 'EXPIRED' }),
        { label: 'expire-holds' },
      );
      holds += ended.holdIds.length;
      publishSeatEvents({
        showtimeId,
        versions: ended.versions,
        events: endedHoldEvents(ended, 'hold.expired'),
        committedAt: Date.now(),
      });
    } catch (error) {
      // One busy showtime must not stop the sweep for the others; it is retried next round.
      log.warn('expiring holds failed for a showtime', { showtimeId, err: String(error) });
    }
  }
  return { holds, showtimes: due.length };
}
