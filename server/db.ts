import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/prisma/generated/client';
import { trackPool, untrackPool } from '@/server/db/pools';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { existingSingleton, setSingleton, singleton } from '@/server/singleton';

// The one Prisma client (and two small pools beside it), process-wide singletons: the custom
// server and Next's bundle both load this module, and must share one connection pool.

/** Singleton names: tests swap a client in with setSingleton(). */
export const DB_SINGLETONS = {
  app: 'prisma',
  writer: 'prisma-seat-writer',
  locks: 'pg-lock-pool',
  pickLocks: 'pg-pick-lock-pool',
} as const;

function databaseUrl(): string {
  const { DATABASE_URL } = env();
  if (!DATABASE_URL)
    throw new Error('DATABASE_URL is not set: start Marquee through server/main.ts or set it.');
  return DATABASE_URL;
}

/**
 * How long a query waits for a free connection before it fails with BUSY (503, Retry-After). Far
 * longer than any healthy wait (the booking benchmark's p99 at 64 clients is well under a second);
 * without it an exhausted pool made every request wait forever.
 */
const POOL_WAIT_MS = 10_000;

/**
 * `poolName`: the pool is listed under that name for the metrics (in use, idle, waiting). The pool
 * is made here rather than by the adapter so that it can be read; the adapter still ends it.
 */
export function createPrisma(
  connectionString: string,
  max: number,
  options?: string,
  poolName?: string,
): PrismaClient {
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: POOL_WAIT_MS,
    ...(options ? { options } : {}),
  });
  if (poolName) trackPool(poolName, pool);
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

export function db(): PrismaClient {
  return singleton(DB_SINGLETONS.app, () =>
    createPrisma(databaseUrl(), env().DATABASE_POOL_SIZE, undefined, 'app'),
  );
}

/**
 * Session settings of the seat-writer pool's connections (libpq `options`). Its statements (holds,
 * releases, expiries: temporary seat states) commit asynchronously: the commit returns once its WAL
 * is written, and the WAL writer flushes it to disk within a few hundred ms (3 × wal_writer_delay
 * at most). Any later ordinary commit flushes the WAL before it (WAL is one ordered log), so a
 * booking, payment or refund never stands on a hold that could still vanish; only a PostgreSQL
 * crash in those ms can lose recent holds, and server/db/recovery-watch.ts then makes every copy
 * of seat states start again from the database. Measured in README "Performance".
 */
export const SEAT_WRITER_OPTIONS =
  '-c default_transaction_isolation=serializable -c enable_seqscan=off -c synchronous_commit=off';

/**
 * A second pool whose connections run every statement as its own SERIALIZABLE transaction. Seat
 * writes that fit in one statement use it: one round trip instead of BEGIN, statement, COMMIT
 * (on this kind of machine each round trip is a large part of a booking's cost), with exactly the
 * same isolation. Never use it for multi-statement work.
 */
export function seatWriter(): PrismaClient {
  return singleton(DB_SINGLETONS.writer, () =>
    createPrisma(databaseUrl(), env().DATABASE_POOL_SIZE, SEAT_WRITER_OPTIONS, 'seat-writer'),
  );
}

/** Connections that hold waitlist runs' advisory locks (server/db/session-lock.ts). */
const LOCK_POOL_SIZE = 4;

/**
 * A small pool of its own for session advisory locks held while work runs through db() (see
 * server/db/session-lock.ts for why it must not be db()'s pool). Its size also bounds how many
 * such runs go at once, so a burst of them (a restart with a backlog) cannot crowd out requests.
 */
export function lockPool(): pg.Pool {
  return singleton(DB_SINGLETONS.locks, () => {
    const pool = new pg.Pool({
      connectionString: databaseUrl(),
      max: LOCK_POOL_SIZE,
      idleTimeoutMillis: 30_000,
      application_name: 'marquee-locks',
    });
    // An idle connection broken by a database restart is dropped by the pool; say so, no more.
    pool.on('error', (error) => log.warn('lock pool connection lost', { err: error.message }));
    trackPool('locks', pool);
    return pool;
  });
}

/** Connections that hold a showtime's turn for server-made seat picks (hold-seats.ts). */
const PICK_LOCK_POOL_SIZE = 8;
/** How long a pick waits for its showtime's turn (or for a connection to wait on) before BUSY. */
export const PICK_TURN_WAIT_MS = 5_000;

/**
 * The locks of "best seats" picks, one session advisory lock per showtime, so that pickers on
 * every instance take turns instead of all chasing the same best block (see hold-seats.ts). A
 * pool of its own: a queue of pickers must never hold the waitlist's lock connections, nor
 * db()'s. The wait for the lock is bounded by the sessions' lock_timeout.
 */
export function pickLockPool(): pg.Pool {
  return singleton(DB_SINGLETONS.pickLocks, () => {
    const pool = new pg.Pool({
      connectionString: databaseUrl(),
      max: PICK_LOCK_POOL_SIZE,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: PICK_TURN_WAIT_MS,
      options: `-c lock_timeout=${PICK_TURN_WAIT_MS}`,
      application_name: 'marquee-pick-locks',
    });
    pool.on('error', (error) => log.warn('pick lock pool connection lost', { err: error.message }));
    trackPool('pick-locks', pool);
    return pool;
  });
}

export async function disconnectDb(): Promise<void> {
  const clients = [
    existingSingleton<PrismaClient>(DB_SINGLETONS.app),
    existingSingleton<PrismaClient>(DB_SINGLETONS.writer),
  ];
  const pools = [
    existingSingleton<pg.Pool>(DB_SINGLETONS.locks),
    existingSingleton<pg.Pool>(DB_SINGLETONS.pickLocks),
  ];
  for (const name of Object.values(DB_SINGLETONS)) setSingleton(name, undefined);
  for (const name of ['app', 'seat-writer', 'locks', 'pick-locks']) untrackPool(name);
  await Promise.all([...clients.map((c) => c?.$disconnect()), ...pools.map((p) => p?.end())]);
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
