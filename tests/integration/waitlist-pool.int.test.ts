import { describe, expect, it } from 'vitest';
import { holdSeats } from '@/server/booking/hold-seats';
import { releaseHold } from '@/server/booking/release-hold';
import { db, disconnectDb } from '@/server/db';
import { refreshEnv } from '@/server/env';
import { joinWaitlist } from '@/server/waitlist/join-waitlist';
import { offerSeats } from '@/server/waitlist/offer-seats';
import { createBookableShowtime, createUser } from '../support/factories';

// Issue 11, item 1: a waitlist run held one connection of the app's pool in a transaction (for its
// advisory lock) and then queried through db(), which needs a second connection of the same pool.
// With as many concurrent runs as the pool has connections, every run waited for a connection that
// only a finished run could give back: the whole app (health, holds, checkout) hung until the
// runs' 120 s transaction timeout. Here the pool has two connections and six runs start at once.

const POOL = 2;
const RUNS = 6;
// Far above what six small runs need (well under a second); the broken code needed 120 s.
const HANG_MS = 20_000;

process.env.DATABASE_POOL_SIZE = String(POOL);

function deadline<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not finish in ${HANG_MS} ms`)), HANG_MS).unref(),
    ),
  ]);
}

/** A sold-out showtime of four seats with one waiter for two; then the four seats come free. */
async function showtimeWithWaiter() {
  const { showtime, seats } = await createBookableShowtime({ rows: 1, cols: 4 });
  const holder = await createUser();
  const hold = await holdSeats({
    userId: holder.id,
    showtimeId: showtime.id,
    seatIds: seats.map((s) => s.id),
  });
  const waiter = await createUser();
  await joinWaitlist({ userId: waiter.id, showtimeId: showtime.id, seats: 2 });
  await releaseHold({ userId: holder.id, holdId: hold.holdId });
  return showtime.id;
}

describe('waitlist runs and the connection pool', () => {
  it(`${RUNS} concurrent runs on a pool of ${POOL} finish, and the pool keeps answering meanwhile`, async () => {
    await disconnectDb();
    refreshEnv();
    const showtimeIds: string[] = [];
    for (let i = 0; i < RUNS; i++) showtimeIds.push(await showtimeWithWaiter());

    const runs = Promise.all(showtimeIds.map((showtimeId) => offerSeats({ showtimeId })));
    // What the health check does, while the runs are in progress.
    const health = deadline(db().$queryRaw`SELECT 1 AS ok`, 'a health query during the runs');
    const results = await deadline(runs, `${RUNS} concurrent waitlist runs`);
    await health;
    expect(results.map((r) => r.offers.length)).toEqual(showtimeIds.map(() => 1));
  });
});
