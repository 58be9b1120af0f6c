// The seat events a showtime publishes after each committed change. One batch per transaction,
// carrying the new seat version of each row of seats it changed. A showtime's seats are versioned
// by row, not as a whole, so that changes to different rows never wait for each other (the row is
// also everything the orphan-seat rule looks at): within a row, a viewer that sees version N+2
// after N knows it missed a batch and resyncs from a snapshot. Shared by server and client.

/** Seat version of each row of seats, by row index ("3": 17). A row not listed is at 0. */
export type RowVersions = Record<string, number>;

export type SeatEvent =
  | { type: 'seat.held'; seatIds: string[]; holdId: string }
  | { type: 'seat.released'; seatIds: string[]; holdId?: string }
  | { type: 'hold.expired'; seatIds: string[]; holdId: string }
  | { type: 'seat.sold'; seatIds: string[]; bookingReference?: string }
  // Out of service (or back): a blocked seat shows as blocked whatever it holds; one put back is
  // followed in the same batch by its hold or sale, if it has one.
  | { type: 'seat.blocked'; seatIds: string[] }
  | { type: 'seat.unblocked'; seatIds: string[] };

export type SeatEventBatch = {
  showtimeId: string;
  /** The rows this transaction changed, each at its new version. */
  versions: RowVersions;
  events: SeatEvent[];
  /** Server time of the commit, ms since epoch (for latency measurement). */
  committedAt: number;
};
