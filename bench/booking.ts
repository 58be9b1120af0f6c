import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Cleanup } from '@/bench/lib/cleanup';
import { type LoadResult, type Recorder, runClosedLoop } from '@/bench/lib/closed-loop';
import { type CpuSample, type CpuShare, cpuSample, cpuShare } from '@/bench/lib/cpu';
import {
  errorCode,
  type HttpClient,
  type HttpResult,
  httpClient,
  jsonBody,
  mapLimit,
} from '@/bench/lib/http';
import { type BenchPostgres, startBenchPostgres } from '@/bench/lib/postgres';
import { fireTogether } from '@/bench/lib/race';
import { seedCinema, seedUsers } from '@/bench/lib/seed';
import { type AppServer, freePort, startAppServer } from '@/bench/lib/server';
import { Counter, summarize } from '@/bench/lib/stats';
import { fmtInt, fmtMs, renderTable } from '@/bench/lib/table';
import { hashPassword } from '@/server/auth/password';
import { ensureBuild } from '@/server/build';
import { createPrisma } from '@/server/db';
import { migrate } from '@/server/db/migrate';

// `npm run bench:booking`: seat holds through the production server over HTTP, against
// PostgreSQL with normal durability, on one machine. Prints one table — holds/s and latency at
// each concurrency (a) on distinct seats across many showtimes, (b) with every client on one
// hot showtime — then a 200-on-one-seat race and a check that no seat was held or sold twice.
// Target (2 cores, app and database on the same box): ≥ 1,300 holds/s at 32 clients on distinct
// seats with p95 < 50 ms, and zero double sales. Exit code 1 only if the correctness check fails
// or the run crashes; numbers below target are findings, not failures.
//
// Knobs (environment):
//   BENCH_SECONDS    measured seconds per cell, after a 2 s warm-up (default 8)
//   BENCH_LEVELS     concurrent clients, comma-separated (default "8,32,64")
//   BENCH_POOL       the server's DATABASE_POOL_SIZE (default 20)
//   BENCH_SHOWTIMES  showtimes for the distinct-seats scenario (default 3000)
//   BENCH_ANALYZE=0  skip the VACUUM ANALYZE after seeding and between cells (statistics are then
//                    left to autovacuum, and the first cell runs on a never-analysed database)
//   BENCH_KEEP=1     keep the database and leave its PostgreSQL running for inspection
//   BENCH_PROFILE=1  run the server with --cpu-prof; the profile (written when the server exits) and
//                    windows-<run>.json, the measured windows on the profile's clock, land in
//                    /tmp/marquee-prof
//   BENCH_PG_STATEMENTS=1  load pg_stat_statements (nested statements too) and add, for each cell,
//                    the statements that took the most executor time in the measured window, per
//                    hold (wall time inside PostgreSQL, lock waits included)
//   BENCH_PG_DIR     the benchmark cluster's data directory (default /tmp/marquee-bench-pg); give each
//                    checkout its own when several run benchmarks on one machine
//   BENCH_PG_PORT    its port, or the next free one (default 54420)
//   BENCH_APP_PORT   the server's port, or the next free one (default 3900)
//
// Scenario details:
//   distinct seats  client i is user i; at step n it holds seats (2i, 2i+1) of showtime i+n, so no
//                   two clients ever want the same seat and consecutive clients walk the same
//                   showtimes a step apart. Screens are 20 seats wide without aisles, and pairs
//                   start on even columns, so no hold ever strands a single seat (the cinema's
//                   orphan-seat rule stays on). Holds are cleared between levels.
//   hot showtime    every client on one 20×25 showtime; each picks a random seat that looks free
//                   (no committed bench hold on it; requests in flight are invisible, as on a real
//                   seat map), holds it and, on 201, releases it at once. Seats are taken only
//                   from every third column, so a single-seat hold never strands a neighbour.
//   race            200 users hold the same seat at once (connections opened and requests sent
//                   but for their last byte, which then goes out to all in one loop).

const WARMUP_MS = 2_000;
const SECONDS = positive('BENCH_SECONDS', 8);
const LEVELS = (process.env.BENCH_LEVELS ?? '8,32,64')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const POOL = positive('BENCH_POOL', 20, true);
const SHOWTIMES = positive('BENCH_SHOWTIMES', 3_000, true);
const KEEP = flag('BENCH_KEEP');
const ANALYZE = process.env.BENCH_ANALYZE !== '0';
const PROFILE = flag('BENCH_PROFILE');
const STATEMENTS = flag('BENCH_PG_STATEMENTS');
const PROFILE_DIR = '/tmp/marquee-prof';
const PG_DIR = process.env.BENCH_PG_DIR || '/tmp/marquee-bench-pg';
const PG_PORT = positive('BENCH_PG_PORT', 54420, true);
const APP_PORT = positive('BENCH_APP_PORT', 3900, true);
const RACERS = 200;
const COLS = 20;
const SHOWS_PER_SCREEN = 100;
const HOT = { rows: 20, cols: 25 };
const PASSWORD = 'bench-password-not-a-secret';
const AUTH_SECRET = 'marquee-benchmark-auth-secret-not-for-production';

function positive(name: string, fallback: number, integer = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  return n;
}

function flag(name: string): boolean {
  return ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase());
}

const started = performance.now();
function progress(msg: string): void {
  process.stderr.write(`  [${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}\n`);
}

type Row = {
  scenario: string;
  clients: number;
  holdsPerSec: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  conflicts: number;
  errors: number;
  /** Successful holds and the length of the measured window, for CPU cost per hold. */
  holds: number;
  windowMs: number;
  /** PostgreSQL transactions rolled back per hold request, over the whole cell. */
  rollbacksPerHold: number;
  cpu: CpuShare | undefined;
};

type Checkpoint = { name: string; expected: number; actual: number; duplicates: number };

function outcome(r: HttpResult): string {
  return `${r.status || 'no response'} ${errorCode(r.body) ?? r.error ?? ''}`.trim();
}

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

const cleanup = new Cleanup();

async function main(): Promise<number> {
  if (!LEVELS.length) throw new Error('BENCH_LEVELS has no positive integers');
  const maxLevel = Math.max(...LEVELS);
  cleanup.onSignals(progress);
  try {
    return await run(cleanup, maxLevel);
  } finally {
    await cleanup.run(progress);
  }
}

async function run(cleanup: Cleanup, maxLevel: number): Promise<number> {
  const stamp = timestamp();
  const dbName = `bench_${stamp}`;

  // ── Database ────────────────────────────────────────────────────────────────
  progress(`starting PostgreSQL in ${PG_DIR} (port ${PG_PORT} or the next free one)`);
  const postgres: BenchPostgres = await startBenchPostgres({
    dataDir: PG_DIR,
    port: PG_PORT,
    settings: STATEMENTS
      ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' }
      : undefined,
    log: progress,
  });
  cleanup.add('stop PostgreSQL', async () => {
    if (KEEP) {
      progress(
        `BENCH_KEEP: database ${dbName} kept, PostgreSQL left running on port ${postgres.handle.port} ` +
          `(${postgres.handle.url.replace(/\/[^/]*$/, `/${dbName}`)}); stop it with: kill -INT ${postgres.postmasterPid()}`,
      );
      return;
    }
    await postgres.stop();
  });
  const url = await postgres.createDatabase(dbName);
  cleanup.add('drop the bench database', () => (KEEP ? undefined : postgres.dropDatabase(dbName)));
  await migrate(url);
  const sql = new pg.Pool({ connectionString: url, max: 2 });
  cleanup.add('close the SQL pool', () => sql.end());
  if (STATEMENTS) await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');

  // ── Seed ────────────────────────────────────────────────────────────────────
  const rowsPerScreen = Math.max(10, Math.ceil(maxLevel / (COLS / 2)));
  const distinctScreens = Math.ceil(SHOWTIMES / SHOWS_PER_SCREEN);
  const userCount = Math.max(300, maxLevel, RACERS);
  progress(
    `seeding ${userCount} users, ${distinctScreens} screens of ${rowsPerScreen}×${COLS} with ${SHOWTIMES} showtimes, a hot and a race showtime`,
  );
  const prisma = createPrisma(url, 4);
  const tomorrow = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 24 * 3_600_000);
  const [users, world] = await (async () => {
    try {
      const passwordHash = await hashPassword(PASSWORD);
      const seededUsers = await seedUsers(prisma, { count: userCount, passwordHash });
      const seededWorld = await seedCinema(prisma, {
        firstStart: tomorrow,
        cinema: { orphanSeatRule: true },
        screens: [
          ...Array.from({ length: distinctScreens }, (_, i) => ({
            name: `Screen ${i + 1}`,
            rows: rowsPerScreen,
            cols: COLS,
            showtimes: Math.min(SHOWS_PER_SCREEN, SHOWTIMES - i * SHOWS_PER_SCREEN),
          })),
          { name: 'Hot', ...HOT, showtimes: 1 },
          { name: 'Race', rows: 10, cols: COLS, showtimes: 1 },
        ],
      });
      return [seededUsers, seededWorld] as const;
    } finally {
      await prisma.$disconnect();
    }
  })();
  const distinct = world.screens.slice(0, distinctScreens);
  const hotScreen = world.screens[distinctScreens]!;
  const raceScreen = world.screens[distinctScreens + 1]!;
  const distinctShows = distinct.flatMap((screen) =>
    screen.showtimeIds.map((showtimeId) => ({ showtimeId, screen })),
  );
  const distinctIds = distinctShows.map((s) => s.showtimeId);
  const hotShowtime = hotScreen.showtimeIds[0]!;
  const raceShowtime = raceScreen.showtimeIds[0]!;

  // ── Server ──────────────────────────────────────────────────────────────────
  progress('checking the production build (next build if the sources changed)');
  await ensureBuild(progress);
  const port = await freePort(APP_PORT);
  const logFile = `/tmp/marquee-bench-server-${stamp}.log`;
  if (PROFILE) await mkdir(PROFILE_DIR, { recursive: true });
  progress(`starting the production server on port ${port} (pool ${POOL}; log in ${logFile})`);
  const server: AppServer = await startAppServer({
    port,
    logFile,
    nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      SEED_ON_START: 'false',
      LOG_LEVEL: 'warn',
      AUTH_SECRET,
      DATABASE_POOL_SIZE: String(POOL),
      // Longer than any run, so no hold expires under the bench's bookkeeping.
      HOLD_MINUTES: '30',
      // Each bench user stands for a stream of customers: the per-user burst guard (60 holds a
      // minute) would otherwise answer 429 to everything after the first second.
      HOLD_RATE_LIMIT_PER_MINUTE: '0',
      NEXT_TELEMETRY_DISABLED: '1',
      // Local state (mail outbox, secrets) outside the clone.
      DATA_DIR: '/tmp/marquee-bench-data',
    },
  });
  cleanup.add('stop the server', async () => {
    await server.stop();
    if (PROFILE) progress(`CPU profile written to ${PROFILE_DIR}`);
  });
  // Runs before the server is stopped: open keep-alive connections would hold its shutdown open.
  const abort = new AbortController();
  let activeClient: HttpClient | undefined;
  cleanup.add('stop the load', () => {
    abort.abort();
    activeClient?.close();
  });

  // ── Tokens ──────────────────────────────────────────────────────────────────
  progress(`signing in ${users.length} users`);
  const auth = httpClient(server.url, 4);
  const tokens = await mapLimit(users, 4, async (u) => {
    const r = await auth.request('POST', '/api/v1/auth/token', {
      body: jsonBody({ email: u.email, password: PASSWORD }),
    });
    if (r.status !== 200) throw new Error(`sign-in of ${u.email} failed: ${outcome(r)}`);
    return (JSON.parse(r.body) as { accessToken: string }).accessToken;
  });
  auth.close();

  const rows: Row[] = [];
  const windows: { scenario: string; clients: number; fromUs: number; toUs: number }[] = [];
  const checkpoints: Checkpoint[] = [];
  const notes: string[] = [];
  const cpuWindow = () => {
    let a: CpuSample | undefined;
    let share: CpuShare | undefined;
    return {
      start: () => {
        a = cpuSample(server.pid, postgres.postmasterPid());
      },
      end: () => {
        if (a) share = cpuShare(a, cpuSample(server.pid, postgres.postmasterPid()));
      },
      share: () => share,
    };
  };

  const liveClaims = async (showtimeIds: string[]) => {
    const { rows: r } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM seat_claims WHERE state IN ('HELD', 'SOLD') AND showtime_id = ANY($1::uuid[])`,
      [showtimeIds],
    );
    return r[0]?.n ?? 0;
  };
  const duplicateClaims = async () => {
    const { rows: r } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM seat_claims WHERE state IN ('HELD', 'SOLD')
         GROUP BY showtime_id, seat_id HAVING count(*) > 1) d`,
    );
    return r[0]?.n ?? 0;
  };
  const checkpoint = async (name: string, showtimeIds: string[], expected: number) => {
    checkpoints.push({
      name,
      expected,
      actual: await liveClaims(showtimeIds),
      duplicates: await duplicateClaims(),
    });
  };
  // Ends every active hold, so the next level starts with empty showtimes.
  const resetInventory = async () => {
    await sql.query(
      `WITH h AS (
         UPDATE seat_holds SET status = 'RELEASED', ended_at = now() WHERE status = 'ACTIVE' RETURNING id
       )
       UPDATE seat_claims SET state = 'RELEASED', updated_at = now()
       WHERE state = 'HELD' AND hold_id IN (SELECT id FROM h)`,
    );
    if (ANALYZE) await sql.query('VACUUM ANALYZE seat_holds, seat_claims, showtimes');
  };
  // Every cell starts from the same state: no live holds and fresh statistics, as a production
  // database has them before an on-sale spike. (Plans chosen from those statistics are part of
  // what is measured: with few live holds on record, some look cheap that are not under load.)
  if (ANALYZE) await sql.query('VACUUM ANALYZE');
  const dbTransactions = async () => {
    const { rows: r } = await sql.query<{ commits: string; rollbacks: string }>(
      `SELECT xact_commit AS commits, xact_rollback AS rollbacks FROM pg_stat_database WHERE datname = current_database()`,
    );
    return { commits: Number(r[0]?.commits ?? 0), rollbacks: Number(r[0]?.rollbacks ?? 0) };
  };
  type Statement = {
    key: string;
    query: string;
    toplevel: boolean;
    calls: number;
    execMs: number;
    planMs: number;
  };
  const statements = async (): Promise<Map<string, Statement>> => {
    if (!STATEMENTS) return new Map();
    const { rows: r } = await sql.query<{
      key: string;
      query: string;
      toplevel: boolean;
      calls: string;
      exec_ms: number;
      plan_ms: number;
    }>(
      `SELECT queryid::text || toplevel::text AS key, query, toplevel, calls, total_exec_time AS exec_ms,
              total_plan_time AS plan_ms
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return new Map(
      r.map((x) => [
        x.key,
        {
          key: x.key,
          query: x.query,
          toplevel: x.toplevel,
          calls: Number(x.calls),
          execMs: x.exec_ms,
          planMs: x.plan_ms,
        },
      ]),
    );
  };
  /** The statements that took the most executor time between two snapshots, per hold. */
  const noteStatements = (
    label: string,
    from: Map<string, Statement>,
    to: Map<string, Statement>,
    holds: number,
  ) => {
    if (!STATEMENTS || !holds) return;
    const delta = [...to.values()]
      .map((s) => {
        const f = from.get(s.key);
        return {
          ...s,
          calls: s.calls - (f?.calls ?? 0),
          execMs: s.execMs - (f?.execMs ?? 0),
          planMs: s.planMs - (f?.planMs ?? 0),
        };
      })
      .filter((s) => s.calls > 0)
      .sort((a, b) => b.execMs - a.execMs)
      .slice(0, 10);
    notes.push(
      `${label}: pg_stat_statements per hold (calls, executor ms, planner ms), nested statements indented:\n${delta
        .map(
          (s) =>
            `    ${s.toplevel ? '' : '  ↳ '}${(s.calls / holds).toFixed(2)} × ${(s.execMs / holds).toFixed(3)} ms + ${(s.planMs / holds).toFixed(3)} ms  ${s.query.replace(/\s+/g, ' ').slice(0, 110)}`,
        )
        .join('\n')}`,
    );
  };
  const noteErrors = (label: string, r: LoadResult) => {
    const all = new Counter<string>();
    for (const [k, v] of r.errorDetails.counts) all.add(`hold ${k}`, v);
    for (const [k, v] of r.extraErrors.counts) all.add(`release ${k}`, v);
    if (all.counts.size)
      notes.push(
        `${label}: errors ${[...all.counts].map(([k, v]) => `${v} × ${k}`).join(', ')} (server log: ${server.logFile})`,
      );
  };
  /** One table row: a closed-loop run at `level` clients, with CPU and PostgreSQL counters. */
  const cell = async (
    scenario: string,
    level: number,
    iteration: (client: HttpClient, i: number, record: Recorder) => Promise<void>,
  ): Promise<LoadResult> => {
    if (abort.signal.aborted) throw new Error('interrupted');
    progress(`${scenario}, ${level} clients`);
    const client = httpClient(server.url, level);
    activeClient = client;
    const cpu = cpuWindow();
    const before = await dbTransactions();
    // Monotonic microseconds, the clock V8 stamps --cpu-prof samples with (for the summary).
    const window = { scenario, clients: level, fromUs: 0, toUs: 0 };
    const nowUs = () => Number(process.hrtime.bigint() / 1000n);
    let statsFrom: Promise<Map<string, Statement>> = Promise.resolve(new Map());
    let statsTo: Promise<Map<string, Statement>> = Promise.resolve(new Map());
    const r = await runClosedLoop({
      concurrency: level,
      warmupMs: WARMUP_MS,
      durationMs: SECONDS * 1000,
      describeError: outcome,
      signal: abort.signal,
      onMeasureStart: () => {
        window.fromUs = nowUs();
        cpu.start();
        statsFrom = statements();
      },
      onMeasureEnd: () => {
        window.toUs = nowUs();
        cpu.end();
        statsTo = statements();
      },
      iteration: (i, record) => iteration(client, i, record),
    });
    client.close();
    // Backends publish their statistics within a second of going idle.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = await dbTransactions();
    const lat = summarize(r.latencies);
    const secs = r.windowMs / 1000;
    rows.push({
      scenario,
      clients: level,
      holdsPerSec: r.statuses.get(201) / secs,
      holds: r.statuses.get(201),
      windowMs: r.windowMs,
      reqPerSec: r.requests / secs,
      p50: lat.p50,
      p95: lat.p95,
      p99: lat.p99,
      max: lat.max,
      conflicts: r.statuses.get(409),
      errors: r.statuses.total((s) => s !== 201 && s !== 409) + r.extraErrors.total(),
      rollbacksPerHold: (after.rollbacks - before.rollbacks) / Math.max(1, r.attempts),
      cpu: cpu.share(),
    });
    noteErrors(`${scenario}, ${level} clients`, r);
    noteStatements(`${scenario}, ${level} clients`, await statsFrom, await statsTo, r.statuses.get(201));
    windows.push(window);
    return r;
  };

  // ── (a) distinct seats ──────────────────────────────────────────────────────
  for (const level of LEVELS) {
    const pairsPerRow = COLS / 2;
    // bodies[client][screen]: the client's own two seats on each screen.
    const bodies = Array.from({ length: level }, (_, i) => {
      const row = Math.floor(i / pairsPerRow);
      const col = 2 * (i % pairsPerRow);
      return new Map(
        distinct.map((screen) => [
          screen.id,
          jsonBody({ seatIds: [screen.seats[row]![col]!, screen.seats[row]![col + 1]!] }),
        ]),
      );
    });
    const steps = new Array<number>(level).fill(0);
    const held = new Set<string>();
    const touched = new Set<number>();
    let wrapped = 0;
    await cell('distinct seats', level, async (client, i, record) => {
      const step = steps[i]!;
      steps[i] = step + 1;
      if (step === distinctShows.length) wrapped++;
      const k = (i + step) % distinctShows.length;
      const show = distinctShows[k]!;
      touched.add(k);
      const r = await client.request('POST', `/api/v1/showtimes/${show.showtimeId}/holds`, {
        token: tokens[i],
        body: bodies[i]!.get(show.screen.id),
      });
      record.measured(r);
      // A revisit replaces the client's own earlier hold there: still two live seats.
      if (r.status === 201) held.add(`${i}:${k}`);
    });
    notes.push(
      `distinct seats, ${level} clients: ${fmtInt(Math.max(...steps))} holds by the busiest client over ${fmtInt(touched.size)} showtimes` +
        (wrapped
          ? `; ${wrapped} clients went round all ${distinctShows.length} showtimes and replaced their own holds`
          : ''),
    );
    await checkpoint(`distinct seats, ${level} clients`, distinctIds, 2 * held.size);
    await resetInventory();
  }

  // ── (b) hot showtime ────────────────────────────────────────────────────────
  const candidates: { seatId: string; body: Buffer }[] = [];
  for (const row of hotScreen.seats)
    row.forEach((seatId, col) => {
      if (col % 3 === 0) candidates.push({ seatId, body: jsonBody({ seatIds: [seatId] }) });
    });
  for (const level of LEVELS) {
    // Seats with a committed bench hold: what a live seat map would show as taken.
    const looksTaken = new Set<string>();
    // Clients whose last release failed: their hold stands until their next hold replaces it.
    const stillHolding = new Set<number>();
    const pick = () => {
      for (let tries = 0; tries < 50; tries++) {
        const c = candidates[Math.floor(Math.random() * candidates.length)]!;
        if (!looksTaken.has(c.seatId)) return c;
      }
      return candidates[Math.floor(Math.random() * candidates.length)]!;
    };
    const hot = await cell('hot showtime (1 show)', level, async (client, i, record) => {
      const seat = pick();
      const r = await client.request('POST', `/api/v1/showtimes/${hotShowtime}/holds`, {
        token: tokens[i],
        body: seat.body,
      });
      record.measured(r);
      if (r.status !== 201) return;
      stillHolding.delete(i);
      looksTaken.add(seat.seatId);
      const { holdId } = JSON.parse(r.body) as { holdId: string };
      const d = await client.request('DELETE', `/api/v1/holds/${holdId}`, { token: tokens[i] });
      record.extra(d, 204);
      if (d.status !== 204) stillHolding.add(i);
      looksTaken.delete(seat.seatId);
    });
    notes.push(
      `hot showtime, ${level} clients: 409 on ${((100 * hot.statuses.get(409)) / Math.max(1, hot.latencies.length)).toFixed(1)} % of hold requests`,
    );
    await checkpoint(`hot showtime, ${level} clients`, [hotShowtime], stillHolding.size);
    await resetInventory();
  }

  // ── 200 on one seat ─────────────────────────────────────────────────────────
  if (abort.signal.aborted) throw new Error('interrupted');
  progress(`race: ${RACERS} users on one seat`);
  const raceSeat = raceScreen.seats[4]![9]!;
  const race = await fireTogether(
    server.url,
    tokens.slice(0, RACERS).map((token) => ({
      method: 'POST',
      path: `/api/v1/showtimes/${raceShowtime}/holds`,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      body: JSON.stringify({ seatIds: [raceSeat] }),
    })),
  );
  const raceStatus = new Counter<string>();
  for (const r of race.responses)
    raceStatus.add(r.status === 201 || r.status === 409 ? String(r.status) : outcome({ ...r, ms: 0 }));
  const won = raceStatus.get('201');
  const lost = raceStatus.get('409');
  const other = race.responses.length - won - lost;
  await checkpoint('race', [raceShowtime], won);

  // ── Correctness ─────────────────────────────────────────────────────────────
  progress('checking for double holds and double sales');
  const { rows: finalRows } = await sql.query<{ tickets_dup: number; claims_dup: number; claims: number }>(
    `SELECT
       (SELECT count(*)::int FROM (SELECT 1 FROM tickets WHERE status <> 'CANCELLED'
          GROUP BY showtime_id, seat_id HAVING count(*) > 1) t) AS tickets_dup,
       (SELECT count(*)::int FROM (SELECT 1 FROM seat_claims WHERE state IN ('HELD', 'SOLD')
          GROUP BY showtime_id, seat_id HAVING count(*) > 1) c) AS claims_dup,
       (SELECT count(*)::int FROM seat_claims) AS claims`,
  );
  const final = finalRows[0]!;
  const problems: string[] = [];
  for (const c of checkpoints) {
    if (c.duplicates) problems.push(`${c.name}: ${c.duplicates} seats with two live claims`);
    if (c.actual !== c.expected)
      problems.push(`${c.name}: ${c.actual} live claims, but the 201 responses imply ${c.expected}`);
  }
  if (won !== 1) problems.push(`race: ${won} winners instead of exactly one`);
  if (final.claims_dup) problems.push(`${final.claims_dup} seats with two live claims at the end`);
  if (final.tickets_dup) problems.push(`${final.tickets_dup} seats with two live tickets`);
  const liveChecked = checkpoints.reduce((n, c) => n + c.actual, 0);

  // ── Report ──────────────────────────────────────────────────────────────────
  const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const header =
    `Marquee booking benchmark — ${os.cpus().length} cores (${cpuModel}), Node ${process.versions.node}, ` +
    `PostgreSQL ${postgres.version} (embedded, fsync ${postgres.settings.fsync}, synchronous_commit ${postgres.settings.synchronous_commit}, ` +
    `max_pred_locks_per_transaction ${postgres.settings.max_pred_locks_per_transaction}), ` +
    `pool ${POOL}, ${WARMUP_MS / 1000} s warm-up + ${SECONDS} s per cell${ANALYZE ? ' from a freshly analysed database' : ', statistics left to autovacuum'}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const pct = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '–');
  const table = renderTable(
    [
      { title: 'scenario', align: 'left' },
      { title: 'clients' },
      { title: 'holds/s' },
      { title: 'req/s' },
      { title: 'p50 ms' },
      { title: 'p95 ms' },
      { title: 'p99 ms' },
      { title: 'max ms' },
      { title: '409' },
      { title: 'errors' },
      { title: 'rollback/hold' },
      { title: 'cpu % app/db/gen/other' },
      { title: 'cpu ms/hold app+db' },
    ],
    rows.map((r) => [
      r.scenario,
      String(r.clients),
      fmtInt(r.holdsPerSec),
      fmtInt(r.reqPerSec),
      fmtMs(r.p50),
      fmtMs(r.p95),
      fmtMs(r.p99),
      fmtMs(r.max),
      fmtInt(r.conflicts),
      fmtInt(r.errors),
      Number.isFinite(r.rollbacksPerHold) ? r.rollbacksPerHold.toFixed(2) : '–',
      r.cpu ? [r.cpu.app, r.cpu.db, r.cpu.gen, r.cpu.other].map(pct).join('/') : '–',
      r.cpu && r.holds
        ? [r.cpu.app, r.cpu.db].map((p) => ((p / 100) * (r.windowMs / r.holds)).toFixed(1)).join('+')
        : '–',
    ]),
  );
  const target = rows.find((r) => r.scenario === 'distinct seats' && r.clients === 32);
  const targetLine = target
    ? `target at 32 clients on distinct seats (≥ 1,300 holds/s, p95 < 50 ms): ${fmtInt(target.holdsPerSec)} holds/s, p95 ${fmtMs(target.p95)} ms — ${target.holdsPerSec >= 1300 && target.p95 < 50 ? 'met' : 'NOT met'}`
    : 'target at 32 clients on distinct seats: not measured (32 is not in BENCH_LEVELS)';
  const busy = rows.filter((r) => r.cpu && r.cpu.other > 20);
  if (busy.length)
    notes.unshift(
      `other work on this machine used more than 20 % of a core during ${busy.length} of ${rows.length} cells (cpu column, last figure): those numbers understate what Marquee can do on a quiet box`,
    );
  const verdict = problems.length
    ? `correctness: FAILED ✘ — ${problems.join('; ')}`
    : `correctness: no seat double-held or double-sold ✔ (${fmtInt(liveChecked)} live claims matched the 201 responses at ${checkpoints.length} checkpoints; ${fmtInt(final.claims)} claims written in all)`;
  const report = [
    header,
    '',
    table,
    '',
    `- 200-on-one-seat race: ${won} × 201, ${lost} × 409, ${other} other${
      other
        ? ` (${[...raceStatus.counts]
            .filter(([k]) => k !== '201' && k !== '409')
            .map(([k, v]) => `${v} × ${k}`)
            .join(', ')})`
        : ''
    } — last bytes sent within ${race.fireSpreadMs.toFixed(1)} ms`,
    `- ${verdict}`,
    `- ${targetLine}`,
    '- holds/s: 201 responses per second; req/s: every request (hot showtime: each 201 is followed by a DELETE, counted in req/s and errors, not in latency); 409 = seat taken',
    '- rollback/hold: PostgreSQL transactions rolled back per hold request over the whole cell — serialization failures the server retried, plus holds refused inside their transaction (the 409s)',
    '- cpu: percent of one core in the measured window — app server, its PostgreSQL, this load generator, everything else on the machine; cpu ms/hold: app server and PostgreSQL CPU per successful hold (retries, refusals and releases included)',
    ...notes.map((n) => `- ${n}`),
  ].join('\n');
  process.stdout.write(`\n${report}\n\n`);
  const resultsDir = path.join(process.cwd(), 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `booking-${stamp}.md`);
  await writeFile(file, `${report}\n`);
  progress(`written to ${path.relative(process.cwd(), file)}`);
  if (PROFILE) {
    // Lets a profile summary keep only the samples taken while a cell was being measured.
    await writeFile(
      path.join(PROFILE_DIR, `windows-${stamp}.json`),
      JSON.stringify({ pid: server.pid, windows }),
    );
  }
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(cleanup.interrupted ? 130 : code),
  (error: unknown) => {
    // After Ctrl-C the interrupted work fails as its server and database go away: not a crash.
    if (cleanup.interrupted) return;
    process.stderr.write(
      `\nbench:booking crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
