import 'server-only';

// The rows of seats each hold made by this process holds, so that releasing it can queue behind
// holds on the same rows (keyed-mutex.ts) without first asking the database. Only a hint: a hold
// made by another instance, or forgotten here, is released without queueing, and the database
// still decides (a conflict is retried). Bounded; an entry outlives its hold by at most the bound.

type Entry = { showtimeId: string; rows: number[] };
const MAX = 50_000;
const g = globalThis as typeof globalThis & { __marqueeHoldRows?: Map<string, Entry> };
g.__marqueeHoldRows ??= new Map();
const known = g.__marqueeHoldRows;

export function rememberHoldRows(holdId: string, entry: Entry): void {
  known.set(holdId, entry);
  if (known.size > MAX) {
    const oldest = known.keys().next().value;
    if (oldest) known.delete(oldest);
  }
}

/** The rows a hold made here holds, once: a released hold is not released twice. */
export function takeHoldRows(holdId: string): Entry | undefined {
  const entry = known.get(holdId);
  known.delete(holdId);
  return entry;
}
