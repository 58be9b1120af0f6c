import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/prisma/generated/client';
import { env } from '@/server/env';

// The one Prisma client. Kept on globalThis because this process loads the module twice (the
// custom server via tsx, the app via Next's bundle) and dev hot reload re-evaluates it; both
// must share one connection pool.

const g = globalThis as typeof globalThis & {
  __marqueePrisma?: PrismaClient;
  __marqueeSeatWriter?: PrismaClient;
};

export function createPrisma(connectionString: string, max: number, options?: string): PrismaClient {
  const adapter = new PrismaPg({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
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

export async function disconnectDb(): Promise<void> {
  const clients = [g.__marqueePrisma, g.__marqueeSeatWriter];
  g.__marqueePrisma = undefined;
  g.__marqueeSeatWriter = undefined;
  await Promise.all(clients.map((c) => c?.$disconnect()));
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
