import 'server-only';
import { AppError } from '@/lib/errors';

// Runs work for one key (a showtime) one at a time within this process. Seat transactions on one
// showtime all bump its seat version, so at SERIALIZABLE two of them at once means one aborts
// and retries; queueing them here turns that wasted work into a short wait. Across instances
// the database still decides (and the retry loop handles the rare conflict).

type Slot = { tail: Promise<unknown>; waiting: number };
// On globalThis: the custom server (scheduler) and Next's bundle load this module separately,
// and must share one queue per showtime.
const g = globalThis as typeof globalThis & { __marqueeKeyLocks?: Map<string, Slot> };
g.__marqueeKeyLocks ??= new Map();
const slots = g.__marqueeKeyLocks;

export async function withKeyLock<T>(key: string, fn: () => Promise<T>, maxWaiting = 500): Promise<T> {
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
