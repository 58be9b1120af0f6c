import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkBestSeatsRush, type RushOutcome } from '@/bench/lib/best-seats-race';
import { Cleanup } from '@/bench/lib/cleanup';
import { startMigratedBenchDatabase } from '@/bench/lib/postgres';
import { seedCinema, seedUsers } from '@/bench/lib/seed';
import { summarize } from '@/bench/lib/stats';
import { fmtInt, fmtMs, renderTable } from '@/bench/lib/table';
import type { BestSeatsRequest } from '@/server/booking/best-seats';

// `npm run bench:best-seats`: a hot-showtime rush of "best N seats" requests, each a different
// customer asking for 1–4 seats, `clients` at a time, every client asking again as soon as it is
// answered, until the house has no block left for them. The use case (server/booking/hold-best-
// seats.ts) is called in this process, against PostgreSQL with normal durability: no HTTP, no
// sign-in, so the numbers are the pick-and-hold path alone. Two modes: this process's per-row
// queue on (one server instance: its requests on a showtime take turns) and off (PostgreSQL alone
// decides, as between several instances). Each cell sells a fresh 20 × 25 showtime out.
// Prints one table: holds/s, latency of every request, refusals, and the correctness check of
// bench/lib/best-seats-race.ts (no seat twice; each block as good as what was free when asked,
// beyond what others took) plus the database's live claims against the answers. Exit code 1 only
// if the correctness check fails or the run crashes.
// Knobs: BENCH_LEVELS (clients, default "8,32"), BENCH_PG_DIR, BENCH_PG_PORT, BENCH_KEEP=1.

const LEVELS = (process.env.BENCH_LEVELS ?? '8,32')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const PG_DIR = process.env.BENCH_PG_DIR || '/tmp/marquee-bench-best-seats-pg';
const PG_PORT = Number(process.env.BENCH_PG_PORT || 54470);
const KEEP = process.env.BENCH_KEEP === '1';
const HALL = { rows: 20, cols: 25 };
const MODES = [
  { name: 'one instance (row queue)', queue: true },
  { name: 'no row queue (as instances)', queue: false },
] as const;

const started = performance.now();
function progress(msg: string): void {
  process.stderr.write(`  [${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}\n`);
}

async function main(): Promise<number> {
  const cleanup = new Cleanup();
  cleanup.onSignals(progress);
  try {
    progress('starting PostgreSQL');
    // Every request is a new customer; the per-user burst guard is not what is measured.
    process.env.HOLD_RATE_LIMIT_PER_MINUTE = '0';
    const { pgServer, url } = await startMigratedBenchDatabase(cleanup, {
      dataDir: PG_DIR,
      port: PG_PORT,
      name: 'bench_best_seats',
      keep: KEEP,
    });
    const { createPrisma, db, disconnectDb } = await import('@/server/db');
    const { holdBestSeats } = await import('@/server/booking/hold-best-seats');
    const { showtimeContext } = await import('@/server/booking/showtime-context');
    const { isAppError } = await import('@/lib/errors');
    const cells = LEVELS.length * MODES.length;
    const prisma = createPrisma(url, 4);
    const { screens } = await seedCinema(prisma, {
      screens: [{ name: 'Hot', ...HALL, showtimes: cells }],
      firstStart: new Date(Date.now() + 2 * 24 * 3_600_000),
    });
    const users = await seedUsers(prisma, {
      count: cells * HALL.rows * HALL.cols,
      passwordHash: 'not-used-by-this-benchmark',
    });
    await prisma.$disconnect();
    cleanup.add('connections', () => disconnectDb());
    const showtimeIds = screens[0]?.showtimeIds ?? [];

    const rows: string[][] = [];
    let failed = false;
    let cell = 0;
    let nextUser = 0;
    for (const mode of MODES) {
      for (const clients of LEVELS) {
        const showtimeId = showtimeIds[cell++] as string;
        const ctx = await showtimeContext(showtimeId, { current: true });
        if (!ctx) throw new Error('no showtime');
        const outcomes: RushOutcome[] = [];
        const t0 = performance.now();
        // Each client asks until it is told no block of its size is left.
        await Promise.all(
          Array.from({ length: clients }, async (_, c) => {
            for (let n = 0; ; n++) {
              const user = users[nextUser++];
              if (!user) throw new Error('out of customers');
              const request: BestSeatsRequest = { count: 1 + ((c + n) % 4) };
              const sentAt = performance.now();
              try {
                const hold = await holdBestSeats({
                  userId: user.id,
                  showtimeId,
                  queue: mode.queue,
                  ...request,
                });
                const seatIds = hold.seats.map((s) => s.id);
                outcomes.push({ request, sentAt, doneAt: performance.now(), seatIds, error: null });
              } catch (error) {
                const code = isAppError(error) ? error.code : 'CRASH';
                outcomes.push({ request, sentAt, doneAt: performance.now(), seatIds: null, error: code });
                if (code === 'SEATS_UNAVAILABLE') return;
              }
            }
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        const verdict = checkBestSeatsRush(ctx, [], outcomes);
        const held = outcomes.filter((o) => o.seatIds);
        const answered = held.flatMap((o) => o.seatIds ?? []);
        const live = await db().seatClaim.findMany({
          where: { showtimeId, state: { in: ['HELD', 'SOLD'] } },
          select: { seatId: true },
        });
        const dbAgrees =
          live.length === answered.length &&
          new Set(live.map((c) => c.seatId)).size === new Set(answered).size;
        const ok =
          verdict.overlaps.length === 0 &&
          verdict.malformed.length === 0 &&
          verdict.worse.length === 0 &&
          dbAgrees &&
          outcomes.every((o) => o.error !== 'CRASH');
        if (!ok) {
          failed = true;
          progress(
            `correctness FAILED: ${JSON.stringify({ ...verdict, dbAgrees, live: live.length, answered: answered.length })}`,
          );
        }
        const lat = summarize(outcomes.map((o) => o.doneAt - o.sentAt));
        const busy = outcomes.filter((o) => o.error === 'BUSY').length;
        const other = outcomes.filter(
          (o) => o.error && !['BUSY', 'SEATS_UNAVAILABLE'].includes(o.error),
        ).length;
        rows.push([
          mode.name,
          String(clients),
          fmtInt(outcomes.length),
          fmtInt(held.length),
          `${answered.length}/${HALL.rows * HALL.cols}`,
          fmtInt(held.length / seconds),
          fmtMs(lat.p50),
          fmtMs(lat.p95),
          fmtMs(lat.p99),
          fmtMs(lat.max),
          String(outcomes.filter((o) => o.error === 'SEATS_UNAVAILABLE').length),
          String(busy + other),
          `${verdict.bestWhenAsked}/${verdict.judged}`,
          ok ? '✔' : '✘',
        ]);
        progress(`${mode.name}, ${clients} clients: ${held.length} holds in ${seconds.toFixed(1)} s`);
      }
    }

    const table = renderTable(
      [
        { title: 'mode', align: 'left' },
        { title: 'clients' },
        { title: 'requests' },
        { title: 'holds' },
        { title: 'seats held' },
        { title: 'holds/s' },
        { title: 'p50 ms' },
        { title: 'p95 ms' },
        { title: 'p99 ms' },
        { title: 'max ms' },
        { title: 'none left' },
        { title: 'errors' },
        { title: 'best when asked' },
        { title: 'correct' },
      ],
      rows,
    );
    const header = `Marquee best-seats rush — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, PostgreSQL ${pgServer.version} (embedded, fsync ${pgServer.settings.fsync ?? '?'}, synchronous_commit ${pgServer.settings.synchronous_commit ?? '?'}); app and database on one machine, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const notes = [
      `- each cell: a fresh ${HALL.rows} × ${HALL.cols} showtime sold out by best-N requests (1–4 seats, every request a new customer; a client stops when told none is left for its size)`,
      '- latency: every request, refusals included, measured around the use-case call (no HTTP, no sign-in)',
      '- none left: 409 SEATS_UNAVAILABLE (the end of each client); errors: BUSY after the bounded retries, or anything else',
      '- best when asked: requests that got the best block free when they asked; the rest got one no worse except for seats their concurrent requests took (bench/lib/best-seats-race.ts)',
      '- correct: no seat twice, blocks together, that property for every request, and the live claims in the database exactly the answers’ seats',
    ];
    const out = `${header}\n\n${table}\n\n${notes.join('\n')}\n`;
    process.stdout.write(`\n${out}`);
    const dir = path.join(import.meta.dirname, 'results');
    await mkdir(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
    const file = path.join(dir, `best-seats-${stamp}.md`);
    await writeFile(file, out);
    progress(`written to ${path.relative(process.cwd(), file)}`);
    return failed ? 1 : 0;
  } finally {
    await cleanup.run(progress);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
