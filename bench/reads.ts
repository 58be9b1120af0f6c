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
import { seedUsers } from '@/bench/lib/seed';
import { type AppServer, freePort, startAppServer } from '@/bench/lib/server';
import { summarize } from '@/bench/lib/stats';
import { fmtInt, fmtMs, renderTable } from '@/bench/lib/table';
import { seed } from '@/prisma/seed';
import { hashPassword } from '@/server/auth/password';
import { ensureBuild } from '@/server/build';
import { createPrisma } from '@/server/db';
import { migrate } from '@/server/db/migrate';

// `npm run bench:reads`: what a crowd of viewers costs, through the production server over HTTP,
// against the demo programme (the same seed as `npm run demo`) in PostgreSQL with normal
// durability, on one machine. Prints one table:
//   - the seat map of a ~300-seat showtime with some seats held and sold, at 32 clients:
//     anonymous (plain, and gzipped as browsers ask), signed in (each client its own user, so
//     `mine` is theirs), revalidating with
//     If-None-Match (304), and anonymous while 4 other clients hold and release seats on the same
//     showtime (each response is checked: it must include every hold acknowledged before it was
//     asked for — a cache must never serve a map older than a change its reader could know of);
//   - the home page and a film page as HTML, at 8 clients.
// Targets (2 cores, app + database + load generator together): seat map ≥ 1,500 reads/s with
// p95 < 25 ms at 32 clients; home and film pages ≥ 300 rps with p95 < 50 ms at 8 clients.
// Exit code 1 only if a correctness check fails or the run crashes.
//
// Knobs (environment): BENCH_SECONDS (measured seconds per cell after a 2 s warm-up, default 8),
// BENCH_PG_DIR / BENCH_PG_PORT / BENCH_APP_PORT as for bench:booking, BENCH_KEEP=1 keeps the
// database, BENCH_ONLY=seat,pages runs a subset.

const WARMUP_MS = 2_000;
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const PG_DIR = process.env.BENCH_PG_DIR || '/tmp/marquee-bench-pg';
const PG_PORT = Number(process.env.BENCH_PG_PORT || 54420);
const APP_PORT = Number(process.env.BENCH_APP_PORT || 3900);
const KEEP = process.env.BENCH_KEEP === '1';
const ONLY = new Set((process.env.BENCH_ONLY || 'seat,pages').split(','));
const SEAT_CLIENTS = 32;
const PAGE_CLIENTS = 8;
const WRITERS = 4;
const PASSWORD = 'bench-password-not-a-secret';
const AUTH_SECRET = 'marquee-benchmark-auth-secret-not-for-production';

/** A viewer's address: the crowd is many people, not one client hammering. */
function viewer(headers: Record<string, string> = {}): Record<string, string> {
  const n = Math.floor(Math.random() * 65_536);
  return { ...headers, 'x-forwarded-for': `10.77.${n >> 8}.${n & 255}` };
}

const started = performance.now();
function progress(msg: string): void {
  process.stderr.write(`  [${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}\n`);
}

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

type Row = {
  scenario: string;
  clients: number;
  perSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  kib: number;
  stale: number | null;
  cpu: CpuShare | undefined;
  reads: number;
  windowMs: number;
  target?: { perSec: number; p95: number };
};

type SeatMapBody = {
  versions: Record<string, number>;
  seats: { id: string; state: string; mine: boolean; rowIndex: number; col: number; kind: string }[];
};

const cleanup = new Cleanup();

async function main(): Promise<number> {
  cleanup.onSignals(progress);
  try {
    return await run();
  } finally {
    await cleanup.run(progress);
  }
}

async function run(): Promise<number> {
  const stamp = timestamp();
  const dbName = `bench_reads_${stamp}`;
  progress(`starting PostgreSQL in ${PG_DIR}`);
  const postgres: BenchPostgres = await startBenchPostgres({ dataDir: PG_DIR, port: PG_PORT, log: progress });
  cleanup.add('stop PostgreSQL', () => (KEEP ? undefined : postgres.stop()));
  const url = await postgres.createDatabase(dbName);
  cleanup.add('drop the bench database', () => (KEEP ? undefined : postgres.dropDatabase(dbName)));
  await migrate(url);
  const sql = new pg.Pool({ connectionString: url, max: 2 });
  cleanup.add('close the SQL pool', () => sql.end());

  progress('seeding the demo programme and bench users');
  const prisma = createPrisma(url, 4);
  const users = await (async () => {
    try {
      await seed(prisma, { log: () => {} });
      return await seedUsers(prisma, {
        count: SEAT_CLIENTS + WRITERS,
        passwordHash: await hashPassword(PASSWORD),
      });
    } finally {
      await prisma.$disconnect();
    }
  })();
  await sql.query('VACUUM ANALYZE');

  // The showtime: the scheduled one whose screen is nearest 300 seats, tomorrow or later.
  const { rows: shows } = await sql.query<{ id: string; seats: number }>(
    `SELECT s.id, count(se.id)::int AS seats
     FROM showtimes s JOIN seats se ON se.screen_id = s.screen_id AND NOT se.blocked
     WHERE s.status = 'SCHEDULED' AND s.starts_at > now() + interval '1 day'
     GROUP BY s.id ORDER BY abs(count(se.id) - 300), s.starts_at LIMIT 1`,
  );
  const show = shows[0];
  if (!show) throw new Error('the demo seed made no showtime tomorrow or later');
  const { rows: films } = await sql.query<{ slug: string }>(
    `SELECT m.slug FROM movies m JOIN showtimes s ON s.movie_id = m.id
     WHERE s.starts_at > now() GROUP BY m.slug ORDER BY count(*) DESC LIMIT 1`,
  );
  const filmSlug = films[0]?.slug;
  if (!filmSlug) throw new Error('the demo seed made no film with showtimes');

  progress('checking the production build (next build if the sources changed)');
  await ensureBuild(progress);
  const port = await freePort(APP_PORT);
  const logFile = `/tmp/marquee-bench-reads-${stamp}.log`;
  progress(`starting the production server on port ${port} (log in ${logFile})`);
  const server: AppServer = await startAppServer({
    port,
    logFile,
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      SEED_ON_START: 'false',
      LOG_LEVEL: 'warn',
      AUTH_SECRET,
      HOLD_MINUTES: '30',
      HOLD_RATE_LIMIT_PER_MINUTE: '0',
      // Each request comes from one of 65,536 viewers' addresses (X-Forwarded-For, as behind a
      // load balancer), so the per-address limit on public reads sees a crowd, as in production.
      TRUST_PROXY: '1',
      NEXT_TELEMETRY_DISABLED: '1',
      DATA_DIR: '/tmp/marquee-bench-data',
    },
  });
  cleanup.add('stop the server', () => server.stop());
  const abort = new AbortController();
  let active: HttpClient[] = [];
  cleanup.add('stop the load', () => {
    abort.abort();
    for (const c of active) c.close();
  });

  progress(`signing in ${users.length} users`);
  const auth = httpClient(server.url, 4);
  const tokens = await mapLimit(users, 4, async (u) => {
    const r = await auth.request('POST', '/api/v1/auth/token', {
      body: jsonBody({ email: u.email, password: PASSWORD }),
    });
    if (r.status !== 200)
      throw new Error(`sign-in of ${u.email} failed: ${r.status} ${r.body.slice(0, 200)}`);
    return (JSON.parse(r.body) as { accessToken: string }).accessToken;
  });
  auth.close();

  // A showtime people are buying: about a third of its seats held or sold, in pairs.
  const seatPath = `/api/v1/showtimes/${show.id}/seats`;
  const setup = httpClient(server.url, 4);
  const first = JSON.parse((await setup.request('GET', seatPath)).body) as SeatMapBody;
  const free = first.seats.filter((s) => s.state === 'available' && s.kind === 'STANDARD');
  const pairs: string[][] = [];
  for (let i = 0; i + 1 < free.length; i += 6) {
    const [a, b] = [free[i]!, free[i + 1]!];
    if (a.rowIndex === b.rowIndex && b.col === a.col + 1) pairs.push([a.id, b.id]);
  }
  const prefilled = await mapLimit(pairs.slice(0, SEAT_CLIENTS), 4, async (seatIds, i) => {
    const r = await setup.request('POST', `/api/v1/showtimes/${show.id}/holds`, {
      token: tokens[i],
      body: jsonBody({ seatIds }),
    });
    return r.status === 201;
  });
  setup.close();
  const writerSeats = pairs.slice(SEAT_CLIENTS).map((seatIds) => jsonBody({ seatIds }));

  const rows: Row[] = [];
  const notes: string[] = [];
  const cell = async (
    scenario: string,
    clients: number,
    iteration: (client: HttpClient, i: number, record: Recorder) => Promise<void>,
    options: {
      background?: (client: HttpClient, signal: AbortSignal) => Promise<void>;
      target?: Row['target'];
    } = {},
  ): Promise<LoadResult & { bytes: number }> => {
    if (abort.signal.aborted) throw new Error('interrupted');
    progress(`${scenario}, ${clients} clients`);
    const client = httpClient(server.url, clients);
    const side = httpClient(server.url, WRITERS);
    active = [client, side];
    const stopSide = new AbortController();
    const background = options.background?.(side, stopSide.signal);
    let a: CpuSample | undefined;
    let share: CpuShare | undefined;
    let bytes = 0;
    const r = await runClosedLoop({
      concurrency: clients,
      warmupMs: WARMUP_MS,
      durationMs: SECONDS * 1000,
      signal: abort.signal,
      describeError: (x: HttpResult) => `${x.status} ${errorCode(x.body) ?? x.error ?? ''}`.trim(),
      onMeasureStart: () => {
        a = cpuSample(server.pid, postgres.postmasterPid());
      },
      onMeasureEnd: () => {
        if (a) share = cpuShare(a, cpuSample(server.pid, postgres.postmasterPid()));
      },
      iteration: (i, record) =>
        iteration(client, i, {
          measured: (x) => {
            bytes += x.bytes ?? x.body.length;
            record.measured(x);
          },
          extra: record.extra,
        }),
    });
    stopSide.abort();
    await background;
    client.close();
    side.close();
    const lat = summarize(r.latencies);
    const secs = r.windowMs / 1000;
    const ok = r.statuses.total((s) => s === 200 || s === 304);
    rows.push({
      scenario,
      clients,
      perSec: ok / secs,
      p50: lat.p50,
      p95: lat.p95,
      p99: lat.p99,
      max: lat.max,
      errors: r.statuses.total((s) => s !== 200 && s !== 304),
      kib: bytes / Math.max(1, r.attempts) / 1024,
      stale: null,
      cpu: share,
      reads: ok,
      windowMs: r.windowMs,
      target: options.target,
    });
    // The load loop counts anything but 2xx; a 304 is this benchmark's success.
    const failures = [...r.errorDetails.counts].filter(([k]) => !k.startsWith('304'));
    if (failures.length)
      notes.push(
        `${scenario}: errors ${failures.map(([k, v]) => `${v} × ${k}`).join(', ')} (server log: ${server.logFile})`,
      );
    return { ...r, bytes };
  };

  const seatTarget = { perSec: 1500, p95: 25 };
  const problems: string[] = [];
  if (ONLY.has('seat')) {
    const counts = (b: SeatMapBody) => b.seats.filter((s) => s.state === 'held' || s.state === 'sold').length;
    await cell(
      'seat map, anonymous',
      SEAT_CLIENTS,
      async (client, _i, record) =>
        record.measured(await client.request('GET', seatPath, { headers: viewer() })),
      { target: seatTarget },
    );
    // What a browser asks for: the shared map gzipped once per change (get-seat-map.ts).
    await cell(
      'seat map, anonymous, gzip',
      SEAT_CLIENTS,
      async (client, _i, record) =>
        record.measured(
          await client.request('GET', seatPath, { headers: viewer({ 'accept-encoding': 'gzip' }) }),
        ),
      { target: seatTarget },
    );
    let mineWrong = 0;
    await cell(
      'seat map, signed in',
      SEAT_CLIENTS,
      async (client, i, record) => {
        const r = await client.request('GET', seatPath, { token: tokens[i], headers: viewer() });
        record.measured(r);
        if (r.status !== 200) return;
        const mine = (JSON.parse(r.body) as SeatMapBody).seats.filter((s) => s.mine).length;
        if (mine !== (prefilled[i] ? 2 : 0)) mineWrong++;
      },
      { target: seatTarget },
    );
    if (mineWrong)
      problems.push(`signed-in seat map: ${mineWrong} responses showed another user's seats as mine`);
    const etags = new Map<number, string>();
    await cell(
      'seat map, If-None-Match',
      SEAT_CLIENTS,
      async (client, i, record) => {
        const tag = etags.get(i);
        const r = await client.request('GET', seatPath, {
          headers: viewer(tag ? { 'if-none-match': tag } : {}),
        });
        record.measured(r);
        if (r.status === 200 && r.etag) etags.set(i, r.etag);
      },
      { target: seatTarget },
    );

    // Anonymous readers while writers hold and release: every read must include every change
    // acknowledged before it was sent (each row's version at least what a hold response said).
    const acknowledged = new Map<string, number>();
    let stale = 0;
    let writes = 0;
    await cell(
      'seat map, anonymous, 4 writers on the showtime',
      SEAT_CLIENTS,
      async (client, _i, record) => {
        const floor = [...acknowledged];
        const r = await client.request('GET', seatPath, { headers: viewer() });
        record.measured(r);
        if (r.status !== 200) return;
        const { versions } = JSON.parse(r.body) as SeatMapBody;
        if (floor.some(([row, v]) => (versions[row] ?? 0) < v)) stale++;
      },
      {
        target: seatTarget,
        background: async (side, signal) => {
          await Promise.all(
            Array.from({ length: WRITERS }, async (_, w) => {
              const token = tokens[SEAT_CLIENTS + w];
              for (let k = w; !signal.aborted; k += WRITERS) {
                const body = writerSeats[k % writerSeats.length];
                if (!body) return;
                const h = await side.request('POST', `/api/v1/showtimes/${show.id}/holds`, { token, body });
                if (h.status !== 201) continue;
                const hold = JSON.parse(h.body) as { holdId: string; versions: Record<string, number> };
                writes++;
                for (const [row, v] of Object.entries(hold.versions))
                  acknowledged.set(row, Math.max(acknowledged.get(row) ?? 0, v));
                const d = await side.request('DELETE', `/api/v1/holds/${hold.holdId}`, { token });
                if (d.status === 204) writes++;
              }
            }),
          );
        },
      },
    );
    const last = rows[rows.length - 1]!;
    last.stale = stale;
    notes.push(`seat map with writers: ${fmtInt(writes)} holds and releases on the showtime during the cell`);
    if (stale)
      problems.push(
        `seat map with writers: ${stale} responses older than a change acknowledged before they were asked for`,
      );

    const final = JSON.parse((await httpClient(server.url, 1).request('GET', seatPath)).body) as SeatMapBody;
    const { rows: db } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM seat_claims WHERE showtime_id = $1 AND state IN ('HELD', 'SOLD')
         AND (state = 'SOLD' OR expires_at > now())`,
      [show.id],
    );
    if (counts(final) !== db[0]?.n)
      problems.push(`final seat map shows ${counts(final)} taken seats, the database ${db[0]?.n}`);
    notes.push(
      `showtime: ${show.seats} seats, ${counts(final)} held or sold at the end (the database agrees: ${counts(final) === db[0]?.n ? 'yes' : 'NO'})`,
    );
  }

  if (ONLY.has('pages')) {
    const pageTarget = { perSec: 300, p95: 50 };
    const html = { accept: 'text/html' };
    for (const [name, pathname] of [
      ['home page', '/'],
      [`film page (/movies/${filmSlug})`, `/movies/${filmSlug}`],
    ] as const) {
      let wrong = 0;
      await cell(
        name,
        PAGE_CLIENTS,
        async (client, _i, record) => {
          const r = await client.request('GET', pathname, { headers: viewer(html) });
          record.measured(r);
          if (r.status === 200 && !r.body.includes('</html>')) wrong++;
        },
        { target: pageTarget },
      );
      if (wrong) problems.push(`${name}: ${wrong} responses were not a whole page`);
    }
  }

  const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const header =
    `Marquee read benchmark — ${os.cpus().length} cores (${cpuModel}), Node ${process.versions.node}, ` +
    `PostgreSQL ${postgres.version} (embedded, fsync ${postgres.settings.fsync}), demo programme, ` +
    `${WARMUP_MS / 1000} s warm-up + ${SECONDS} s per cell, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const pct = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : '–');
  const table = renderTable(
    [
      { title: 'scenario', align: 'left' },
      { title: 'clients' },
      { title: 'reads/s' },
      { title: 'p50 ms' },
      { title: 'p95 ms' },
      { title: 'p99 ms' },
      { title: 'max ms' },
      { title: 'errors' },
      { title: 'KiB/read' },
      { title: 'stale' },
      { title: 'cpu % app/db/gen/other' },
      { title: 'cpu ms/read app+db' },
      { title: 'target', align: 'left' },
    ],
    rows.map((r) => [
      r.scenario,
      String(r.clients),
      fmtInt(r.perSec),
      fmtMs(r.p50),
      fmtMs(r.p95),
      fmtMs(r.p99),
      fmtMs(r.max),
      fmtInt(r.errors),
      r.kib.toFixed(1),
      r.stale === null ? '–' : fmtInt(r.stale),
      r.cpu ? [r.cpu.app, r.cpu.db, r.cpu.gen, r.cpu.other].map(pct).join('/') : '–',
      r.cpu && r.reads
        ? [r.cpu.app, r.cpu.db].map((p) => ((p / 100) * (r.windowMs / r.reads)).toFixed(2)).join('+')
        : '–',
      r.target
        ? `≥ ${fmtInt(r.target.perSec)}/s, p95 < ${r.target.p95}: ${r.perSec >= r.target.perSec && r.p95 < r.target.p95 ? 'met' : 'NOT met'}`
        : '',
    ]),
  );
  const busy = rows.filter((r) => r.cpu && r.cpu.other > 20);
  if (busy.length)
    notes.unshift(
      `other work on this machine used more than 20 % of a core during ${busy.length} of ${rows.length} cells: those numbers understate what Marquee can do on a quiet box`,
    );
  const report = [
    header,
    '',
    table,
    '',
    `- correctness: ${problems.length ? `FAILED ✘ — ${problems.join('; ')}` : 'every signed-in map showed exactly its reader’s seats as mine, no read was older than a change acknowledged before it, the final map agrees with the database ✔'}`,
    '- reads/s: 200 and 304 responses per second; stale: reads missing a change acknowledged before they were sent',
    '- cpu: percent of one core in the measured window — app server, its PostgreSQL, this load generator, everything else; cpu ms/read: app and PostgreSQL CPU per read',
    ...notes.map((n) => `- ${n}`),
  ].join('\n');
  process.stdout.write(`\n${report}\n\n`);
  const dir = path.join(process.cwd(), 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `reads-${stamp}.md`);
  await writeFile(file, `${report}\n`);
  progress(`written to ${path.relative(process.cwd(), file)}`);
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(cleanup.interrupted ? 130 : code),
  (error: unknown) => {
    if (cleanup.interrupted) return;
    process.stderr.write(
      `\nbench:reads crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
