import 'server-only';
import type { SeatEventBatch } from '@/lib/seat-events';
import { db } from '@/server/db';
import { onSeatEvents } from '@/server/events/seat-events';
import { log } from '@/server/log';
import { existingSingleton, setSingleton } from '@/server/singleton';
import { offerSeats } from '@/server/waitlist/offer-seats';
import { closeEndedWaitlists, settleOffers } from '@/server/waitlist/settle-offers';

// What runs the offer engine: (1) seats coming free in this process (a release, an expiry, a
// cancelled booking or a declined payment all publish seat.released or hold.expired on the seat
// bus), shortly after, so a burst of events makes one run; (2) a periodic sweep, once across
// instances (server/scheduler.ts), that settles every finished offer and runs the engine for every
// showtime with people waiting: it covers seats freed on other instances, and restarts.

const DEBOUNCE_MS = 250;

type Watch = { stop: () => void };
const WATCH = 'waitlist-watch';

/** Starts listening for freed seats (once per process); returns the function that stops it. */
export function watchFreedSeats(options: { debounceMs?: number } = {}): () => void {
  const running = existingSingleton<Watch>(WATCH);
  if (running) return running.stop;
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;
  const timers = new Map<string, NodeJS.Timeout>();
  const listener = (batch: SeatEventBatch) => {
    if (
      !batch.events.some(
        (e) => e.type === 'seat.released' || e.type === 'hold.expired' || e.type === 'seat.unblocked',
      )
    )
      return;
    const showtimeId = batch.showtimeId;
    if (timers.has(showtimeId)) return;
    timers.set(
      showtimeId,
      setTimeout(() => {
        timers.delete(showtimeId);
        offerSeats({ showtimeId }).catch((error: unknown) =>
          log.warn('waitlist offers failed for a showtime', { showtimeId, err: String(error) }),
        );
      }, debounceMs),
    );
  };
  const unsubscribe = onSeatEvents(listener);
  const watch: Watch = {
    stop: () => {
      unsubscribe();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      if (existingSingleton<Watch>(WATCH) === watch) setSingleton(WATCH, undefined);
    },
  };
  setSingleton(WATCH, watch);
  return watch.stop;
}

export async function sweepWaitlists(
  options: { maxShowtimes?: number } = {},
): Promise<{ showtimes: number; offers: number; settled: number; closed: number }> {
  const settled = (await settleOffers()).length;
  const closed = await closeEndedWaitlists();
  const due = await db().$queryRaw<{ showtime_id: string }[]>`
    SELECT DISTINCT w.showtime_id::text FROM waitlist_entries w JOIN showtimes s ON s.id = w.showtime_id
    WHERE w.status = 'WAITING' AND s.status = 'SCHEDULED' AND s.starts_at > now()
    LIMIT ${options.maxShowtimes ?? 500}`;
  let offers = 0;
  for (const { showtime_id: showtimeId } of due) {
    try {
      offers += (await offerSeats({ showtimeId })).offers.length;
    } catch (error) {
      // One failing showtime must not stop the sweep for the others; it is retried next round.
      log.warn('waitlist offers failed for a showtime', { showtimeId, err: String(error) });
    }
  }
  return { showtimes: due.length, offers, settled, closed };
}
