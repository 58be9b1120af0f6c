import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Cleanup } from '@/bench/lib/cleanup';
import { type BenchPostgres, startBenchPostgres } from '@/bench/lib/postgres';
import { seedCinema } from '@/bench/lib/seed';
import { summarize } from '@/bench/lib/stats';
import { fmtInt, fmtMs, renderTable } from '@/bench/lib/table';
import { REPORT_KINDS, type ReportKind, type ReportQuery } from '@/lib/schemas/reports';
import type { Viewer } from '@/server/auth/session';
import { createPrisma } from '@/server/db';
import { migrate } from '@/server/db/migrate';

// `npm run bench:reports`: the reports on a big history. Generates, in a database of its own,
// CINEMAS cinemas × 4 screens of 150 seats × 4 shows a day for DAYS days back from today (matinee
// to night, busier at night and at weekends, a few shows cancelled), and about 1.1 million tickets
// in bookings of two (3 % cancelled and refunded, 6 % with a promo code, fee and 18 % tax), all
// with set-based SQL (generate_series), not the ORM, and for the GST register a tax invoice per
// booking and a credit note per refund. Then a full refresh of the rollups (timed),
// an incremental refresh after a day of new bookings (timed), and each report over the whole
// range and every cinema, as an admin sees it, through the real use case (getReport): p50/p95
// over RUNS runs after one warm-up. Target: each report ≤ 1 s on this 2-core box.
//
// Knobs: BENCH_DAYS (default 190), BENCH_CINEMAS (8), BENCH_RUNS (7), BENCH_KEEP=1,
// BENCH_PG_DIR (default /tmp/marquee-bench-reports-pg), BENCH_PG_PORT (default 54431, this branch's port).

const DAYS = Number(process.env.BENCH_DAYS ?? 190);
const CINEMAS = Number(process.env.BENCH_CINEMAS ?? 8);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const KEEP = process.env.BENCH_KEEP === '1';
const PG_DIR = process.env.BENCH_PG_DIR || '/tmp/marquee-bench-reports-pg';
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54431);

const progress = (msg: string) => process.stderr.write(`[bench:reports] ${msg}\n`);
const cleanup = new Cleanup();

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  progress(`${label}: ${fmtMs(ms)} ms`);
  return { value, ms };
}

/** Everything but the cinemas, screens and seats, in set-based SQL; triggers off while loading. */
const GENERATE = (days: number) => [
  `INSERT INTO movies (slug, title, synopsis, runtime_minutes, certificate, genres, languages, formats, release_date, poster_url)
   SELECT 'bench-film-' || g, 'Film number ' || g, 'A film.', 120, 'UA 13+', ARRAY['Drama'], ARRAY['Hindi'],
          ARRAY['TWO_D']::"MovieFormat"[], current_date - 400, '/posters/bench.svg'
   FROM generate_series(1, 40) g`,
  `INSERT INTO users (name, email, email_verified_at)
   SELECT 'Customer ' || g, 'bench-customer-' || g || '@bench.local', now() FROM generate_series(1, 20000) g`,
  `INSERT INTO promo_codes (code, description, kind, value, valid_from, valid_until, max_per_user)
   SELECT 'BENCH' || g, 'Bench promo ' || g, 'PERCENT', 1000 * g, now() - interval '2 years', now() + interval '1 year', 1000
   FROM generate_series(1, 5) g`,
  // Four shows a day on every screen (10:00, 13:30, 17:00, 21:00 India time); films change weekly.
  `INSERT INTO showtimes (movie_id, screen_id, starts_at, ends_at, busy_until, language, format, layout_id, status, cancelled_at, created_at)
   SELECT m.ids[1 + ((d / 7 + sc.n * 3 + slot / 300) % m.cnt)], sc.id, t.starts, t.starts + interval '135 minutes',
          t.starts + interval '155 minutes', 'Hindi', 'TWO_D', sc.current_layout_id,
          CASE WHEN x.cancelled THEN 'CANCELLED' ELSE 'SCHEDULED' END::"ShowtimeStatus",
          CASE WHEN x.cancelled THEN t.starts - interval '1 day' END, t.starts - interval '20 days'
   FROM (SELECT id, current_layout_id, row_number() OVER (ORDER BY cinema_id, name) AS n FROM screens) sc
   CROSS JOIN generate_series(1, ${days}) d
   CROSS JOIN unnest(ARRAY[600, 810, 1020, 1260]) slot
   CROSS JOIN LATERAL (SELECT ((current_date - d) + make_interval(mins => slot)) AT TIME ZONE 'Asia/Kolkata' AS starts) t
   -- Referring to t makes random() run once per show, not once for the query.
   CROSS JOIN LATERAL (SELECT t.starts IS NOT NULL AND random() < 0.004 AS cancelled) x
   CROSS JOIN (SELECT array_agg(id ORDER BY slug) AS ids, count(*)::int AS cnt FROM movies) m`,
  `CREATE TEMP TABLE seat_order AS
   SELECT screen_id, id AS seat_id, row_number() OVER (PARTITION BY screen_id ORDER BY row_index, col)::int AS ord FROM seats`,
  `CREATE INDEX ON seat_order (screen_id, ord)`,
  // How full each show is: busier later in the day and at weekends, with noise.
  `CREATE TEMP TABLE plan AS
   SELECT st.id AS showtime_id, st.screen_id, st.starts_at,
          least(150, floor(150 * occ.base * (0.4 + 1.2 * random())))::int AS n,
          CASE WHEN mins < 1020 THEN 20000 WHEN mins < 1260 THEN 25000 ELSE 30000 END AS price
   FROM showtimes st
   CROSS JOIN LATERAL (SELECT extract(hour FROM st.starts_at AT TIME ZONE 'Asia/Kolkata') * 60
                              + extract(minute FROM st.starts_at AT TIME ZONE 'Asia/Kolkata') AS mins) lm
   CROSS JOIN LATERAL (SELECT CASE WHEN lm.mins < 700 THEN 0.17 WHEN lm.mins < 1000 THEN 0.24 WHEN lm.mins < 1200 THEN 0.34 ELSE 0.44 END
                              * CASE WHEN extract(isodow FROM st.starts_at AT TIME ZONE 'Asia/Kolkata') >= 5 THEN 1.25 ELSE 1 END AS base) occ`,
  `CREATE TEMP TABLE tk AS
   SELECT gen_random_uuid() AS claim_id, p.showtime_id, so.seat_id, (so.ord - 1) / 2 AS grp, p.price, p.starts_at
   FROM plan p JOIN seat_order so ON so.screen_id = p.screen_id AND so.ord <= p.n`,
  `CREATE TEMP TABLE bk AS
   SELECT gen_random_uuid() AS booking_id, gen_random_uuid() AS hold_id, gen_random_uuid() AS payment_id,
          showtime_id, grp, count(*)::int AS seats, min(price) * count(*)::int AS subtotal, min(starts_at) AS starts_at,
          1 + floor(random() * 20000)::int AS user_no, random() AS r_cancel, random() AS r_promo,
          row_number() OVER () AS n
   FROM tk GROUP BY showtime_id, grp`,
  `ALTER TABLE bk ADD COLUMN promo int, ADD COLUMN discount int, ADD COLUMN fee int, ADD COLUMN tax int,
     ADD COLUMN total int, ADD COLUMN cancelled boolean, ADD COLUMN created_at timestamptz, ADD COLUMN user_id uuid`,
  `UPDATE bk SET promo = CASE WHEN r_promo < 0.06 THEN 1 + (n % 5)::int END, cancelled = r_cancel < 0.03,
          created_at = starts_at - (random() * interval '6 days') - interval '1 hour'`,
  `UPDATE bk SET discount = coalesce(subtotal * promo / 10, 0), fee = 3000`,
  `UPDATE bk SET tax = round((subtotal - discount + fee) * 0.18)::int`,
  `UPDATE bk SET total = subtotal - discount + fee + tax`,
  `UPDATE bk SET user_id = u.id FROM (SELECT id, row_number() OVER (ORDER BY email) AS k FROM users) u WHERE u.k = bk.user_no`,
  `INSERT INTO seat_holds (id, user_id, showtime_id, status, expires_at, price, total_minor, created_at, ended_at)
   SELECT hold_id, user_id, showtime_id, 'CONVERTED', created_at + interval '8 minutes', '{}', total, created_at, created_at + interval '2 minutes' FROM bk`,
  `INSERT INTO bookings (id, reference, user_id, showtime_id, hold_id, status, subtotal_minor, discount_minor, fee_minor, tax_minor,
                         total_minor, price, created_at, cancelled_at, cancel_reason)
   SELECT booking_id, 'BN-' || lpad(n::text, 9, '0'), user_id, showtime_id, hold_id,
          CASE WHEN cancelled THEN 'CANCELLED' ELSE 'CONFIRMED' END::"BookingStatus", subtotal, discount, fee, tax, total, '{}',
          created_at, CASE WHEN cancelled THEN created_at + interval '1 hour' END, CASE WHEN cancelled THEN 'Plans changed' END
   FROM bk`,
  `INSERT INTO seat_claims (id, hold_id, showtime_id, seat_id, state, expires_at, category, price_minor, created_at, updated_at)
   SELECT tk.claim_id, bk.hold_id, tk.showtime_id, tk.seat_id, CASE WHEN bk.cancelled THEN 'CANCELLED' ELSE 'SOLD' END::"ClaimState",
          bk.created_at + interval '8 minutes', 'STANDARD', tk.price, bk.created_at, bk.created_at
   FROM tk JOIN bk ON bk.showtime_id = tk.showtime_id AND bk.grp = tk.grp`,
  `INSERT INTO tickets (booking_id, claim_id, showtime_id, seat_id, status, price_minor, checked_in_at, created_at)
   SELECT bk.booking_id, tk.claim_id, tk.showtime_id, tk.seat_id,
          x.status::"TicketStatus", tk.price,
          CASE WHEN x.status = 'CHECKED_IN' THEN tk.starts_at - interval '10 minutes' END, bk.created_at
   FROM tk JOIN bk ON bk.showtime_id = tk.showtime_id AND bk.grp = tk.grp
   CROSS JOIN LATERAL (SELECT CASE WHEN bk.cancelled THEN 'CANCELLED' WHEN random() < 0.85 AND tk.starts_at < now()
                                   THEN 'CHECKED_IN' ELSE 'VALID' END AS status) x`,
  `INSERT INTO payments (id, hold_id, booking_id, provider, provider_ref, amount_minor, status, card_last4, created_at, updated_at)
   SELECT payment_id, hold_id, booking_id, 'sandbox', 'bench_' || booking_id, total, 'SUCCEEDED', '4242', created_at, created_at FROM bk`,
  // A cancellation refunds everything but the fee and its tax; a few refunds are still pending or failed.
  `INSERT INTO refunds (payment_id, booking_id, amount_minor, status, reason, attempts, created_at, updated_at)
   SELECT payment_id, booking_id, total - fee - round(fee * 0.18)::int,
          CASE WHEN random() < 0.95 THEN 'SUCCEEDED' WHEN random() < 0.5 THEN 'PENDING' ELSE 'FAILED' END::"RefundStatus",
          'Plans changed', 1, created_at + interval '1 hour', created_at + interval '1 hour'
   FROM bk WHERE cancelled`,
  `INSERT INTO promo_redemptions (promo_code_id, user_id, booking_id, payment_id, discount_minor, created_at)
   SELECT pc.id, bk.user_id, bk.booking_id, bk.payment_id, bk.discount, bk.created_at
   FROM bk JOIN promo_codes pc ON pc.code = 'BENCH' || bk.promo WHERE bk.promo IS NOT NULL`,
  // The GST register's documents: every booking's tax invoice, issued when it was booked (the
  // confirmation mail issues it), numbered per cinema and financial year in order of issue; a
  // credit note for every refund, reversing the admission (the fee is kept), issued with it. Each
  // with its lines as issue-invoice.ts writes them (admission 999615, booking fee 998599, 18 %),
  // the documents' tax heads the sums of the lines', for the SAC-wise summary to read.
  `UPDATE cinemas SET gstin = '27AABCM4821K1ZF', legal_name = 'Bench Cinemas Private Limited'`,
  `INSERT INTO invoices (booking_id, cinema_id, fiscal_year, number, invoice_number, issued_at, supplier_legal_name,
                         supplier_gstin, supplier_address, supplier_state, supplier_state_code, place_of_supply, lines,
                         taxable_minor, cgst_minor, sgst_minor, total_minor)
   SELECT x.booking_id, x.cinema_id, x.fy, x.num,
          x.prefix || '/' || to_char(x.fy % 100, 'FM00') || to_char((x.fy + 1) % 100, 'FM00') || '/' || lpad(x.num::text, 5, '0'),
          x.issued_at, 'Bench Cinemas Private Limited', '27AABCM4821K1ZF', 'Bench Road, Mumbai 400001', 'Maharashtra', '27',
          'Maharashtra (27)',
          jsonb_build_array(
            jsonb_build_object('description', 'Admission to the show', 'sac', '999615', 'quantity', x.seats,
              'items', '[]'::jsonb, 'grossMinor', x.subtotal, 'discountMinor', x.discount, 'discountLabel', NULL,
              'taxableMinor', x.subtotal - x.discount, 'taxRateBps', 1800,
              'cgstMinor', x.adm_tax - x.adm_tax / 2, 'sgstMinor', x.adm_tax / 2),
            jsonb_build_object('description', 'Online booking fee', 'sac', '998599', 'quantity', x.seats,
              'items', '[]'::jsonb, 'grossMinor', x.fee, 'discountMinor', 0, 'discountLabel', NULL,
              'taxableMinor', x.fee, 'taxRateBps', 1800,
              'cgstMinor', x.fee_tax - x.fee_tax / 2, 'sgstMinor', x.fee_tax / 2)),
          x.subtotal - x.discount + x.fee, x.adm_tax - x.adm_tax / 2 + x.fee_tax - x.fee_tax / 2,
          x.adm_tax / 2 + x.fee_tax / 2, x.total
   FROM (SELECT bk.*, c.id AS cinema_id, c.invoice_prefix AS prefix, f.fy, f.issued_at,
                round(bk.fee * 0.18)::int AS fee_tax, bk.tax - round(bk.fee * 0.18)::int AS adm_tax,
                row_number() OVER (PARTITION BY c.id, f.fy ORDER BY f.issued_at, bk.booking_id)::int AS num
         FROM bk JOIN showtimes s ON s.id = bk.showtime_id JOIN screens sc ON sc.id = s.screen_id
         JOIN cinemas c ON c.id = sc.cinema_id
         CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', bk.created_at) AS issued_at,
           EXTRACT(YEAR FROM (bk.created_at AT TIME ZONE 'Asia/Kolkata') - interval '3 months')::int AS fy) f) x`,
  `INSERT INTO credit_notes (invoice_id, booking_id, refund_id, cinema_id, fiscal_year, number, credit_note_number, issued_at,
                             reason, lines, taxable_minor, cgst_minor, sgst_minor, total_minor)
   SELECT y.invoice_id, y.booking_id, y.refund_id, y.cinema_id, y.fy, y.num,
          y.prefix || 'CN' || to_char(y.fy % 100, 'FM00') || to_char((y.fy + 1) % 100, 'FM00') || '/' || lpad(y.num::text, 5, '0'),
          y.issued_at, 'Plans changed',
          jsonb_build_array(jsonb_build_object('description', 'Admission to the show', 'sac', '999615',
            'quantity', y.seats, 'items', '[]'::jsonb, 'grossMinor', y.taxable, 'discountMinor', 0,
            'discountLabel', NULL, 'taxableMinor', y.taxable, 'taxRateBps', 1800,
            'cgstMinor', y.tax - y.tax / 2, 'sgstMinor', y.tax / 2)),
          y.taxable, y.tax - y.tax / 2, y.tax / 2, y.amount
   FROM (SELECT i.id AS invoice_id, r.booking_id, r.id AS refund_id, i.cinema_id, c.invoice_prefix AS prefix, f.issued_at,
                bk.seats,
                r.amount_minor AS amount, b.subtotal_minor - b.discount_minor AS taxable,
                r.amount_minor - (b.subtotal_minor - b.discount_minor) AS tax, f.fy,
                row_number() OVER (PARTITION BY i.cinema_id, f.fy ORDER BY f.issued_at, r.id)::int AS num
         FROM refunds r JOIN bookings b ON b.id = r.booking_id JOIN bk ON bk.booking_id = r.booking_id
         JOIN invoices i ON i.booking_id = b.id
         JOIN cinemas c ON c.id = i.cinema_id
         CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', r.created_at) AS issued_at,
           EXTRACT(YEAR FROM (r.created_at AT TIME ZONE 'Asia/Kolkata') - interval '3 months')::int AS fy) f) y`,
  // What the documents' insert triggers (off while loading) write: their lines, one row each.
  `INSERT INTO gst_document_lines (invoice_id, cinema_id, issued_at, supplier_gstin, line_no, sac, description,
                                   tax_rate_bps, quantity, taxable_minor, cgst_minor, sgst_minor)
   SELECT i.id, i.cinema_id, i.issued_at, i.supplier_gstin, e.n, e.l->>'sac', e.l->>'description',
          (e.l->>'taxRateBps')::int, (e.l->>'quantity')::int, (e.l->>'taxableMinor')::int,
          (e.l->>'cgstMinor')::int, (e.l->>'sgstMinor')::int
   FROM invoices i, jsonb_array_elements(i.lines) WITH ORDINALITY AS e(l, n)`,
  `INSERT INTO gst_document_lines (credit_note_id, cinema_id, issued_at, supplier_gstin, line_no, sac, description,
                                   tax_rate_bps, quantity, taxable_minor, cgst_minor, sgst_minor)
   SELECT c.id, c.cinema_id, c.issued_at, i.supplier_gstin, e.n, e.l->>'sac', e.l->>'description',
          (e.l->>'taxRateBps')::int, (e.l->>'quantity')::int, (e.l->>'taxableMinor')::int,
          (e.l->>'cgstMinor')::int, (e.l->>'sgstMinor')::int
   FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id, jsonb_array_elements(c.lines) WITH ORDINALITY AS e(l, n)`,
];

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
  const dbName = `bench_reports_${stamp}`;
  progress(`starting PostgreSQL in ${PG_DIR}`);
  const postgres: BenchPostgres = await startBenchPostgres({ dataDir: PG_DIR, port: PG_PORT, log: progress });
  cleanup.add('stop PostgreSQL', () => (KEEP ? undefined : postgres.stop()));
  const url = await postgres.createDatabase(dbName);
  cleanup.add('drop the bench database', () => (KEEP ? undefined : postgres.dropDatabase(dbName)));
  await migrate(url);

  progress(`seeding ${CINEMAS} cinemas of 4 screens × 150 seats`);
  const prisma = createPrisma(url, 2);
  try {
    for (let i = 0; i < CINEMAS; i++) {
      await seedCinema(prisma, {
        screens: [1, 2, 3, 4].map((n) => ({ name: `Screen ${n}`, rows: 10, cols: 15, showtimes: 0 })),
        firstStart: new Date(),
        cinema: { name: `Bench Cinema ${i + 1}`, orphanSeatRule: false },
      });
    }
  } finally {
    await prisma.$disconnect();
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  cleanup.add('close the SQL client', () => client.end());
  const generation = await timed(`generating ${DAYS} days of history`, async () => {
    await client.query('BEGIN');
    // A restore-like bulk load: triggers (and the foreign-key checks they implement) off; the data
    // is consistent by construction. Constraints, unique and exclusion indexes still apply.
    await client.query("SET LOCAL session_replication_role = 'replica'");
    await client.query("SET LOCAL work_mem = '64MB'");
    for (const sql of GENERATE(DAYS)) await client.query(sql);
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
  });
  void generation;
  const counts = (
    await client.query<{
      tickets: string;
      bookings: string;
      showtimes: string;
      refunds: string;
      invoices: string;
      creditNotes: string;
    }>(
      `SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM bookings) AS bookings,
              (SELECT count(*) FROM showtimes) AS showtimes, (SELECT count(*) FROM refunds) AS refunds,
              (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM credit_notes) AS "creditNotes"`,
    )
  ).rows[0]!;
  progress(
    `${fmtInt(Number(counts.tickets))} tickets, ${fmtInt(Number(counts.bookings))} bookings, ${fmtInt(Number(counts.showtimes))} shows`,
  );

  const full = await timed('full refresh of the rollups', () =>
    client.query('SELECT refresh_report_rollups(true)'),
  );
  await client.query('ANALYZE report_showtime_rollups; ANALYZE report_promo_rollups');
  // A day's new bookings (through the triggers this time): what the minutely job then recomputes.
  await client.query(`UPDATE tickets SET status = 'CHECKED_IN', checked_in_at = now()
                      WHERE id IN (SELECT id FROM tickets WHERE status = 'VALID' LIMIT 3000)`);
  const dirty = (
    await client.query<{ n: string }>('SELECT count(DISTINCT showtime_id) AS n FROM report_dirty_showtimes')
  ).rows[0]!.n;
  const incremental = await timed(`incremental refresh (${dirty} shows changed)`, () =>
    client.query('SELECT refresh_report_rollups(false)'),
  );

  // The reports through the real use case, as an admin over every cinema and the whole range.
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_SIZE = '4';
  const { refreshEnv } = await import('@/server/env');
  refreshEnv();
  const { getReport } = await import('@/server/reports/get-report');
  const { db } = await import('@/server/db');
  cleanup.add('close the app pool', () => db().$disconnect());
  const admin: Viewer = {
    id: '00000000-0000-4000-8000-000000000000',
    name: 'Bench admin',
    email: null,
    role: 'ADMIN',
    staffCinemaIds: [],
    managedCinemaIds: [],
  };
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - (DAYS + 1) * 86_400_000).toISOString().slice(0, 10);
  const rows: string[][] = [];
  const measure = async (label: string, kind: ReportKind, query: ReportQuery, limit?: number) => {
    const samples: number[] = [];
    let rowCount = 0;
    let rowsTotal = 0;
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const report = await getReport({ viewer: admin, kind, query, limit });
      const ms = performance.now() - t0;
      rowCount = report.rows.length;
      rowsTotal = report.rowsTotal;
      if (i > 0) samples.push(ms); // the first run warms the caches
    }
    const s = summarize(samples);
    const shown = rowCount === rowsTotal ? fmtInt(rowCount) : `${fmtInt(rowCount)} of ${fmtInt(rowsTotal)}`;
    rows.push([label, shown, fmtMs(s.p50), fmtMs(s.p95), s.p95 <= 1000 ? '✔' : '✘']);
    progress(`${label}: p50 ${fmtMs(s.p50)} ms, p95 ${fmtMs(s.p95)} ms (${shown} rows)`);
  };
  for (const kind of REPORT_KINDS as readonly ReportKind[])
    await measure(kind === 'gst' ? 'gst (every row: the downloads)' : kind, kind, { from, to: today });
  // The GST register as the page and a JSON caller with `limit` read it: the first 500 rows, the
  // totals and both summaries over every document.
  await measure('gst (first 500 rows: the page, `limit`)', 'gst', { from, to: today }, 500);
  // The GST register as it is used: one cinema's month, for its return.
  const [firstCinema] = (await client.query<{ id: string }>('SELECT id FROM cinemas ORDER BY name LIMIT 1'))
    .rows;
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const month = { from: monthAgo, to: today, cinemaId: firstCinema!.id };
  await measure('gst (one cinema, 30 days, every row)', 'gst', month);
  await measure('gst (one cinema, 30 days, first 500 rows)', 'gst', month, 500);

  // The rollups must say what the raw tables say (after the incremental refresh above).
  const revenue = await getReport({ viewer: admin, kind: 'revenue', query: { from, to: today } });
  const films = await getReport({ viewer: admin, kind: 'occupancy-films', query: { from, to: today } });
  const raw = (
    await client.query<{ total: string; fee: string; tax: string; admissions: string }>(
      `SELECT (SELECT sum(total_minor) FROM bookings) AS total, (SELECT sum(fee_minor) FROM bookings) AS fee,
              (SELECT sum(tax_minor) FROM bookings) AS tax,
              (SELECT count(*) FROM tickets t JOIN showtimes s ON s.id = t.showtime_id
                WHERE t.status <> 'CANCELLED' AND s.status = 'SCHEDULED') AS admissions`,
    )
  ).rows[0]!;
  // The GST register reads the documents: its net is invoices less credit notes issued in the
  // range (by issue date; the oldest shows' bookings were made before it began).
  const gst = await getReport({ viewer: admin, kind: 'gst', query: { from, to: today } });
  const documents = (
    await client.query<{ net: string; count: string }>(
      `SELECT coalesce(sum(d.total), 0) AS net, count(*) AS count
       FROM (SELECT cinema_id, issued_at, total_minor AS total FROM invoices
             UNION ALL SELECT cinema_id, issued_at, -total_minor FROM credit_notes) d
       JOIN cinemas c ON c.id = d.cinema_id
       WHERE (d.issued_at AT TIME ZONE c.time_zone)::date BETWEEN $1::date AND $2::date`,
      [from, today],
    )
  ).rows[0]!;
  // The SAC-wise summary: net of credit notes, it adds up to the register's net, head by head.
  const sacSum = (k: string) => (gst.sacSummary?.rows ?? []).reduce((n, r) => n + Number(r[k] ?? 0), 0);
  const sacAgrees = ['taxable', 'cgst', 'sgst', 'total'].every((k) => sacSum(k) === gst.totals[k]);
  const page = await getReport({ viewer: admin, kind: 'gst', query: { from, to: today }, limit: 500 });
  const pageAgrees =
    JSON.stringify(page.rows) === JSON.stringify(gst.rows.slice(0, 500)) &&
    JSON.stringify(page.totals) === JSON.stringify(gst.totals) &&
    page.rowsTotal === gst.rows.length;
  progress(
    `SAC summary adds up: ${sacAgrees}; first 500 rows and totals as the full register: ${pageAgrees}`,
  );
  const agrees =
    sacAgrees &&
    pageAgrees &&
    gst.totals.total === Number(documents.net) &&
    gst.rows.length === Number(documents.count) &&
    revenue.totals.total === Number(raw.total) &&
    revenue.totals.net === Number(raw.total) - Number(raw.fee) - Number(raw.tax) &&
    films.totals.admissions === Number(raw.admissions);
  progress(`reports agree with the raw tables: ${agrees}`);

  const load = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
  const table = renderTable(
    [
      { title: 'report (all cinemas, whole range)', align: 'left' },
      { title: 'rows' },
      { title: 'p50 ms' },
      { title: 'p95 ms' },
      { title: '≤ 1 s' },
    ],
    rows,
  );
  const report = [
    `# bench:reports ${stamp}`,
    '',
    `- history: ${CINEMAS} cinemas × 4 screens × 150 seats, ${DAYS} days, ${fmtInt(Number(counts.showtimes))} shows, ${fmtInt(Number(counts.bookings))} bookings, **${fmtInt(Number(counts.tickets))} tickets**, ${fmtInt(Number(counts.refunds))} refunds, ${fmtInt(Number(counts.invoices))} invoices, ${fmtInt(Number(counts.creditNotes))} credit notes; PostgreSQL ${postgres.version} (embedded, fsync on), ${os.cpus().length} cores`,
    `- generated in ${fmtMs(generation.ms)} ms (set-based SQL); full rollup refresh **${fmtMs(full.ms)} ms**; incremental refresh of ${dirty} changed shows **${fmtMs(incremental.ms)} ms**`,
    `- each report: ${RUNS} runs after one warm-up, through getReport (SQL over the rollups + Prisma + shaping), as an admin over every cinema from ${from} to ${today}`,
    `- totals agree with SQL over bookings and tickets (paid, net = paid − fee − tax, admissions) and over invoices and credit notes (GST register net, its SAC-wise summary adding up to it, its first 500 rows as the full register's): ${agrees ? 'yes ✔' : 'NO ✘'}`,
    `- load average (1/5/15 min) at the end: ${load} — the box is shared with other engineers' work`,
    '',
    table,
    '',
  ].join('\n');
  process.stdout.write(`\n${report}\n`);
  const dir = path.join(process.cwd(), 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `reports-${stamp}.md`);
  await writeFile(file, report);
  progress(`written to ${path.relative(process.cwd(), file)}`);
  // Numbers above the target are findings (the table says so), not a failed run; disagreement is.
  return agrees ? 0 : 1;
}

main().then(
  (code) => process.exit(cleanup.interrupted ? 130 : code),
  (error: unknown) => {
    if (cleanup.interrupted) return;
    process.stderr.write(
      `\nbench:reports crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
