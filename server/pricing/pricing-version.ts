import 'server-only';
import { forgetShowtimeContext } from '@/server/booking/showtime-context';
import type { Tx } from '@/server/db';

// What a hold is priced from (a showtime's prices and start, the pricing rules) is cached per
// process for a short time (server/booking/showtime-context.ts). A change must be charged at once:
// the writer bumps cinemas.pricing_version in its own transaction (the version the database owns,
// which caches on other instances can key on) and, once committed, drops this process's copies.
// Holds already priced keep the price they locked.

/** In the transaction of the change: bumps the version of these cinemas (null: every cinema). */
export async function bumpPricingVersion(tx: Tx, cinemaIds: readonly string[] | null): Promise<void> {
  if (cinemaIds === null) {
    await tx.$executeRaw`UPDATE cinemas SET pricing_version = pricing_version + 1`;
  } else if (cinemaIds.length) {
    await tx.$executeRaw`
      UPDATE cinemas SET pricing_version = pricing_version + 1 WHERE id = ANY(${[...cinemaIds]}::uuid[])`;
  }
}

/** After the commit: this process forgets what it cached (one showtime, or all of them). */
export function pricesChanged(showtimeId?: string): void {
  forgetShowtimeContext(showtimeId);
}
