import 'server-only';
import { LRUCache } from 'lru-cache';
import type { SeatEventBatch } from '@/lib/seat-events';
import { EVERY_SHOWTIME, onSeatEvents, onSeatsChanged } from '@/server/events/seat-events';
import { singleton } from '@/server/singleton';

// This process's copy of some rows of seats: each row's version and its live claims at exactly
// that version, and which hold each user has on a showtime and on which rows. It lets a hold be
// judged and written in one round trip (hold-seats.ts): the write compares the versions the copy
// was at, so a stale copy costs a failed write and a fresh read, never a wrong judgement. So the
// copy must be exact at its version, never merely recent:
//   - a row is stored only from a read that returned it (a newer version wins);
//   - a change this process commits is applied only onto the version it was made from;
//   - any other batch published here (a sale, a cancellation, the sweep) for a row at another
//     version drops that row; other instances' changes are caught by the comparison.
// Rows and holds are bounded; the least recently used go first.

/** A live claim (HELD, overdue or not, or SOLD) as the database has it. */
export type CachedClaim = {
  seatId: string;
  claimId: string;
  holdId: string;
  userId: string | null;
  /** ms since epoch */
  expiresAt: number;
  sold: boolean;
};
export type RowState = { version: number; claims: CachedClaim[] };
type KnownHold = { holdId: string; showtimeId: string; userId: string; rows: number[] };

type Cache = {
  showtimes: LRUCache<string, Map<number, RowState>>;
  holds: LRUCache<string, KnownHold>;
  users: LRUCache<string, string>;
  stop?: () => void;
};
const MAX_SHOWTIMES = 2_000;
const MAX_HOLDS = 50_000;

const cache = singleton<Cache>('seat-rows', () => ({
  showtimes: new LRUCache({ max: MAX_SHOWTIMES }),
  holds: new LRUCache({ max: MAX_HOLDS }),
  users: new LRUCache({ max: MAX_HOLDS }),
}));

function showtimeRows(showtimeId: string, create: true): Map<number, RowState>;
function showtimeRows(showtimeId: string, create: false): Map<number, RowState> | undefined;
function showtimeRows(showtimeId: string, create: boolean): Map<number, RowState> | undefined {
  let rows = cache.showtimes.get(showtimeId);
  if (!rows && create) {
    rows = new Map();
    cache.showtimes.set(showtimeId, rows);
  }
  return rows;
}

// Batches published by anyone else in this process: a row we hold at another version is dropped.
function watch(): void {
  if (cache.stop) return;
  const listener = (batch: SeatEventBatch) => {
    const rows = showtimeRows(batch.showtimeId, false);
    if (!rows) return;
    for (const [row, version] of Object.entries(batch.versions)) {
      if (rows.get(Number(row))?.version !== version) rows.delete(Number(row));
    }
  };
  const stopBatches = onSeatEvents(listener);
  // After a database crash a row's version can be handed out again with other claims: "a newer
  // version wins" would keep the lost one, so everything goes.
  const stopEverything = onSeatsChanged((showtimeId) => {
    if (showtimeId !== EVERY_SHOWTIME) return;
    cache.showtimes.clear();
    cache.holds.clear();
    cache.users.clear();
  });
  cache.stop = () => {
    stopBatches();
    stopEverything();
  };
}

/** The rows, all of them, or nothing. */
export function cachedRows(showtimeId: string, rows: number[]): Map<number, RowState> | null {
  watch();
  const all = showtimeRows(showtimeId, false);
  if (!all) return null;
  const out = new Map<number, RowState>();
  for (const r of rows) {
    const state = all.get(r);
    if (!state) return null;
    out.set(r, state);
  }
  return out;
}

/**
 * Rows as a read returned them; an older version never replaces a newer one. At the same version
 * the read wins: it has the same claims, and their expiry as it is now (a payment in progress
 * extends a hold without changing its rows).
 */
export function storeRows(showtimeId: string, rows: Map<number, RowState>): void {
  watch();
  const all = showtimeRows(showtimeId, true);
  for (const [r, state] of rows) {
    const have = all.get(r);
    if (!have || have.version <= state.version) all.set(r, state);
  }
}

/**
 * A change this process committed to a row, applied only onto the version it was made from
 * (anything else drops the row): claims matching `removed` go, `added` come.
 */
export function applyToRow(
  showtimeId: string,
  change: {
    row: number;
    from: number;
    to: number;
    removed: (c: CachedClaim) => boolean;
    added: CachedClaim[];
  },
): void {
  const all = showtimeRows(showtimeId, false);
  const have = all?.get(change.row);
  if (!all || !have) return;
  if (have.version !== change.from || change.to !== change.from + 1) {
    all.delete(change.row);
    return;
  }
  all.set(change.row, {
    version: change.to,
    claims: [...have.claims.filter((c) => !change.removed(c)), ...change.added],
  });
}

export function forgetRows(showtimeId: string, rows: number[]): void {
  const all = showtimeRows(showtimeId, false);
  for (const r of rows) all?.delete(r);
}

const userKey = (userId: string, showtimeId: string) => `${userId}:${showtimeId}`;

/** A hold this process made and has not seen end: its rows, and its owner's hold on the showtime. */
export function rememberHold(hold: KnownHold): void {
  cache.holds.set(hold.holdId, hold);
  cache.users.set(userKey(hold.userId, hold.showtimeId), hold.holdId);
}

export function knownHold(holdId: string): KnownHold | undefined {
  return cache.holds.get(holdId);
}

/** The user's hold on the showtime as far as this process knows: null when it knows of none. */
export function knownHoldOf(userId: string, showtimeId: string): KnownHold | null {
  const holdId = cache.users.get(userKey(userId, showtimeId));
  return (holdId && cache.holds.get(holdId)) || null;
}

export function forgetHold(holdId: string): void {
  const hold = cache.holds.get(holdId);
  cache.holds.delete(holdId);
  if (hold && cache.users.get(userKey(hold.userId, hold.showtimeId)) === holdId) {
    cache.users.delete(userKey(hold.userId, hold.showtimeId));
  }
}
