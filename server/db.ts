import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/prisma/generated/client';
import { env } from '@/server/env';
import { log } from '@/server/log';

// The one Prisma client. Kept on globalThis because this process loads the module twice (the
// custom server via tsx, the app via Next's bundle) and dev hot reload re-evaluates it; both
// must share one connection pool.

const g = globalThis as typeof globalThis & {
  __marqueePrisma?: PrismaClient;
  __marqueeSeatWriter?: PrismaClient;
  __marqueeLockPool?: pg.Pool;
};

/**
 * How long a query waits for a free connection before it fails with BUSY (503, Retry-After). Far
 * longer than any healthy wait (the booking benchmark's p99 at 64 clients is well under a second);
 * without it an exhausted pool made every request wait forever.
 */
const POOL_WAIT_MS = 10_000;

export function createPrisma(connectionString: string, max: number, options?: string): PrismaClient {
  const adapter = new PrismaPg({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: POOL_WAIT_MS,
    ...(options ? { options } : {}),
  });
  return new PrismaClient({ adapter });
}

export function db(): PrismaClient {
  if (!g.__marqueePrisma) {
    const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
    if (!DATABASE_URL)
      throw new Error('DATABASE_URL is not set: start Marquee through server/main.ts or set it.');
    g.__marqueePrisma = createPrisma(DATABASE_URL, DATABASE_POOL_SIZE);
  }
  return g.__marqueePrisma;
}

/** Session settings of the seat-writer pool's connections (libpq `options`). */
export const SEAT_WRITER_OPTIONS = '-c default_transaction_isolation=serializable -c enable_seqscan=off';

/**
 * A second pool whose connections run every statement as its own SERIALIZABLE transaction. Seat
 * writes that fit in one statement use it: one round trip instead of BEGIN, statement, COMMIT
 * (on this kind of machine each round trip is a large part of a booking's cost), with exactly the
 * same isolation. Never use it for multi-statement work.
 */
export function seatWriter(): PrismaClient {
  if (!g.__marqueeSeatWriter) {
    const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
    if (!DATABASE_URL)
      throw new Error('DATABASE_URL is not set: start Marquee through server/main.ts or set it.');
    g.__marqueeSeatWriter = createPrisma(DATABASE_URL, DATABASE_POOL_SIZE, SEAT_WRITER_OPTIONS);
  }
  return g.__marqueeSeatWriter;
}

/** Connections that hold waitlist runs' advisory locks (server/db/session-lock.ts). */
const LOCK_POOL_SIZE = 4;

/**
 * A small pool of its own for session advisory locks held while work runs through db() (see
 * server/db/session-lock.ts for why it must not be db()'s pool). Its size also bounds how many
 * such runs go at once, so a burst of them (a restart with a backlog) cannot crowd out requests.
 */
export function lockPool(): pg.Pool {
  if (!g.__marqueeLockPool) {
    const { DATABASE_URL } = env();
    if (!DATABASE_URL)
      throw new Error('DATABASE_URL is not set: start Marquee through server/main.ts or set it.');
    const pool = new pg.Pool({
      connectionString: DATABASE_URL,
      max: LOCK_POOL_SIZE,
      idleTimeoutMillis: 30_000,
      application_name: 'marquee-locks',
    });
    // An idle connection broken by a database restart is dropped by the pool; say so, no more.
    pool.on('error', (error) => log.warn('lock pool connection lost', { err: error.message }));
    g.__marqueeLockPool = pool;
  }
  return g.__marqueeLockPool;
}

export async function disconnectDb(): Promise<void> {
  const clients = [g.__marqueePrisma, g.__marqueeSeatWriter];
  const locks = g.__marqueeLockPool;
  g.__marqueePrisma = undefined;
  g.__marqueeSeatWriter = undefined;
  g.__marqueeLockPool = undefined;
  await Promise.all([...clients.map((c) => c?.$disconnect()), locks?.end()]);
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
