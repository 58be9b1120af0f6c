import 'server-only';
import { EventEmitter } from 'node:events';
import type { SeatEventBatch } from '@/lib/seat-events';
import { log } from '@/server/log';
import { singleton } from '@/server/singleton';

// The booking domain's bus for seat changes. Use cases publish a batch only after their
// transaction has committed, so nobody ever hears of a change that was rolled back. Transports
// and other domains subscribe: Socket.IO fans batches out to viewers (server/realtime/io.ts), the
// waitlist offers freed seats, the process's copy of seat rows stays current. The domain never
// imports a transport.

type Listener = (batch: SeatEventBatch) => void;

/**
 * Sent as the showtime for "any showtime's seats may have changed, even backwards": the database
 * recovered from a crash (server/db/recovery-watch.ts), so seat states committed asynchronously
 * just before it may be gone and row versions may be handed out again. Every copy is dropped, and
 * live viewers are told to take a fresh snapshot (`seats:resync`).
 */
export const EVERY_SHOWTIME = '*';
/** Which showtime's seats changed, and whether here or on another instance. */
type ChangeListener = (showtimeId: string, origin: 'local' | 'remote') => void;

const bus = singleton('seat-events', () => new EventEmitter().setMaxListeners(100));

export function publishSeatEvents(batch: SeatEventBatch): void {
  // A batch that bumped a row is published even with no event left in it (its seats changed back
  // under it): viewers must see every version of a row, or they take the next one for a gap.
  if (Object.keys(batch.versions).length === 0) return;
  for (const listener of bus.listeners('batch') as Listener[]) {
    try {
      listener(batch);
    } catch (error) {
      // A subscriber's failure must never turn a committed booking into an error for its caller.
      log.error('a seat event subscriber failed', { err: String(error), showtimeId: batch.showtimeId });
    }
  }
  changed(batch.showtimeId, 'local');
}

function changed(showtimeId: string, origin: 'local' | 'remote'): void {
  for (const listener of bus.listeners('changed') as ChangeListener[]) {
    try {
      listener(showtimeId, origin);
    } catch (error) {
      log.error('a seat change subscriber failed', { err: String(error), showtimeId });
    }
  }
}

/**
 * Another instance committed seat changes on this showtime (server/events/cluster.ts heard it).
 * Its viewers' deltas travel through the Socket.IO adapter; this only tells this process's
 * copies that they are out of date.
 */
export function seatsChangedElsewhere(showtimeId: string): void {
  changed(showtimeId, 'remote');
}

/** Every copy of seat states must start again from the database (see EVERY_SHOWTIME). */
export function forgetEverySeat(): void {
  changed(EVERY_SHOWTIME, 'local');
}

/** Subscribes to "this showtime's seats changed", here or elsewhere; returns the unsubscribe. */
export function onSeatsChanged(listener: ChangeListener): () => void {
  bus.on('changed', listener);
  return () => bus.off('changed', listener);
}

/** Subscribes to committed seat changes; returns the unsubscribe function. */
export function onSeatEvents(listener: Listener): () => void {
  bus.on('batch', listener);
  return () => bus.off('batch', listener);
}
