import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { Cleanup } from '@/bench/lib/cleanup';
import { runClosedLoop } from '@/bench/lib/closed-loop';
import { cpuSample, cpuShare } from '@/bench/lib/cpu';
import { errorCode, httpClient, jsonBody, mapLimit } from '@/bench/lib/http';
import { startBenchPostgres } from '@/bench/lib/postgres';
import { seedCinema, seedUsers } from '@/bench/lib/seed';
import { freePort, startAppServer } from '@/bench/lib/server';
import { summarize } from '@/bench/lib/stats';
import { fmtInt, fmtMs, renderTable } from '@/bench/lib/table';
import { hashPassword } from '@/server/auth/password';
import { ensureBuild } from '@/server/build';
import { createPrisma } from '@/server/db';
import { migrate } from '@/server/db/migrate';

// `npm run bench:router`: which HTTP router should serve /api/v1 inside the custom server? The
// same hold route (same zod schemas, bearer authentication, use case and error envelope) served
// three ways, one after the other against one database: through Next's route pipeline (the
// production server), by Fastify, and by Hono on @hono/node-server. Each cell: 32 clients holding
// two distinct seats per request, 2 s warm-up and BENCH_SECONDS measured, rounds alternated so
// that the machine's other load falls on every variant alike. Prints holds/s, latency and CPU per
// hold in the app process and in PostgreSQL.

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const PG_DIR = process.env.BENCH_PG_DIR ?? '/tmp/marquee-router-pg';
const PASSWORD = 'bench-password-not-a-secret';
const AUTH_SECRET = 'marquee-benchmark-auth-secret-not-for-production';
const COLS = 20;

const t0 = performance.now();
const progress = (m: string) =>
  process.stderr.write(`  [${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${m}\n`);

type Variant = 'next' | 'fastify' | 'hono';
type Running = { url: string; pid: number; stop: () => Promise<void> };

async function startRouter(
  variant: Exclude<Variant, 'next'>,
  port: number,
  env: Record<string, string>,
): Promise<Running> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './server/preload.mjs', 'bench/lib/router-server.ts', variant],
    { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`${variant} exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main(cleanup: Cleanup): Promise<void> {
  const postgres = await startBenchPostgres({
    dataDir: PG_DIR,
    port: await freePort(Number(process.env.BENCH_PG_PORT ?? 54470)),
  });
  cleanup.add('stop PostgreSQL', () => postgres.stop());
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dbName = `router_${stamp}`;
  const url = await postgres.createDatabase(dbName);
  cleanup.add('drop the database', () => postgres.dropDatabase(dbName));
  await migrate(url);
  const prisma = createPrisma(url, 4);
  const users = await seedUsers(prisma, { count: CLIENTS, passwordHash: await hashPassword(PASSWORD) });
  const world = await seedCinema(prisma, {
    firstStart: new Date(Date.now() + 86_400_000),
    cinema: { orphanSeatRule: true },
    screens: Array.from({ length: 30 }, (_, i) => ({
      name: `S${i}`,
      rows: Math.ceil(CLIENTS / 10),
      cols: COLS,
      showtimes: 100,
    })),
  });
  await prisma.$disconnect();
  const shows = world.screens.flatMap((screen) => screen.showtimeIds.map((id) => ({ id, screen })));
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  cleanup.add('close SQL', () => sql.end());

  await ensureBuild(progress);
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    AUTH_SECRET,
    NEXTAUTH_SECRET: AUTH_SECRET,
    SEED_ON_START: 'false',
    LOG_LEVEL: 'warn',
    HOLD_MINUTES: '30',
    HOLD_RATE_LIMIT_PER_MINUTE: '0',
    DATABASE_POOL_SIZE: '20',
    DATA_DIR: '/tmp/marquee-router-data',
    PAYMENT_PROVIDER: 'sandbox',
  };
  const nextPort = await freePort(3960);
  const next = await startAppServer({
    port: nextPort,
    env,
    logFile: `/tmp/marquee-router-next-${stamp}.log`,
  });
  cleanup.add('stop next', () => next.stop());
  const auth = httpClient(next.url, 4);
  const tokens = await mapLimit(users, 4, async (u) => {
    const r = await auth.request('POST', '/api/v1/auth/token', {
      body: jsonBody({ email: u.email, password: PASSWORD }),
    });
    if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.body}`);
    return (JSON.parse(r.body) as { accessToken: string }).accessToken;
  });
  auth.close();
  const fastify = await startRouter('fastify', await freePort(3970), env);
  cleanup.add('stop fastify', () => fastify.stop());
  const hono = await startRouter('hono', await freePort(3975), env);
  cleanup.add('stop hono', () => hono.stop());
  const servers: Record<Variant, Running> = { next: { ...next }, fastify, hono };

  const reset = () =>
    sql.query(`WITH h AS (UPDATE seat_holds SET status = 'RELEASED', ended_at = now() WHERE status = 'ACTIVE' RETURNING id)
               UPDATE seat_claims SET state = 'RELEASED' WHERE state = 'HELD' AND hold_id IN (SELECT id FROM h)`);
  const rows: string[][] = [];
  const totals = new Map<Variant, { holds: number; secs: number; app: number; db: number }>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of ['next', 'fastify', 'hono'] as const) {
      await reset();
      await sql.query('VACUUM ANALYZE seat_holds, seat_claims, showtimes');
      progress(`round ${round}: ${variant}`);
      const server = servers[variant];
      const client = httpClient(server.url, CLIENTS);
      const steps = new Array<number>(CLIENTS).fill(0);
      let a = cpuSample(server.pid, postgres.postmasterPid());
      let share: ReturnType<typeof cpuShare> | undefined;
      const r = await runClosedLoop({
        concurrency: CLIENTS,
        warmupMs: 2_000,
        durationMs: SECONDS * 1000,
        describeError: (x) => `${x.status} ${errorCode(x.body) ?? x.error ?? ''}`,
        onMeasureStart: () => {
          a = cpuSample(server.pid, postgres.postmasterPid());
        },
        onMeasureEnd: () => {
          share = cpuShare(a, cpuSample(server.pid, postgres.postmasterPid()));
        },
        iteration: async (i, record) => {
          const step = steps[i] ?? 0;
          steps[i] = step + 1;
          const show = shows[(i + step) % shows.length];
          if (!show) return;
          const row = Math.floor(i / (COLS / 2));
          const col = 2 * (i % (COLS / 2));
          record.measured(
            await client.request('POST', `/api/v1/showtimes/${show.id}/holds`, {
              token: tokens[i],
              body: jsonBody({ seatIds: [show.screen.seats[row]?.[col], show.screen.seats[row]?.[col + 1]] }),
            }),
          );
        },
      });
      client.close();
      const secs = r.windowMs / 1000;
      const holds = r.statuses.get(201);
      const lat = summarize(r.latencies);
      const appMs = share ? (share.app * secs * 10) / Math.max(1, holds) : Number.NaN; // % of a core → ms
      const dbMs = share ? (share.db * secs * 10) / Math.max(1, holds) : Number.NaN;
      const t = totals.get(variant) ?? { holds: 0, secs: 0, app: 0, db: 0 };
      totals.set(variant, {
        holds: t.holds + holds,
        secs: t.secs + secs,
        app: t.app + appMs,
        db: t.db + dbMs,
      });
      rows.push([
        String(round),
        variant,
        fmtInt(holds / secs),
        fmtMs(lat.p50),
        fmtMs(lat.p95),
        fmtMs(lat.p99),
        fmtInt(r.statuses.total((s) => s !== 201)),
        `${appMs.toFixed(2)} + ${dbMs.toFixed(2)}`,
        share ? `${Math.round(share.other)} % of a core` : '–',
      ]);
    }
  }
  const table = renderTable(
    [
      { title: 'round' },
      { title: 'router', align: 'left' },
      { title: 'holds/s' },
      { title: 'p50 ms' },
      { title: 'p95 ms' },
      { title: 'p99 ms' },
      { title: 'errors' },
      { title: 'cpu ms/hold app+db' },
      { title: 'other load' },
    ],
    rows,
  );
  const summary = [...totals].map(
    ([v, t]) =>
      `${v}: ${fmtInt(t.holds / t.secs)} holds/s over ${ROUNDS} rounds, app ${(t.app / ROUNDS).toFixed(2)} ms/hold`,
  );
  const report = [
    `# bench:router — ${new Date().toISOString()}`,
    '',
    `The hold route, ${CLIENTS} clients, distinct seats, ${SECONDS} s per cell after 2 s warm-up; PostgreSQL ${postgres.version} (fsync on); Node ${process.version}. "other load" is CPU used by processes outside this benchmark during the cell (other jobs on the machine).`,
    '',
    table,
    '',
    ...summary.map((s) => `- ${s}`),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  await mkdir(path.resolve('bench/results'), { recursive: true });
  await writeFile(path.resolve(`bench/results/router-choice-${stamp}.md`), `${report}\n`);
}

const cleanup = new Cleanup();
cleanup.onSignals(progress);
main(cleanup)
  .then(() => cleanup.run(progress))
  .catch(async (e: unknown) => {
    process.stderr.write(`bench:router failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    await cleanup.run(progress);
    process.exit(1);
  });
