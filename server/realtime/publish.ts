import 'server-only';
import { EventEmitter } from 'node:events';
import { SEATS_NAMESPACE } from '@/lib/realtime-protocol';
import type { SeatEventBatch } from '@/lib/seat-events';
import { log } from '@/server/log';
import { getIo } from '@/server/realtime/io';
import { showtimeRoom } from '@/server/realtime/rooms';

// Domain code calls publishSeatEvents() only after its transaction has committed, so no viewer
// ever sees a change that was rolled back. In-process listeners (waitlist, tests) subscribe to
// the bus; Socket.IO fans the batch out to the showtime's room (across instances through the
// PostgreSQL adapter when several run).

type G = typeof globalThis & { __marqueeSeatBus?: EventEmitter };
const g = globalThis as G;
g.__marqueeSeatBus ??= new EventEmitter().setMaxListeners(100);

export const seatBus: EventEmitter = g.__marqueeSeatBus;

export function publishSeatEvents(batch: SeatEventBatch): void {
  // A batch that bumped a row is published even with no event left in it (its seats changed back
  // under it): viewers must see every version of a row, or they take the next one for a gap.
  if (Object.keys(batch.versions).length === 0) return;
  try {
    seatBus.emit('batch', batch);
    getIo()?.of(SEATS_NAMESPACE).to(showtimeRoom(batch.showtimeId)).emit('seats:delta', batch);
  } catch (error) {
    // Publishing must never turn a committed booking into an error for its caller.
    log.error('publishing seat events failed', { err: String(error), showtimeId: batch.showtimeId });
  }
}
