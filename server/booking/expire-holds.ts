import 'server-only';
import { endedHoldEvents, endHolds } from '@/server/booking/end-holds';
import { withKeyLock } from '@/server/booking/keyed-mutex';
import { db } from '@/server/db';
import { serializable } from '@/server/db/transaction';
import { log } from '@/server/log';
import { publishSeatEvents } from '@/server/realtime/publish';

// The sweep that turns overdue holds into EXPIRED and tells viewers their seats are free. Seats
// of an overdue hold are already bookable before it runs (every writer ignores expired claims);
// the sweep makes the state explicit and the seat map live.

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
      const ended = await withKeyLock(`showtime:${showtimeId}`, () =>
        serializable((tx) => endHolds(tx, { showtimeId, due: true, as: 'EXPIRED' }), {
          label: 'expire-holds',
        }),
      );
      holds += ended.holdIds.length;
      if (ended.version !== null) {
        publishSeatEvents({
          showtimeId,
          version: ended.version,
          events: endedHoldEvents(ended, 'hold.expired'),
          committedAt: Date.now(),
        });
      }
    } catch (error) {
      // One busy showtime must not stop the sweep for the others; it is retried next round.
      log.warn('expiring holds failed for a showtime', { showtimeId, err: String(error) });
    }
  }
  return { holds, showtimes: due.length };
}
