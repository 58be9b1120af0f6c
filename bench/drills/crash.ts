import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { Cleanup } from '@/bench/lib/cleanup';
import { errorCode, type HttpClient, httpClient, jsonBody, mapLimit } from '@/bench/lib/http';
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
// a definite answer. Exits 1 on any violation:
//   - every captured payment has a confirmed booking with a ticket per seat, or was refunded;
//   - no booking without a payment; no seat in two live claims;
//   - no hold past its expiry still ACTIVE once the sweep has run;
//   - no PENDING payment left once the reconciler has had its period;
//   - every client that retried with its key got its booking (no stuck key);
//   - no charge reversed (nothing here makes a hold end under its payment).
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
const CARD = {
  method: 'card',
  card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2035, cvc: '123' },
};

const started = performance.now();
const progress = (msg: string) =>
  process.stderr.write(`  [${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type KeyRecord = {
  key: string;
  holdId: string;
  attempts: number;
  /** Answers without a definite outcome (no response, in-progress, 5xx) before the last one. */
  retries: number;
  final: string | null;
  reference: string | null;
};

const statuses = new Map<string, number>();
const count = (label: string) => statuses.set(label, (statuses.get(label) ?? 0) + 1);

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

  const keys: KeyRecord[] = [];
  let stopping = false;
  let holds = 0;
  const clients: HttpClient[] = [];

  async function client(i: number): Promise<void> {
    const http = httpClient(server.url, 2);
    clients.push(http);
    const token = tokens[i] as string;
    for (let step = 0; !stopping; ) {
      const show = shows[step % SHOWTIMES];
      const col = 2 * Math.floor(step / SHOWTIMES);
      if (!show || col + 1 >= COLS) break; // this client's row is full everywhere
      const seatIds = [show.seats[i]?.[col], show.seats[i]?.[col + 1]];
      const hold = await http.request('POST', `/api/v1/showtimes/${show.showtimeId}/holds`, {
        token,
        body: jsonBody({ seatIds }),
        timeoutMs: 10_000,
      });
      count(`hold ${hold.status || 'no response'}${errorCode(hold.body) ? ` ${errorCode(hold.body)}` : ''}`);
      if (hold.status === 0 || hold.status >= 500) {
        // The server is down or restarting: the same seats again in a moment.
        await sleep(300);
        continue;
      }
      step++;
      if (hold.status !== 201) continue;
      holds++;
      const holdId = (JSON.parse(hold.body) as { holdId: string }).holdId;
      const record: KeyRecord = {
        key: randomUUID(),
        holdId,
        attempts: 0,
        retries: 0,
        final: null,
        reference: null,
      };
      keys.push(record);
      const body = jsonBody({ payment: CARD });
      // The checkout page's rule: the same key until a definite answer.
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        record.attempts++;
        const r = await http.request('POST', `/api/v1/holds/${holdId}/checkout`, {
          token,
          body,
          timeoutMs: 15_000,
          headers: { 'idempotency-key': record.key },
        });
        const code = errorCode(r.body);
        count(`checkout ${r.status || 'no response'}${code ? ` ${code}` : ''}`);
        if (r.status === 201 || r.status === 200) {
          record.final = String(r.status);
          record.reference = (JSON.parse(r.body) as { reference: string }).reference;
          break;
        }
        const retryable =
          r.status === 0 || r.status >= 500 || code === 'IDEMPOTENCY_CONFLICT' || code === 'PAYMENT_PENDING';
        if (!retryable) {
          record.final = `${r.status} ${code ?? ''}`.trim();
          break;
        }
        record.retries++;
        await sleep(300 + Math.random() * 700);
      }
    }
  }

  const running = Array.from({ length: CLIENTS }, (_, i) => client(i));
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
  stopping = true;
  progress('stopping new bookings; waiting for every client to get its answer');
  await Promise.all(running);
  for (const c of clients) c.close();

  // The reconciler's period: stale after STALE_SECONDS, run every 10 s.
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  cleanup.add('close SQL', () => sql.end());
  const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    (await sql.query<T>(text, values)).rows;
  const pendingDeadline = Date.now() + (STALE_SECONDS + 25) * 1000;
  let pending = 0;
  do {
    pending =
      (await q<{ n: number }>("SELECT count(*)::int AS n FROM payments WHERE status = 'PENDING'"))[0]?.n ?? 0;
    if (pending === 0) break;
    await sleep(1_000);
  } while (Date.now() < pendingDeadline);
  const sweep = await fetch(`${server.url}/api/cron/expire-holds`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CRON_SECRET}` },
  });
  if (sweep.status !== 200) progress(`sweep answered ${sweep.status}`);

  // ── Reconcile in SQL ──────────────────────────────────────────────────────────
  const one = async (text: string) => (await q<{ n: number }>(text))[0]?.n ?? 0;
  const lostCharges = await one(`
    SELECT count(*)::int AS n FROM sandbox_charges c
    LEFT JOIN payments p ON p.id = c.payment_id
    LEFT JOIN bookings b ON b.id = p.booking_id
    WHERE c.provider_ref IS NOT NULL AND NOT (
      (p.status = 'SUCCEEDED' AND b.status = 'CONFIRMED'
        AND (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id AND t.status = 'VALID')
          = jsonb_array_length(b.price->'seats'))
      OR c.refunded_minor = c.amount_minor)`);
  const bookingsWithoutPayment = await one(`
    SELECT count(*)::int AS n FROM bookings b
    WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.id AND p.status = 'SUCCEEDED')`);
  const doubleClaims = await one(`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM seat_claims WHERE state IN ('HELD','SOLD')
      GROUP BY showtime_id, seat_id HAVING count(*) > 1) d`);
  const overdueHolds = await one(`
    SELECT count(*)::int AS n FROM seat_holds WHERE status = 'ACTIVE' AND expires_at < now() - interval '10 seconds'`);
  const reversed = await one(`SELECT count(*)::int AS n FROM payments WHERE status = 'REVERSED'`);
  const charges = await one('SELECT count(*)::int AS n FROM sandbox_charges WHERE provider_ref IS NOT NULL');
  const bookings = await one(`SELECT count(*)::int AS n FROM bookings WHERE status = 'CONFIRMED'`);
  const abandoned = await one(`SELECT count(*)::int AS n FROM payments WHERE failure_code = 'abandoned'`);
  const references = new Set(
    (await q<{ reference: string }>('SELECT reference FROM bookings')).map((r) => r.reference),
  );
  const retried = keys.filter((k) => k.retries > 0);
  const stuck = keys.filter((k) => k.final === null);
  const retriedWithoutBooking = retried.filter((k) => !k.reference || !references.has(k.reference));
  const answeredWrong = keys.filter((k) => k.reference && !references.has(k.reference));

  const checks: [string, number, number][] = [
    ['captured payments without a booking or refund', lostCharges, 0],
    ['bookings without a payment', bookingsWithoutPayment, 0],
    ['seats in two live claims', doubleClaims, 0],
    ['holds past expiry still ACTIVE after the sweep', overdueHolds, 0],
    [`PENDING payments after the reconciler's period`, pending, 0],
    ['stuck keys (no definite answer)', stuck.length, 0],
    ['retried keys that did not get their booking', retriedWithoutBooking.length, 0],
    ['answers naming a booking that does not exist', answeredWrong.length, 0],
    ['charges reversed', reversed, 0],
  ];
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
        ['holds made', String(holds)],
        ['checkouts (keys)', String(keys.length)],
        ['checkout requests', String(keys.reduce((n, k) => n + k.attempts, 0))],
        ['keys retried after a lost or in-progress answer', String(retried.length)],
        ['cards charged', String(charges)],
        ['confirmed bookings', String(bookings)],
        ['payments closed as abandoned (crash before the charge)', String(abandoned)],
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
