import 'server-only';
import { AppError } from '@/lib/errors';
import { singleton } from '@/server/singleton';

// Runs work for one key (a row of seats of a showtime) one at a time within this process. Seat
// transactions that change one row all bump its version, so at SERIALIZABLE two of them at once
// means one aborts and retries (its snapshot is older than the other's commit); queueing them here
// turns that wasted work into a short wait, and the next one starts with a snapshot that has the
// row's latest state. Across instances the database still decides (and the retry loop handles the
// rare conflict).

type Slot = { tail: Promise<unknown>; waiting: number };
// A singleton: the custom server (scheduler) and Next's bundle load this module separately, and
// must share one queue per key.
const slots = singleton('key-locks', () => new Map<string, Slot>());

async function withKeyLock<T>(key: string, fn: () => Promise<T>, maxWaiting = 500): Promise<T> {
  let slot = slots.get(key);
  if (!slot) {
    slot = { tail: Promise.resolve(), waiting: 0 };
    slots.set(key, slot);
  }
  if (slot.waiting >= maxWaiting) {
    throw new AppError(
      'BUSY',
      'Too many people are booking this showtime right now; try again in a moment.',
      {
        retryAfter: 1,
      },
    );
  }
  const s = slot;
  s.waiting++;
  const run = s.tail.then(fn, fn);
  s.tail = run.catch(() => {});
  try {
    return await run;
  } finally {
    s.waiting--;
    if (s.waiting === 0 && slots.get(key) === s) slots.delete(key);
  }
}

/**
 * Runs work holding several keys, taken in sorted order so that two callers wanting overlapping
 * sets can never each hold one the other waits for.
 */
export async function withKeyLocks<T>(keys: string[], fn: () => Promise<T>, maxWaiting = 500): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const take = (i: number): Promise<T> =>
    i === sorted.length ? fn() : withKeyLock(sorted[i] as string, () => take(i + 1), maxWaiting);
  return take(0);
}

/** The key of one row of seats of a showtime. */
export const seatRowKey = (showtimeId: string, rowIndex: number): string => `seats:${showtimeId}:${rowIndex}`;
