import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { reconcileBookings, startBookingLoad } from '@/bench/lib/booking-load';
import { Cleanup } from '@/bench/lib/cleanup';
import { httpClient, jsonBody, mapLimit } from '@/bench/lib/http';
import { startBenchPostgres } from '@/bench/lib/postgres';
import { seedCinema, seedUsers } from '@/bench/lib/seed';
import { type AppServer, freePort, startAppServer } from '@/bench/lib/server';
import { renderTable } from '@/bench/lib/table';
import { hashPassword } from '@/server/auth/password';
import { ensureBuild } from '@/server/build';
import { createPrisma } from '@/server/db';
import { migrate } from '@/server/db/migrate';

// `npm run drill:crash` (`-- --small` for CI): kill -9 the production server while customers are
// holding seats and paying, start it again, and check in SQL that nothing was lost and nobody is
// stuck. Clients behave as the checkout page does: a checkout whose answer never came (the server
// died, or said "still being processed") is sent again with the same Idempotency-Key until it gets
// a definite answer. Exits 1 on any violation of the reconciliation in SQL (reconcileBookings in
// bench/lib/booking-load.ts: nothing lost, nobody stuck).
// Loopback only; bounded in time.

const SMALL = process.argv.includes('--small') || process.env.DRILL_SMALL === '1';
const CLIENTS = SMALL ? 8 : 24;
const KILLS = SMALL ? 1 : 3;
/** Load between kills (and after the last restart). */
const PHASE_MS = SMALL ? 4_000 : 8_000;
/** The server's reconciler: stale after this, checked every 10 s. */
const STALE_SECONDS = 3;
const LEASE_SECONDS = 5;
const SHOWTIMES = 8;
const COLS = 20;
const PG_DIR = '/tmp/marquee-drill-crash-pg';
const PASSWORD = 'drill-password-not-a-secret';
const AUTH_SECRET = 'marquee-drill-auth-secret-not-for-production';
const CRON_SECRET = 'marquee-drill-cron-secret';

const started = performance.now();
const progress = (msg: string) =>
  process.stderr.write(`  [${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(cleanup: Cleanup): Promise<number> {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  progress(
    `drill:crash (${SMALL ? 'small' : 'full'}): ${CLIENTS} clients, ${KILLS} kill -9, ${PHASE_MS / 1000} s phases`,
  );
  const postgres = await startBenchPostgres({ dataDir: PG_DIR, port: await freePort(54460) });
  cleanup.add('stop PostgreSQL', () => postgres.stop());
  const dbName = `drill_crash_${stamp}`;
  const url = await postgres.createDatabase(dbName);
  cleanup.add('drop the database', () => postgres.dropDatabase(dbName));
  await migrate(url);

  const prisma = createPrisma(url, 4);
  const passwordHash = await hashPassword(PASSWORD);
  const users = await seedUsers(prisma, { count: CLIENTS, passwordHash, emailPrefix: 'crash' });
  const world = await seedCinema(prisma, {
    firstStart: new Date(Date.now() + 86_400_000),
    // Each client takes seat pairs along its own row: the orphan rule would only refuse by design.
    cinema: { orphanSeatRule: false },
    screens: Array.from({ length: SHOWTIMES }, (_, i) => ({
      name: `Screen ${i + 1}`,
      rows: CLIENTS,
      cols: COLS,
      showtimes: 1,
    })),
  });
  await prisma.$disconnect();
  const shows = world.screens.map((s) => ({ showtimeId: s.showtimeIds[0] as string, seats: s.seats }));

  await ensureBuild(progress);
  const port = await freePort(3950);
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    SEED_ON_START: 'false',
    LOG_LEVEL: 'warn',
    AUTH_SECRET,
    CRON_SECRET,
    HOLD_MINUTES: '10',
    HOLD_RATE_LIMIT_PER_MINUTE: '0',
    // A charge takes a moment, as over a network: the kill lands mid-charge as well as elsewhere.
    SANDBOX_LATENCY_MS: '40',
    PAYMENT_STALE_SECONDS: String(STALE_SECONDS),
    IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS),
    DATA_DIR: `/tmp/marquee-drill-crash-data-${stamp}`,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const logFile = `/tmp/marquee-drill-crash-${stamp}.log`;
  let server: AppServer = await startAppServer({ port, env, logFile });
  cleanup.add('stop the server', () => server.stop());

  const auth = httpClient(server.url, 4);
  const tokens = await mapLimit(users, 4, async (u) => {
    const r = await auth.request('POST', '/api/v1/auth/token', {
      body: jsonBody({ email: u.email, password: PASSWORD }),
    });
    if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.body}`);
    return (JSON.parse(r.body) as { accessToken: string }).accessToken;
  });
  auth.close();

  const load = startBookingLoad({
    baseUrl: () => server.url,
    tokens,
    shows: shows.map((s) => ({ showtimeId: s.showtimeId, seats: s.seats })),
    cols: COLS,
  });
  const kills: { at: number; downMs: number }[] = [];
  for (let k = 0; k < KILLS; k++) {
    await sleep(PHASE_MS);
    progress(`kill -9 the server (${k + 1}/${KILLS})`);
    const t0 = performance.now();
    process.kill(-server.pid, 'SIGKILL');
    await sleep(300);
    server = await startAppServer({ port, env, logFile });
    kills.push({ at: Math.round((t0 - started) / 1000), downMs: Math.round(performance.now() - t0) });
    progress(`server back after ${kills.at(-1)?.downMs} ms`);
  }
  await sleep(PHASE_MS);
  progress('stopping new bookings; waiting for every client to get its answer');
  await load.stop();

  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  cleanup.add('close SQL', () => sql.end());
  const { keys, statuses } = load;
  const { checks: reconciled, counts } = await reconcileBookings(sql, {
    keys,
    staleSeconds: STALE_SECONDS,
    sweep: async () => {
      const sweep = await fetch(`${server.url}/api/cron/expire-holds`, {
        method: 'POST',
        headers: { authorization: `Bearer ${CRON_SECRET}` },
      });
      if (sweep.status !== 200) progress(`sweep answered ${sweep.status}`);
    },
  });
  const retried = keys.filter((k) => k.retries > 0);
  const checks: [string, number, number][] = reconciled.map((c) => [c.name, c.found, c.expected]);
  const failed = checks.filter(([, actual, want]) => actual !== want);

  const lines = [
    `# drill:crash ${SMALL ? '(small)' : ''} — ${new Date().toISOString()}`,
    '',
    `${CLIENTS} clients holding 2 seats and paying (sandbox, 40 ms per charge), ${KILLS} × kill -9 of the server ` +
      `(back in ${kills.map((k) => `${k.downMs} ms`).join(', ')}), reconciler stale after ${STALE_SECONDS} s, ` +
      `idempotency lease ${LEASE_SECONDS} s.`,
    '',
    renderTable(
      [{ title: 'what', align: 'left' }, { title: 'count' }],
      [
        ['holds made', String(load.holds())],
        ['checkouts (keys)', String(keys.length)],
        ['checkout requests', String(keys.reduce((n, k) => n + k.attempts, 0))],
        ['keys retried after a lost or in-progress answer', String(retried.length)],
        ['cards charged', String(counts.charges)],
        ['confirmed bookings', String(counts.bookings)],
        ['payments closed as abandoned (crash before the charge)', String(counts.abandoned)],
      ],
    ),
    '',
    renderTable(
      [{ title: 'answer', align: 'left' }, { title: 'count' }],
      [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, String(v)]),
    ),
    '',
    renderTable(
      [
        { title: 'check', align: 'left' },
        { title: 'found' },
        { title: 'expected' },
        { title: '', align: 'left' },
      ],
      checks.map(([name, actual, want]) => [
        name,
        String(actual),
        String(want),
        actual === want ? 'ok' : 'FAIL',
      ]),
    ),
    '',
    failed.length
      ? `FAILED: ${failed.map(([n]) => n).join('; ')}`
      : 'All checks passed: nothing lost, nobody stuck.',
  ];
  const report = lines.join('\n');
  process.stdout.write(`${report}\n`);
  if (!SMALL) {
    const dir = path.resolve('bench/results');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `crash-${stamp}.md`), `${report}\n`);
  }
  return failed.length ? 1 : 0;
}

const cleanup = new Cleanup();
cleanup.onSignals(progress);
main(cleanup)
  .then(async (code) => {
    await cleanup.run(progress);
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    process.stderr.write(
      `drill:crash failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await cleanup.run(progress);
    process.exit(1);
  });
