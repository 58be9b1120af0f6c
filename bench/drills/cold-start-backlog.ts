import pg from 'pg';
import {
  type Check,
  drillDatabase,
  drillDir,
  healthCheck,
  monitorHealth,
  progress,
  report,
  runDrill,
  smallRun,
  startDrillServer,
} from '@/bench/lib/drill';
import { type HttpClient, httpClient } from '@/bench/lib/http';
import { seedCinema, seedUsers } from '@/bench/lib/seed';
import { summarize } from '@/bench/lib/stats';
import { fmtInt, fmtMs, renderTable } from '@/bench/lib/table';
import { hashPassword } from '@/server/auth/password';
import { createPrisma } from '@/server/db';

// `npm run drill:cold-start-backlog [-- --small]`: start the production server on a database with
// a backlog (issue 11, item 1). Every showtime is sold out to two holds that expired while the
// server was down, and has two people on its waitlist. The first expiry sweep ends thousands of
// holds at once, and each showtime's freed seats start a waitlist run; those runs used to take the
// whole connection pool and hang everything for two minutes.
//
// Passes when /api/health, probed every 250 ms from the moment the server is up, answers every
// probe within 1 s; visitors reading seat maps meanwhile get no 5xx; and the backlog drains within
// the time limit: no overdue hold left ACTIVE, every waiter offered seats.

const SMALL = smallRun();
const SHOWTIMES = SMALL ? 300 : 1_500;
// The small run (CI) uses a small pool, as a small deployment would: the hang needed as many
// concurrent runs as the pool has connections, and five come together sooner than twenty.
const POOL = SMALL ? 5 : 20;
const SHOWS_PER_SCREEN = 100;
const LIMIT_MS = SMALL ? 45_000 : 120_000;
const READERS = 4;
const HEALTH_LIMIT_MS = 1_000;
const PG_PORT = Number(process.env.DRILL_PG_PORT ?? 23345);
const APP_PORT = Number(process.env.DRILL_PORT ?? 3345);

runDrill('cold-start-backlog', async (cleanup) => {
  const dir = await drillDir(cleanup, 'backlog');
  const { postgres, url } = await drillDatabase(cleanup, dir, PG_PORT);
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  cleanup.add('close the SQL client', () => sql.end());

  progress(
    `seeding ${SHOWTIMES} sold-out showtimes, ${SHOWTIMES * 2} expired holds, ${SHOWTIMES * 2} waiters`,
  );
  const prisma = createPrisma(url, 2);
  let showtimeIds: string[];
  try {
    const passwordHash = await hashPassword('drill-password-not-a-secret');
    const [holderA, holderB] = await seedUsers(prisma, { count: 2, passwordHash, emailPrefix: 'holder' });
    await seedUsers(prisma, { count: SHOWTIMES * 2, passwordHash, emailPrefix: 'waiter' });
    const world = await seedCinema(prisma, {
      firstStart: new Date(Date.now() + 24 * 3_600_000),
      cinema: { orphanSeatRule: false },
      screens: Array.from({ length: Math.ceil(SHOWTIMES / SHOWS_PER_SCREEN) }, (_, i) => ({
        name: `Screen ${i + 1}`,
        // Two rows of two: each row a pair, so both waiters of a showtime fit once the holds end.
        rows: 2,
        cols: 2,
        showtimes: Math.min(SHOWS_PER_SCREEN, SHOWTIMES - i * SHOWS_PER_SCREEN),
      })),
    });
    showtimeIds = world.screens.flatMap((s) => s.showtimeIds);
    // Two holds per showtime (row A and row B) that ran out a minute ago, not yet swept.
    await sql.query(
      `WITH h AS (
         INSERT INTO seat_holds (user_id, showtime_id, status, expires_at, price, total_minor)
         SELECT u.id, s.id, 'ACTIVE', now() - interval '1 minute', '{}'::jsonb, 0
         FROM showtimes s CROSS JOIN (VALUES ($1::uuid), ($2::uuid)) AS u(id)
         RETURNING id, showtime_id, user_id
       )
       INSERT INTO seat_claims (hold_id, showtime_id, seat_id, state, expires_at, category, price_minor)
       SELECT h.id, h.showtime_id, se.id, 'HELD', now() - interval '1 minute', 'STANDARD', 0
       FROM h JOIN showtimes s ON s.id = h.showtime_id JOIN seats se ON se.screen_id = s.screen_id
       WHERE se.row_index = CASE WHEN h.user_id = $1::uuid THEN 0 ELSE 1 END`,
      [holderA!.id, holderB!.id],
    );
    // Two waiters for two seats on each showtime, joined in the last ten minutes.
    await sql.query(
      `INSERT INTO waitlist_entries (showtime_id, user_id, seats_wanted, created_at)
       SELECT s.id, u.id, 2, now() - interval '10 minutes' + u.j * interval '10 milliseconds'
       FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM showtimes) s
       JOIN (SELECT id, row_number() OVER (ORDER BY email) - 1 AS j FROM users WHERE email LIKE 'waiter-%') u
         ON u.j / 2 = s.i`,
    );
    await sql.query('VACUUM ANALYZE');
  } finally {
    await prisma.$disconnect();
  }
  const backlog = await state(sql);
  progress(`backlog: ${backlog.overdue} overdue holds, ${backlog.waiting} waiting`);

  const server = await startDrillServer(cleanup, {
    dir,
    port: APP_PORT,
    url,
    env: { DATABASE_POOL_SIZE: String(POOL) },
  });
  const t0 = performance.now();
  progress(`server up on ${server.url}; the first sweep starts in half a second`);
  const health = monitorHealth(server.url);

  // Visitors reading seat maps while the backlog drains.
  let stopped = false;
  const readers: HttpClient[] = [];
  cleanup.add('stop the readers', () => {
    stopped = true;
    for (const c of readers) c.close();
  });
  const reads: { status: number; ms: number }[] = [];
  const reader = async (i: number) => {
    const client = httpClient(server.url, 1);
    readers.push(client);
    for (let n = i; !stopped; n += READERS) {
      const r = await client.request(
        'GET',
        `/api/v1/showtimes/${showtimeIds[n % showtimeIds.length]}/seats`,
        {
          timeoutMs: 10_000,
        },
      );
      reads.push({ status: r.status, ms: r.ms });
      await new Promise((res) => setTimeout(res, 50));
    }
  };
  const readLoad = Promise.all(Array.from({ length: READERS }, (_, i) => reader(i)));

  let drainedMs: number | undefined;
  let last = backlog;
  while (performance.now() - t0 < LIMIT_MS) {
    await new Promise((r) => setTimeout(r, 1_000));
    last = await state(sql);
    if (last.overdue === 0 && last.waiting === 0) {
      drainedMs = performance.now() - t0;
      break;
    }
  }
  // Keep watching a little after the drain: the last runs' tails must not stall anything either.
  await new Promise((r) => setTimeout(r, 2_000));
  stopped = true;
  await readLoad;
  for (const c of readers) c.close();
  const healthSummary = await health.stop();
  progress(
    drainedMs === undefined ? 'backlog not drained in time' : `drained in ${(drainedMs / 1000).toFixed(1)} s`,
  );

  const readLatency = summarize(reads.filter((r) => r.status !== 0).map((r) => r.ms));
  const readErrors = reads.filter((r) => r.status === 0 || r.status >= 500);
  const table = renderTable(
    [
      { title: 'showtimes', align: 'left' },
      { title: 'overdue holds' },
      { title: 'waiters' },
      { title: 'drained in s' },
      { title: 'offers' },
      { title: 'health probes' },
      { title: 'slowest probe ms' },
      { title: 'longest gap ms' },
      { title: 'seat-map reads' },
      { title: 'read p99 ms' },
      { title: '5xx / lost' },
    ],
    [
      [
        fmtInt(SHOWTIMES),
        fmtInt(backlog.overdue),
        fmtInt(backlog.waiting),
        drainedMs === undefined ? `> ${LIMIT_MS / 1000}` : (drainedMs / 1000).toFixed(1),
        fmtInt(last.offered),
        fmtInt(healthSummary.probes),
        fmtMs(healthSummary.maxMs),
        fmtMs(healthSummary.longestGapMs),
        fmtInt(reads.length),
        fmtMs(readLatency.p99),
        fmtInt(readErrors.length),
      ],
    ],
  );
  const checks: Check[] = [
    healthCheck(healthSummary, HEALTH_LIMIT_MS),
    {
      name: 'seat-map reads meanwhile: no 5xx, none lost',
      ok: readErrors.length === 0,
      seen: `${fmtInt(reads.length)} reads, ${readErrors.length} failed (p99 ${fmtMs(readLatency.p99)} ms)`,
    },
    {
      name: `backlog drained within ${LIMIT_MS / 1000} s`,
      ok: drainedMs !== undefined,
      seen: `${last.overdue} overdue holds and ${last.waiting} waiters left`,
    },
    {
      name: 'every waiter offered seats',
      ok: last.offered === backlog.waiting,
      seen: `${fmtInt(last.offered)} of ${fmtInt(backlog.waiting)}`,
    },
  ];
  return report('cold-start-backlog', SMALL, {
    intro: `The production server started on a database where ${fmtInt(SHOWTIMES)} sold-out showtimes each had two holds past expiry and two waiters (PostgreSQL ${postgres.version}, pool ${POOL}, expiry sweep every 5 s); health probed every 250 ms and ${READERS} visitors reading seat maps from the moment it was up.`,
    table,
    checks,
  });
});

async function state(sql: pg.Client): Promise<{ overdue: number; waiting: number; offered: number }> {
  const { rows } = await sql.query<{ overdue: number; waiting: number; offered: number }>(
    `SELECT (SELECT count(*)::int FROM seat_holds WHERE status = 'ACTIVE' AND expires_at <= now()
               AND user_id IN (SELECT id FROM users WHERE email LIKE 'holder-%')) AS overdue,
            (SELECT count(*)::int FROM waitlist_entries WHERE status = 'WAITING') AS waiting,
            (SELECT count(*)::int FROM waitlist_entries WHERE status IN ('OFFERED', 'FULFILLED')) AS offered`,
  );
  return rows[0] ?? { overdue: 0, waiting: 0, offered: 0 };
}
