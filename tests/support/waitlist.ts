import { holdSeats } from '@/server/booking/hold-seats';
import { releaseHold } from '@/server/booking/release-hold';
import { createBookableShowtime, createUser } from './factories';

/**
 * A sold-out row of four for the waitlist tests: two other customers hold two seats each, so
 * nobody can book two side by side; `releasePair` gives the right-hand pair (A3, A4) back.
 */
export async function soldOutRowOfFour() {
  const { showtime, seats } = await createBookableShowtime({ rows: 1, cols: 4 });
  const [left, right] = [await createUser(), await createUser()];
  await holdSeats({ userId: left.id, showtimeId: showtime.id, seatIds: [seats[0]!.id, seats[1]!.id] });
  const pairSeatIds = [seats[2]!.id, seats[3]!.id];
  const pair = await holdSeats({ userId: right.id, showtimeId: showtime.id, seatIds: pairSeatIds });
  return {
    showtimeId: showtime.id,
    pairSeatIds,
    releasePair: () => releaseHold({ userId: right.id, holdId: pair.holdId }),
  };
}
