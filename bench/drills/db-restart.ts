import { randomUUID } from 'node:crypto';
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
import {
  errorCode,
  type HttpClient,
  type HttpResult,
  httpClient,
  jsonBody,
  mapLimit,
} from '@/bench/lib/http';
import { seedCinema, seedUsers } from '@/bench/lib/seed';
import { summarize } from '@/bench/lib/stats';
import { fmtInt, fmtMs, renderTable } from '@/bench/lib/table';
import { hashPassword } from '@/server/auth/password';
import { createPrisma } from '@/server/db';

// `npm run drill:db-restart [-- --small]`: restart PostgreSQL under booking load (issue 11, items
// 2 and 5). The production server runs against a PostgreSQL of the drill's own (durable settings);
// clients hold two seats, release them and read the seat map in a loop while the database is shut
// down fast (open transactions rolled back, every connection cut), kept down, and started again.
//
// Passes when: every error falls in the outage (from the shutdown to a few seconds after the
// database is back) and is a 503 with Retry-After; every request is answered (none lost to a reset
// or a timeout); every hold acknowledged with a 201 is in the database afterwards; /api/health,
// probed every 250 ms throughout, answers each probe within 1 s; and the periodic jobs work again
// after the restart (an overdue hold is expired, a queued email is sent).

const SMALL = smallRun();
const CLIENTS = SMALL ? 4 : 16;
const BEFORE_MS = SMALL ? 3_000 : 8_000;
const DOWN_MS = SMALL ? 1_000 : 3_000;
const AFTER_MS = SMALL ? 6_000 : 15_000;
/** After the database is back, pools replace their dead connections: errors may trail a little. */
const GRACE_MS = 3_000;
const HEALTH_LIMIT_MS = 1_000;
const JOBS_LIMIT_MS = 30_000;
const PG_PORT = Number(process.env.DRILL_PG_PORT ?? 23340);
const APP_PORT = Number(process.env.DRILL_PORT ?? 3340);
const PASSWORD = 'drill-password-not-a-secret';

type Outcome = {
  phase: 'before' | 'outage' | 'after';
  status: number;
  retryAfter: boolean;
  code?: string;
  ms: number;
};

runDrill('db-restart', async (cleanup) => {
  const dir = await drillDir(cleanup, 'db-restart');
  const { postgres, url } = await drillDatabase(cleanup, dir, PG_PORT);

  progress(`seeding ${CLIENTS} customers, each with a showtime of their own`);
  const prisma = createPrisma(url, 2);
  const [users, world] = await (async () => {
    try {
      const passwordHash = await hashPassword(PASSWORD);
      return [
        await seedUsers(prisma, { count: CLIENTS + 1, passwordHash }),
        await seedCinema(prisma, {
          firstStart: new Date(Date.now() + 48 * 3_600_000),
          cinema: { orphanSeatRule: false },
          screens: [{ name: 'Drill', rows: 10, cols: 20, showtimes: CLIENTS + 1 }],
        }),
      ] as const;
    } finally {
      await prisma.$disconnect();
    }
  })();
  const screen = world.screens[0]!;

  const server = await startDrillServer(cleanup, {
    dir,
    port: APP_PORT,
    url,
    env: { EXPIRY_SWEEP_SECONDS: '1', HOLD_RATE_LIMIT_PER_MINUTE: '0' },
  });

  const auth = httpClient(server.url, 4);
  const tokens = await mapLimit(users.slice(0, CLIENTS), 4, async (u) => {
    const r = await auth.request('POST', '/api/v1/auth/token', {
      body: jsonBody({ email: u.email, password: PASSWORD }),
    });
    if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.body}`);
    return (JSON.parse(r.body) as { accessToken: string }).accessToken;
  });
  auth.close();

  // ── Load, restart, load ──────────────────────────────────────────────────────
  const outcomes: Outcome[] = [];
  const acknowledged: string[] = [];
  // The outage: from the shutdown to GRACE_MS after PostgreSQL is back (performance.now()).
  const outage = { from: Number.POSITIVE_INFINITY, to: Number.POSITIVE_INFINITY };
  let stopped = false;
  const clients: HttpClient[] = [];
  cleanup.add('stop the load', () => {
    stopped = true;
    for (const c of clients) c.close();
  });
  const record = (r: HttpResult, startedAt: number) => {
    const endedAt = performance.now();
    // A request that overlaps the outage belongs to it.
    const phase: Outcome['phase'] =
      endedAt >= outage.from && startedAt <= outage.to
        ? 'outage'
        : startedAt < outage.from
          ? 'before'
          : 'after';
    outcomes.push({
      phase,
      status: r.status,
      retryAfter: r.retryAfter !== undefined,
      code: errorCode(r.body),
      ms: r.ms,
    });
  };
  const worker = async (i: number) => {
    const client = httpClient(server.url, 1);
    clients.push(client);
    const showtimeId = screen.showtimeIds[i]!;
    const token = tokens[i]!;
    for (let n = 0; !stopped; n++) {
      const row = n % 10;
      const col = (2 * n) % 20;
      const seats = [screen.seats[row]![col]!, screen.seats[row]![col + 1]!];
      let t = performance.now();
      const hold = await client.request('POST', `/api/v1/showtimes/${showtimeId}/holds`, {
        token,
        body: jsonBody({ seatIds: seats }),
      });
      record(hold, t);
      if (hold.status === 201) {
        const holdId = (JSON.parse(hold.body) as { holdId: string }).holdId;
        acknowledged.push(holdId);
        t = performance.now();
        record(await client.request('DELETE', `/api/v1/holds/${holdId}`, { token }), t);
      }
      t = performance.now();
      const map = await client.request('GET', `/api/v1/showtimes/${showtimeId}/seats`, { token });
      record(map, t);
      // A client told to come back later does, a little (a real one would wait Retry-After).
      if (hold.status === 503 || map.status === 503) await new Promise((r) => setTimeout(r, 100));
    }
  };

  const health = monitorHealth(server.url);
  const load = Promise.all(Array.from({ length: CLIENTS }, (_, i) => worker(i)));
  progress(`${CLIENTS} clients holding, releasing and reading; restart in ${BEFORE_MS / 1000} s`);
  await new Promise((r) => setTimeout(r, BEFORE_MS));
  const t0 = performance.now();
  outage.from = t0;
  progress(`restarting PostgreSQL (fast shutdown, ${DOWN_MS / 1000} s down)`);
  await postgres.restart(DOWN_MS);
  const downFor = performance.now() - t0;
  outage.to = performance.now() + GRACE_MS;
  progress(`PostgreSQL is back after ${(downFor / 1000).toFixed(1)} s`);
  const jobs = checkJobsResume(url, world, users.at(-1)!.id);
  await new Promise((r) => setTimeout(r, GRACE_MS + AFTER_MS));
  stopped = true;
  await load;
  for (const c of clients) c.close();
  const healthSummary = await health.stop();
  const jobsResult = await jobs;

  // ── Acknowledged writes still there ──────────────────────────────────────────
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const { rows } = await sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM seat_holds WHERE id = ANY($1::uuid[])',
    [acknowledged],
  );
  await sql.end();
  const lostWrites = acknowledged.length - (rows[0]?.n ?? 0);

  // ── Report ───────────────────────────────────────────────────────────────────
  const phases: Outcome['phase'][] = ['before', 'outage', 'after'];
  const table = renderTable(
    [
      { title: 'phase', align: 'left' },
      { title: 'requests' },
      { title: '2xx' },
      { title: '503 + Retry-After' },
      { title: 'other errors' },
      { title: 'no answer' },
      { title: 'p50 ms' },
      { title: 'p99 ms' },
    ],
    phases.map((p) => {
      const of = outcomes.filter((o) => o.phase === p);
      const lat = summarize(of.filter((o) => o.status !== 0).map((o) => o.ms));
      return [
        p,
        fmtInt(of.length),
        fmtInt(of.filter((o) => o.status >= 200 && o.status < 300).length),
        fmtInt(of.filter((o) => o.status === 503 && o.retryAfter).length),
        fmtInt(of.filter((o) => o.status >= 300 && !(o.status === 503 && o.retryAfter)).length),
        fmtInt(of.filter((o) => o.status === 0).length),
        fmtMs(lat.p50),
        fmtMs(lat.p99),
      ];
    }),
  );
  const otherErrors = outcomes.filter((o) => o.status >= 300 && !(o.status === 503 && o.retryAfter));
  const outsideOutage = outcomes.filter((o) => o.phase !== 'outage' && o.status >= 300);
  const fiveHundreds = outcomes.filter((o) => o.status >= 500 && !(o.status === 503 && o.retryAfter));
  const noAnswer = outcomes.filter((o) => o.status === 0);
  const checks: Check[] = [
    {
      name: 'every 5xx is a 503 with Retry-After',
      ok: fiveHundreds.length === 0,
      seen: fiveHundreds.length ? `${fiveHundreds.length} other 5xx (${codes(fiveHundreds)})` : 'yes',
    },
    {
      name: 'errors only while the database is down (+3 s)',
      ok: outsideOutage.length === 0,
      seen: outsideOutage.length
        ? `${outsideOutage.length} outside (${codes(outsideOutage)})`
        : 'none outside',
    },
    {
      name: 'no other errors at all',
      ok: otherErrors.length === 0,
      seen: otherErrors.length ? codes(otherErrors) : 'none',
    },
    { name: 'every request answered (lost = 0)', ok: noAnswer.length === 0, seen: `${noAnswer.length} lost` },
    {
      name: 'every acknowledged hold is in the database',
      ok: lostWrites === 0,
      seen: `${fmtInt(acknowledged.length)} acknowledged, ${lostWrites} missing`,
    },
    healthCheck(healthSummary, HEALTH_LIMIT_MS),
    {
      name: 'jobs resume after the restart',
      ok: jobsResult.ok,
      seen: jobsResult.seen,
    },
  ];
  return report('db-restart', SMALL, {
    intro: `${CLIENTS} clients (hold 2 seats, release, read the seat map) against the production server; PostgreSQL ${postgres.version} restarted after ${BEFORE_MS / 1000} s (fast shutdown, down ${(downFor / 1000).toFixed(1)} s including start-up), then ${AFTER_MS / 1000} s more. "outage" is from the shutdown to ${GRACE_MS / 1000} s after PostgreSQL is back.`,
    table,
    checks,
  });
});

function codes(outcomes: Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = `${o.status || 'none'}${o.code ? ` ${o.code}` : ''}${o.status === 503 && !o.retryAfter ? ' no Retry-After' : ''} (${o.phase})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} × ${k}`).join(', ');
}

/**
 * Right after the restart, gives the periodic jobs work only they do: an overdue hold (the expiry
 * sweep must end it) and a queued email (the mail job must send it), and waits for both.
 */
async function checkJobsResume(
  url: string,
  world: { screens: { seats: string[][]; showtimeIds: string[] }[] },
  userId: string,
): Promise<{ ok: boolean; seen: string }> {
  const screen = world.screens[0]!;
  const showtimeId = screen.showtimeIds.at(-1)!;
  const seatId = screen.seats[0]![0]!;
  const holdId = randomUUID();
  const mailId = randomUUID();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    const t0 = performance.now();
    await sql.query(
      `INSERT INTO seat_holds (id, user_id, showtime_id, status, expires_at, price, total_minor)
       VALUES ($1, $2, $3, 'ACTIVE', now() - interval '1 second', '{}', 0)`,
      [holdId, userId, showtimeId],
    );
    await sql.query(
      `INSERT INTO seat_claims (hold_id, showtime_id, seat_id, state, expires_at, category, price_minor)
       VALUES ($1, $2, $3, 'HELD', now() - interval '1 second', 'STANDARD', 0)`,
      [holdId, showtimeId, seatId],
    );
    await sql.query(
      `INSERT INTO notification_outbox (id, kind, recipient, payload)
       VALUES ($1, 'waitlist.offered', 'drill@example.test', $2)`,
      [mailId, JSON.stringify({ holdId, showtimeId, film: 'The Drill' })],
    );
    let expiredMs: number | undefined;
    let sentMs: number | undefined;
    while (performance.now() - t0 < JOBS_LIMIT_MS && (expiredMs === undefined || sentMs === undefined)) {
      const { rows } = await sql.query<{ hold: string; mail: string }>(
        `SELECT (SELECT status::text FROM seat_holds WHERE id = $1) AS hold,
                (SELECT status::text FROM notification_outbox WHERE id = $2) AS mail`,
        [holdId, mailId],
      );
      if (expiredMs === undefined && rows[0]?.hold === 'EXPIRED') expiredMs = performance.now() - t0;
      if (sentMs === undefined && rows[0]?.mail === 'SENT') sentMs = performance.now() - t0;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seen = (label: string, ms: number | undefined) =>
      ms === undefined
        ? `${label} not within ${JOBS_LIMIT_MS / 1000} s`
        : `${label} after ${(ms / 1000).toFixed(1)} s`;
    return {
      ok: expiredMs !== undefined && sentMs !== undefined,
      seen: `${seen('overdue hold expired', expiredMs)}, ${seen('queued email sent', sentMs)}`,
    };
  } finally {
    await sql.end();
  }
}
