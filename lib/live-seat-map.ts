import { classifyDelta } from '@/lib/realtime-protocol';
import type { SeatMap } from '@/lib/schemas/seat-map';
import type { RowVersions, SeatEventBatch } from '@/lib/seat-events';

// A viewer's copy of a showtime's seat states: a snapshot plus the deltas after it. Pure, so the
// seat picker and the tests share it. `apply` says when the copy can no longer be trusted (a
// row's version skipped one): the caller then resyncs from a fresh snapshot.

export type LiveSeatState = 'available' | 'held' | 'sold' | 'blocked';

export class LiveSeatMap {
  versions: RowVersions;
  readonly states = new Map<string, LiveSeatState>();
  /** Seats held by the viewer's own holds. */
  readonly mine = new Set<string>();
  /** Seats out of service: shown as blocked whatever their holds and sales do meanwhile. */
  private readonly blocked = new Set<string>();
  private readonly myHolds = new Set<string>();

  constructor(snapshot: SeatMap) {
    this.versions = { ...snapshot.versions };
    this.reset(snapshot);
  }

  reset(snapshot: SeatMap): void {
    this.versions = { ...snapshot.versions };
    this.states.clear();
    this.mine.clear();
    this.blocked.clear();
    for (const s of snapshot.seats) {
      this.states.set(s.id, s.state);
      if (s.state === 'blocked') this.blocked.add(s.id);
      if (s.mine) this.mine.add(s.id);
    }
    if (snapshot.myHold) this.myHolds.add(snapshot.myHold.holdId);
  }

  /** Remember a hold as the viewer's own (its seat.held event marks the seats as mine). */
  claimHold(holdId: string): void {
    this.myHolds.add(holdId);
  }

  apply(batch: SeatEventBatch): 'applied' | 'stale' | 'gap' {
    const kind = classifyDelta(this.versions, batch.versions);
    if (kind !== 'apply') return kind;
    for (const e of batch.events) {
      for (const id of e.seatIds) {
        if (e.type === 'seat.blocked') {
          this.blocked.add(id);
          this.states.set(id, 'blocked');
          continue;
        }
        if (e.type === 'seat.unblocked') this.blocked.delete(id);
        const state = e.type === 'seat.held' ? 'held' : e.type === 'seat.sold' ? 'sold' : 'available';
        this.states.set(id, this.blocked.has(id) ? 'blocked' : state);
        if (e.type === 'seat.held' && this.myHolds.has(e.holdId)) this.mine.add(id);
        else this.mine.delete(id);
      }
    }
    this.versions = { ...this.versions, ...batch.versions };
    return 'applied';
  }
}
