import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getHealthOp } from '@/server/api/operations/system';
import { createPrisma, disconnectDb } from '@/server/db';
import { isDatabaseUnavailable } from '@/server/db/errors';
import { refreshEnv } from '@/server/env';
import { errorResponse, toAppError } from '@/server/http/errors';
import { call } from '../support/api';
import { type OwnPostgres, startOwnPostgres } from '../support/own-postgres';

// Issue 11, item 5: requests caught by a database restart answered 500 INTERNAL. Every shape of
// "the database is not there right now" that pg and Prisma raise is provoked here for real, against
// a PostgreSQL of this file's own, and must become BUSY: 503 with Retry-After.

vi.mock('next/headers', () => ({ headers: async () => new Headers() }));

let own: OwnPostgres;
beforeAll(async () => {
  own = await startOwnPostgres();
});
afterAll(async () => {
  await disconnectDb();
  await own?.stop();
});

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

async function expectBusy(error: unknown) {
  expect(isDatabaseUnavailable(error)).toBe(true);
  expect(toAppError(error)).toMatchObject({ code: 'BUSY', retryAfter: 2 });
  const res = errorResponse(error);
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('2');
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BUSY');
}

/** Kills the backend running `pattern` (pg_terminate_backend: what a fast shutdown does to it). */
async function terminate(pattern: string) {
  const admin = new pg.Client({ connectionString: own.url });
  await admin.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rowCount } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()',
        [pattern],
      );
      if (rowCount) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no backend running ${pattern}`);
  } finally {
    await admin.end();
  }
}

/** A TCP relay to PostgreSQL whose connections can be cut, as a network failure would. */
async function relay(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(port), hostname);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(target);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('an unreachable or departing database is BUSY (503 + Retry-After), never INTERNAL', () => {
  it('a connection terminated by the server mid-query (57P01), through Prisma and inside a transaction', async () => {
    const prisma = createPrisma(own.url, 2);
    try {
      const query = caught(prisma.$queryRaw`SELECT pg_sleep(5)::text AS slept`);
      await terminate('SELECT pg_sleep(5)::text AS slept');
      await expectBusy(await query);
      const tx = caught(prisma.$transaction(async (t) => t.$queryRaw`SELECT pg_sleep(5)::text AS tx_slept`));
      await terminate('SELECT pg_sleep(5)::text AS tx_slept');
      await expectBusy(await tx);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('a connection that drops (Connection terminated unexpectedly, not queryable), in pg and Prisma', async () => {
    const r = await relay(own.url);
    const client = new pg.Client({ connectionString: r.url });
    client.on('error', () => {});
    await client.connect();
    const prisma = createPrisma(r.url, 1);
    try {
      await prisma.$queryRaw`SELECT 1`;
      const raw = caught(client.query('SELECT pg_sleep(5)'));
      const viaPrisma = caught(prisma.$queryRaw`SELECT pg_sleep(5)::text`);
      await new Promise((res) => setTimeout(res, 200));
      r.cut();
      await expectBusy(await raw);
      await expectBusy(await viaPrisma);
      // The same client afterwards: what every scheduled job saw after a restart.
      await expectBusy(await caught(client.query('SELECT 1')));
    } finally {
      await prisma.$disconnect();
      await client.end().catch(() => {});
      await r.close();
    }
  });

  it('a pool with no free connection: pg-pool connect timeout, and a Prisma transaction that cannot start (P2028)', async () => {
    const pool = new pg.Pool({ connectionString: own.url, max: 1, connectionTimeoutMillis: 100 });
    const prisma = createPrisma(own.url, 1);
    try {
      const held = await pool.connect();
      await expectBusy(await caught(pool.connect()));
      held.release();
      const busy = prisma.$queryRaw`SELECT pg_sleep(0.5)::text`.then(() => 'done');
      await new Promise((res) => setTimeout(res, 100));
      await expectBusy(
        await caught(prisma.$transaction(async (t) => t.$queryRaw`SELECT 1`, { maxWait: 50 })),
      );
      await busy;
    } finally {
      await pool.end();
      await prisma.$disconnect();
    }
  });

  it('a database shutting down (57P03), then down (ECONNREFUSED, P1001, DatabaseNotReachable): REST and actions say 503', async () => {
    const session = new pg.Client({ connectionString: own.url });
    session.on('error', () => {});
    await session.connect();
    const prisma = createPrisma(own.url, 2);
    process.env.DATABASE_URL = own.url;
    await disconnectDb();
    refreshEnv();
    const { verifyEmailAction } = await import('@/server/actions/auth');
    try {
      // This database has no migrations: only the database check of readiness can pass.
      expect((await call(getHealthOp)).body).toMatchObject({ checks: { database: { status: 'ok' } } });
      // A smart shutdown waits for open sessions, and refuses new ones meanwhile.
      own.signal('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      await expectBusy(await caught(new pg.Client({ connectionString: own.url }).connect()));
      await session.end();
      await own.down();

      await expectBusy(await caught(new pg.Client({ connectionString: own.url }).connect()));
      await expectBusy(await caught(prisma.$queryRaw`SELECT 1`));
      await expectBusy(await caught(prisma.$transaction(async (t) => t.$queryRaw`SELECT 1`)));
      // Health answers with its own report (server/health/readiness.ts), naming the check.
      const rest = await call(getHealthOp);
      expect(rest.status).toBe(503);
      expect(rest.body).toMatchObject({
        status: 'fail',
        database: 'fail',
        checks: { database: { status: 'fail' }, migrations: { status: 'fail' } },
      });
      expect(JSON.stringify(rest.body)).not.toContain(own.url);
      expect(await verifyEmailAction({ email: 'nobody@example.com', code: '123456' })).toMatchObject({
        ok: false,
        error: { code: 'BUSY' },
      });

      await own.up();
      expect((await call(getHealthOp)).body).toMatchObject({ checks: { database: { status: 'ok' } } });
    } finally {
      await prisma.$disconnect();
    }
  });

  it('is not fooled by errors that are the request’s fault', async () => {
    const prisma = createPrisma(own.url, 1);
    try {
      const nul = await caught(prisma.$queryRaw`SELECT ${'a\u0000b'}::text`);
      expect(isDatabaseUnavailable(nul)).toBe(false);
      const syntax = await caught(prisma.$queryRawUnsafe('SELEC 1'));
      expect(isDatabaseUnavailable(syntax)).toBe(false);
      expect(isDatabaseUnavailable(new Error('connection string postgres://u:p@db refused'))).toBe(false);
    } finally {
      await prisma.$disconnect();
    }
  });
});
