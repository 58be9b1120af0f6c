import { z } from 'zod';
import type { ErrorBody } from '@/lib/errors';
import type { SeatMap } from '@/lib/schemas/seat-map';
import type { WaitlistEntryView } from '@/lib/schemas/waitlist';
import type { RowVersions, SeatEventBatch } from '@/lib/seat-events';

// The live seat protocol on Socket.IO namespace /seats, typed for both ends. A viewer joins a
// showtime's room and gets a snapshot (every seat's state and the seat version of every row), then
// deltas: one batch per committed transaction, with version + 1 on each row it changed. A gap in
// a row's versions, or a reconnect, means "resync from a snapshot". Anyone may watch; a signed-in
// socket's snapshot also marks its own hold. Holding is not a socket message: the seat picker holds
// through the REST API like any other client, and the change comes back here as a delta.

export const SEATS_NAMESPACE = '/seats';

export type Ack<T> = ({ ok: true } & T) | ({ ok: false } & ErrorBody);

export const showtimeRefSchema = z.object({ showtimeId: z.uuid() });

export type JoinAck = Ack<{ snapshot: SeatMap; viewers: number }>;
export type SyncAck = Ack<{ snapshot: SeatMap }>;

export type Presence = { showtimeId: string; viewers: number };

/**
 * The signed-in viewer's waitlist entry for a showtime, at the time of asking (null: none). Asked
 * with `waitlist:watch` on every (re)connect, which also subscribes the socket to that viewer's
 * offers for the showtime: `waitlist:offer` arrives the moment seats are held for them.
 */
export type WaitlistWatchAck = Ack<{ entry: WaitlistEntryView | null }>;

/** The watching viewer's own new place in a showtime's line (1 = next), sent only when it moved. */
export type WaitlistPosition = { showtimeId: string; entryId: string; position: number };

export type SeatsServerToClient = {
  'seats:delta': (batch: SeatEventBatch) => void;
  'seats:presence': (presence: Presence) => void;
  /**
   * Take a fresh snapshot of every showtime watched (`seats:sync`): the database recovered from a
   * crash, and seat changes made just before it may be undone, their row versions reused.
   */
  'seats:resync': () => void;
  /** Seats were just held for this (signed-in) viewer from a showtime's waitlist it watches. */
  'waitlist:offer': (entry: WaitlistEntryView) => void;
  /** This viewer's place in a watched showtime's waitlist moved (someone ahead left the line). */
  'waitlist:position': (place: WaitlistPosition) => void;
};

export type SeatsClientToServer = {
  'seats:join': (payload: z.input<typeof showtimeRefSchema>, ack: (r: JoinAck) => void) => void;
  'seats:leave': (payload: z.input<typeof showtimeRefSchema>) => void;
  'seats:sync': (payload: z.input<typeof showtimeRefSchema>, ack: (r: SyncAck) => void) => void;
  'waitlist:watch': (payload: z.input<typeof showtimeRefSchema>, ack: (r: WaitlistWatchAck) => void) => void;
};

/**
 * What a client does with a delta, given the row versions it has: apply it (every row it changed
 * is one ahead), ignore it (already in the copy: a snapshot holds a transaction whole or not at
 * all), or resync (a row skipped a version, so a batch was missed or overtaken).
 */
export function classifyDelta(current: RowVersions, incoming: RowVersions): 'apply' | 'stale' | 'gap' {
  const rows = Object.entries(incoming);
  if (rows.every(([row, v]) => v <= (current[row] ?? 0))) return 'stale';
  return rows.every(([row, v]) => v === (current[row] ?? 0) + 1) ? 'apply' : 'gap';
}

/** Whether a copy at `current` already includes a change that left its rows at `target`. */
export function caughtUp(current: RowVersions, target: RowVersions): boolean {
  return Object.entries(target).every(([row, v]) => (current[row] ?? 0) >= v);
}
