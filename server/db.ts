import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/prisma/generated/client';
import { env } from '@/server/env';

// The one Prisma client. Kept on globalThis because this process loads the module twice (the
// custom server via tsx, the app via Next's bundle) and dev hot reload re-evaluates it; both
// must share one connection pool.

const g = globalThis as typeof globalThis & { __marqueePrisma?: PrismaClient };

export function createPrisma(connectionString: string, max: number): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max, idleTimeoutMillis: 30_000 });
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

export async function disconnectDb(): Promise<void> {
  const client = g.__marqueePrisma;
  g.__marqueePrisma = undefined;
  await client?.$disconnect();
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
