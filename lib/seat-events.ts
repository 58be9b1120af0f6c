// The seat events a showtime publishes after each committed change. One batch per transaction,
// carrying the showtime's new seat version: a viewer that sees version N+2 after N knows it
// missed a batch and resyncs from a snapshot. Shared by server and client.

export type SeatEvent =
  | { type: 'seat.held'; seatIds: string[]; holdId: string }
  | { type: 'seat.released'; seatIds: string[]; holdId?: string }
  | { type: 'hold.expired'; seatIds: string[]; holdId: string }
  | { type: 'seat.sold'; seatIds: string[]; bookingReference?: string };

export type SeatEventBatch = {
  showtimeId: string;
  version: number;
  events: SeatEvent[];
  /** Server time of the commit, ms since epoch (for latency measurement). */
  committedAt: number;
};
