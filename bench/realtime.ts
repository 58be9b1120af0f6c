import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { Cleanup } from '@/bench/lib/cleanup';
import { startBenchPostgres } from '@/bench/lib/postgres';
import { seedCinema, seedUsers } from '@/bench/lib/seed';
import { type AppServer, freePort, startAppServer } from '@/bench/lib/server';
import { summarize } from '@/bench/lib/stats';
import { fmtInt, fmtMs, renderTable } from '@/bench/lib/table';
import type { RowVersions } from '@/lib/seat-events';
import { hashPassword } from '@/server/auth/password';
import { ensureBuild } from '@/server/build';
import { createPrisma } from '@/server/db';
import { migrate } from '@/server/db/migrate';

// `npm run bench:realtime`: how fast does a hold reach everyone watching the seat map?
//
// Starts the production server (twice for the second run, the two instances sharing PostgreSQL
// through the Socket.IO adapter), opens VIEWERS real Socket.IO clients on one showtime (spread
// over client worker processes), then makes holds and releases at a steady RATE through the
// REST API and measures, at every viewer, commit → receipt latency (the server stamps each
// delta with its commit time; all on one machine, one clock). Lost events: row versions a viewer
// should have seen after its snapshot but did not. Memory per connection: the server's RSS
// growth from opening the viewers, divided by their number.
//
// Knobs: BENCH_VIEWERS (1000), BENCH_RATE (holds+releases per second, 20), BENCH_SECONDS (10),
// BENCH_WORKERS (client processes, 2), BENCH_KEEP=1 (keep the database).

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const KEEP = process.env.BENCH_KEEP === '1';
const PG_DIR = path.join(os.tmpdir(), 'marquee-bench-realtime-pg');
const AUTH_SECRET = 'bench-realtime-secret-0123456789abcdef0123';
const PASSWORD = 'bench-password-123';

const progress = (msg: string) => process.stderr.write(`· ${msg}\n`);

type Report = {
  latencies: number[];
  viewers: { from: RowVersions; versions: string[] }[];
  connected: number;
  errors: number;
  rssBytes: number;
};

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/** A few viewers come and go, and the seat map is read, so the instance has done it all once. */
async function warmUp(url: string, showtimeId: string): Promise<void> {
  await (await fetch(`${url}/api/v1/showtimes/${showtimeId}/seats`)).arrayBuffer();
  const sockets = Array.from({ length: 20 }, () =>
    io(`${url}/seats`, { transports: ['websocket'], forceNew: true, reconnection: false }),
  );
  await Promise.all(
    sockets.map((socket) => socket.timeout(30_000).emitWithAck('seats:join', { showtimeId })),
  );
  for (const socket of sockets) socket.close();
  await new Promise((r) => setTimeout(r, 500));
}

function startWorkers(count: number, cleanup: Cleanup): ChildProcess[] {
  const workers = Array.from({ length: count }, () =>
    fork(path.resolve('bench/lib/realtime-clients.ts'), [], {
      execArgv: ['--import', 'tsx', '--import', './server/preload.mjs'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  cleanup.add('stop client workers', () => {
    for (const w of workers) w.kill('SIGTERM');
  });
  return workers;
}

function ask<T>(worker: ChildProcess, message: object, expect: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: { type: string; message?: string }) => {
      if (m.type === expect) {
        worker.off('message', on);
        resolve(m as T);
      } else if (m.type === 'failed') {
        worker.off('message', on);
        reject(new Error(m.message));
      }
    };
    worker.on('message', on);
    worker.send(message);
  });
}

async function token(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`token for ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

type RunResult = {
  label: string;
  instances: number;
  viewers: number;
  events: number;
  deliveries: number;
  expected: number;
  lost: number;
  latency: ReturnType<typeof summarize>;
  memPerConnKb: number;
  errors: number;
};

async function runScenario(options: {
  label: string;
  servers: AppServer[];
  showtimeId: string;
  seats: string[][];
  holders: { email: string }[];
  cleanup: Cleanup;
}): Promise<RunResult> {
  const { servers, showtimeId } = options;
  const primary = servers[0] as AppServer;
  const tokens = await Promise.all(options.holders.map((h) => token(primary.url, h.email)));
  // Memory per connection should not count an instance's one-time start-up (modules loaded and
  // compiled on the first sockets and requests): warm every instance first.
  await Promise.all(servers.map((s) => warmUp(s.url, showtimeId)));
  const rssBefore = await Promise.all(servers.map((s) => rssOf(s.pid)));

  progress(`${options.label}: opening ${VIEWERS} viewers over ${servers.length} instance(s)`);
  const workers = startWorkers(WORKERS, options.cleanup);
  const per = Math.ceil(VIEWERS / WORKERS);
  await Promise.all(
    workers.map((w, i) =>
      ask(
        w,
        {
          type: 'start',
          urls: servers.map((s) => s.url),
          count: Math.min(per, VIEWERS - i * per),
          showtimeId,
          firstIndex: i * per,
        },
        'ready',
      ),
    ),
  );
  await new Promise((r) => setTimeout(r, 1_000));
  const rssAfter = await Promise.all(servers.map((s) => rssOf(s.pid)));
  const memPerConnKb = rssAfter.reduce((sum, r, i) => sum + (r - (rssBefore[i] ?? 0)), 0) / VIEWERS / 1024;

  // Steady load: each tick, one holder holds a pair of seats or releases its last hold,
  // alternating through the holders and the rows so no request conflicts with another.
  progress(`${options.label}: ${RATE} seat changes/s for ${SECONDS} s`);
  const held = new Map<number, string>();
  let events = 0;
  let errors = 0;
  const total = RATE * SECONDS;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = t0 + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const who = n % tokens.length;
    const server = servers[n % servers.length] as AppServer;
    const holdId = held.get(who);
    const auth = { authorization: `Bearer ${tokens[who]}` };
    inflight.push(
      (async () => {
        if (holdId) {
          held.delete(who);
          const res = await fetch(`${server.url}/api/v1/holds/${holdId}`, {
            method: 'DELETE',
            headers: auth,
          });
          await res.arrayBuffer();
          if (res.status === 204) events++;
          else errors++;
        } else {
          const row = options.seats[who % options.seats.length] as string[];
          const res = await fetch(`${server.url}/api/v1/showtimes/${showtimeId}/holds`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ seatIds: [row[0], row[1]] }),
          });
          const body = (await res.json()) as { holdId?: string };
          if (res.status === 201 && body.holdId) {
            held.set(who, body.holdId);
            events++;
          } else errors++;
        }
      })().catch(() => {
        errors++;
      }),
    );
  }
  await Promise.all(inflight);
  await new Promise((r) => setTimeout(r, 2_000)); // let the last deltas arrive

  const versionRes = await fetch(`${primary.url}/api/v1/showtimes/${showtimeId}/seats`);
  const finalVersions = ((await versionRes.json()) as { versions: RowVersions }).versions;
  const reports = await Promise.all(workers.map((w) => ask<Report>(w, { type: 'report' }, 'report')));
  for (const w of workers) w.send({ type: 'close' });

  const latencies = reports.flatMap((r) => r.latencies);
  let expected = 0;
  let lost = 0;
  for (const r of reports) {
    for (const v of r.viewers) {
      const seen = new Set(v.versions);
      for (const [row, final] of Object.entries(finalVersions)) {
        const from = v.from[row] ?? 0;
        let got = 0;
        for (let n = from + 1; n <= final; n++) if (seen.has(`${row}:${n}`)) got++;
        expected += final - from;
        lost += final - from - got;
      }
    }
  }
  return {
    label: options.label,
    instances: servers.length,
    viewers: reports.reduce((s, r) => s + r.connected, 0),
    events,
    deliveries: latencies.length,
    expected,
    lost,
    latency: summarize(latencies),
    memPerConnKb,
    errors: errors + reports.reduce((s, r) => s + r.errors, 0),
  };
}

async function main(): Promise<number> {
  const cleanup = new Cleanup();
  cleanup.onSignals(progress);
  try {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dbName = `bench_rt_${stamp}`;
    progress(`starting PostgreSQL in ${PG_DIR}`);
    const postgres = await startBenchPostgres({ dataDir: PG_DIR, port: 54426, log: progress });
    cleanup.add('stop PostgreSQL', () => (KEEP ? undefined : postgres.stop()));
    const url = await postgres.createDatabase(dbName);
    cleanup.add('drop the bench database', () => (KEEP ? undefined : postgres.dropDatabase(dbName)));
    await migrate(url);

    const prisma = createPrisma(url, 4);
    const holderCount = 20;
    const tomorrow = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 24 * 3_600_000);
    const users = await seedUsers(prisma, { count: holderCount, passwordHash: await hashPassword(PASSWORD) });
    const world = await seedCinema(prisma, {
      firstStart: tomorrow,
      cinema: { orphanSeatRule: false },
      screens: [
        { name: 'Single', rows: 20, cols: 20, showtimes: 1 },
        { name: 'Double', rows: 20, cols: 20, showtimes: 1 },
      ],
    });
    await prisma.$disconnect();

    progress('checking the production build');
    await ensureBuild(progress);
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      SEED_ON_START: 'false',
      LOG_LEVEL: 'warn',
      AUTH_SECRET,
      NEXT_TELEMETRY_DISABLED: '1',
      // The benchmark's few holders change seats far faster than a person: lift the per-user
      // burst guard so it measures delivery, not the rate limiter.
      HOLD_RATE_LIMIT_PER_MINUTE: '0',
    };
    const start = async (name: string, adapter: 'memory' | 'postgres') => {
      const port = await freePort(3950 + Math.floor(Math.random() * 40));
      const server = await startAppServer({
        port,
        logFile: `/tmp/marquee-bench-rt-${name}-${stamp}.log`,
        env: { ...env, REALTIME_ADAPTER: adapter },
      });
      cleanup.add(`stop server ${name}`, () => server.stop());
      return server;
    };

    const results: RunResult[] = [];
    const single = await start('single', 'memory');
    const singleScreen = world.screens[0];
    const doubleScreen = world.screens[1];
    if (!singleScreen || !doubleScreen) throw new Error('seeding failed');
    results.push(
      await runScenario({
        label: 'one instance',
        servers: [single],
        showtimeId: singleScreen.showtimeIds[0] as string,
        seats: singleScreen.seats,
        holders: users,
        cleanup,
      }),
    );
    await single.stop();

    const a = await start('a', 'postgres');
    const b = await start('b', 'postgres');
    results.push(
      await runScenario({
        label: 'two instances (PostgreSQL adapter)',
        servers: [a, b],
        showtimeId: doubleScreen.showtimeIds[0] as string,
        seats: doubleScreen.seats,
        holders: users,
        cleanup,
      }),
    );

    const header = `Marquee realtime benchmark — ${os.cpus().length} cores, Node ${process.version}, PostgreSQL ${postgres.version} (embedded), ${VIEWERS} viewers, ${RATE} seat changes/s for ${SECONDS} s, ${WORKERS} client processes`;
    const table = renderTable(
      [
        { title: 'scenario', align: 'left' },
        { title: 'viewers' },
        { title: 'events' },
        { title: 'deliveries' },
        { title: 'lost' },
        { title: 'p50 ms' },
        { title: 'p95 ms' },
        { title: 'p99 ms' },
        { title: 'max ms' },
        { title: 'KiB/conn' },
        { title: 'errors' },
      ],
      results.map((r) => [
        r.label,
        fmtInt(r.viewers),
        fmtInt(r.events),
        fmtInt(r.deliveries),
        fmtInt(r.lost),
        fmtMs(r.latency.p50),
        fmtMs(r.latency.p95),
        fmtMs(r.latency.p99),
        fmtMs(r.latency.max),
        fmtInt(r.memPerConnKb),
        fmtInt(r.errors),
      ]),
    );
    const verdict = results.every((r) => r.lost === 0)
      ? 'delivery: every viewer received every event ✔'
      : `delivery: ${results.reduce((s, r) => s + r.lost, 0)} events lost ✘`;
    const out = `${header}\n\n${table}\n\n${verdict}\n(latency = server commit → client receipt, measured at every viewer; ${results.map((r) => `${r.label}: ${fmtInt(r.expected)} expected deliveries`).join('; ')})\n`;
    process.stdout.write(`\n${out}`);
    await mkdir('bench/results', { recursive: true });
    await writeFile(`bench/results/realtime-${stamp}.md`, out);
    return results.every((r) => r.lost === 0) ? 0 : 1;
  } finally {
    await cleanup.run(progress);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench:realtime failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
