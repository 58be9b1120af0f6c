import 'server-only';
import { db } from '@/server/db';
import { publishWaitlistPlaces, type WaitlistPlace } from '@/server/events/waitlist-events';
import { log } from '@/server/log';
import { singleton } from '@/server/singleton';

// A waiting customer's place in line, kept live. Whatever changes a showtime's line of WAITING
// entries (a waiter leaves, is offered seats, their account is deleted) calls waitlistLineChanged
// after its change commits. Shortly after, one query numbers the whole line again with a window
// function and records each waiter's number (waitlist_renumber(), migration
// 20261209030000_waitlist_live_place); it returns only the waiters whose number differs from the
// one they were last told, and those alone are published, so a waiter whose place did not move
// hears nothing. Someone joining at the back moves nobody, and is told their place in the join's
// answer (recorded by joinWaitlist), so a join sends nothing.
//
// Cheap under bursts, like the offer engine's trigger (waitlist-triggers.ts): the changes of one
// showtime within DEBOUNCE_MS make one numbering, and changes made while a numbering runs make
// exactly one more after it. Across instances the function's advisory lock makes numberings of
// one showtime take turns; each instance numbers only the lines changed on it.

const DEBOUNCE_MS = 100;

/** Numbers one showtime's line now and publishes the places that moved (after they commit). */
export async function renumberWaitlist(options: { showtimeId: string }): Promise<WaitlistPlace[]> {
  const rows = await db().$queryRaw<{ entry_id: string; waiter_id: string; place: number }[]>`
    SELECT entry_id::text, waiter_id::text, place FROM waitlist_renumber(${options.showtimeId}::uuid)`;
  const places = rows.map((r) => ({ userId: r.waiter_id, entryId: r.entry_id, position: r.place }));
  if (places.length > 0) publishWaitlistPlaces({ showtimeId: options.showtimeId, places });
  return places;
}

type Line = { timer: NodeJS.Timeout | null; running: boolean; again: boolean };
// A singleton: route handlers and server actions (Next's bundle) and the scheduler (the custom
// server) load this module separately and must share one timer per showtime.
const lines = singleton('waitlist-lines', () => new Map<string, Line>());

/** Schedules a numbering of the showtime's line; call after the change has committed. */
export function waitlistLineChanged(showtimeId: string): void {
  let line = lines.get(showtimeId);
  if (!line) {
    line = { timer: null, running: false, again: false };
    lines.set(showtimeId, line);
  }
  // The numbering under way may have read the line before this change: one more after it.
  if (line.running) line.again = true;
  else if (!line.timer) {
    const l = line;
    l.timer = setTimeout(() => void drain(showtimeId, l), DEBOUNCE_MS);
  }
}

async function drain(showtimeId: string, line: Line): Promise<void> {
  line.timer = null;
  line.running = true;
  try {
    do {
      line.again = false;
      await renumberWaitlist({ showtimeId }).catch((error: unknown) =>
        // The next change of this line numbers it again; a page also reads its place on connect.
        log.warn('numbering a waitlist failed', { showtimeId, err: String(error) }),
      );
    } while (line.again);
  } finally {
    line.running = false;
    if (!line.timer && lines.get(showtimeId) === line) lines.delete(showtimeId);
  }
}
