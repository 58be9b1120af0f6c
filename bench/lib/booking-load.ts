import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { errorCode, type HttpClient, httpClient, jsonBody } from '@/bench/lib/http';

// What the drills that break servers under booking load share (crash, two-instances): customers
// who hold seat pairs and pay as the checkout page does (a checkout whose answer never came, or
// said "still being processed", is sent again with the same Idempotency-Key until it gets a
// definite answer), and the reconciliation in SQL afterwards.

export const SANDBOX_CARD = {
  method: 'card',
  card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2035, cvc: '123' },
};

export type KeyRecord = {
  key: string;
  holdId: string;
  attempts: number;
  /** Answers without a definite outcome (no response, in-progress, 5xx) before the last one. */
  retries: number;
  final: string | null;
  reference: string | null;
};

/** One showtime: seats[row][col] → seat id. Client i takes seat pairs along row i. */
export type LoadShow = { showtimeId: string; seats: string[][] };

export type BookingLoad = {
  keys: KeyRecord[];
  /** "hold 201", "checkout 0", "checkout 409 PAYMENT_PENDING"… → count. */
  statuses: Map<string, number>;
  /** Milliseconds of every answered hold and checkout request. */
  latencies: number[];
  holds(): number;
  /** Stops taking new seats and waits for every client to get its last answer. */
  stop(): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startBookingLoad(options: {
  /** The server, or the proxy in front of several; read per request (a drill may restart it). */
  baseUrl: () => string;
  tokens: string[];
  shows: LoadShow[];
  cols: number;
}): BookingLoad {
  const { tokens, shows, cols } = options;
  const keys: KeyRecord[] = [];
  const statuses = new Map<string, number>();
  const latencies: number[] = [];
  const count = (label: string) => statuses.set(label, (statuses.get(label) ?? 0) + 1);
  let stopping = false;
  let holds = 0;
  const clients: HttpClient[] = [];

  async function client(i: number): Promise<void> {
    const http = httpClient(options.baseUrl(), 2);
    clients.push(http);
    const token = tokens[i] as string;
    for (let step = 0; !stopping; ) {
      const show = shows[step % shows.length];
      const col = 2 * Math.floor(step / shows.length);
      if (!show || col + 1 >= cols) break; // this client's row is full everywhere
      const seatIds = [show.seats[i]?.[col], show.seats[i]?.[col + 1]];
      const hold = await http.request('POST', `/api/v1/showtimes/${show.showtimeId}/holds`, {
        token,
        body: jsonBody({ seatIds }),
        timeoutMs: 10_000,
      });
      count(`hold ${hold.status || 'no response'}${errorCode(hold.body) ? ` ${errorCode(hold.body)}` : ''}`);
      if (hold.status !== 0) latencies.push(hold.ms);
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
      const body = jsonBody({ payment: SANDBOX_CARD });
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
        if (r.status !== 0) latencies.push(r.ms);
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

  const running = tokens.map((_, i) => client(i));
  return {
    keys,
    statuses,
    latencies,
    holds: () => holds,
    async stop() {
      stopping = true;
      await Promise.all(running);
      for (const c of clients) c.close();
    },
  };
}

/** One reconciliation check: what was found, what must be. */
export type Reconciliation = { name: string; found: number; expected: number };

/**
 * Waits for the reconciler to settle every PENDING payment (stale after `staleSeconds`, run every
 * 10 s), runs `sweep` (the expiry job, by its cron route), then checks in SQL that nothing was lost:
 *   - every captured payment has a confirmed booking with a ticket per seat, or was refunded;
 *   - no booking without a payment; no seat in two live claims;
 *   - no hold past its expiry still ACTIVE once the sweep has run;
 *   - no PENDING payment left once the reconciler has had its period;
 *   - every client that retried with its key got its booking (no stuck key);
 *   - no charge reversed (nothing in these drills makes a hold end under its payment).
 */
export async function reconcileBookings(
  sql: pg.Client,
  options: { keys: KeyRecord[]; staleSeconds: number; sweep: () => Promise<void> },
): Promise<{ checks: Reconciliation[]; counts: { charges: number; bookings: number; abandoned: number } }> {
  const q = async <T extends pg.QueryResultRow>(text: string) => (await sql.query<T>(text)).rows;
  const one = async (text: string) => (await q<{ n: number }>(text))[0]?.n ?? 0;
  const pendingDeadline = Date.now() + (options.staleSeconds + 25) * 1000;
  let pending = 0;
  do {
    pending = await one("SELECT count(*)::int AS n FROM payments WHERE status = 'PENDING'");
    if (pending === 0) break;
    await sleep(1_000);
  } while (Date.now() < pendingDeadline);
  await options.sweep();

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
  const doubleSold = await one(`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets WHERE status <> 'CANCELLED'
      GROUP BY showtime_id, seat_id HAVING count(*) > 1) d`);
  const overdueHolds = await one(`
    SELECT count(*)::int AS n FROM seat_holds WHERE status = 'ACTIVE' AND expires_at < now() - interval '10 seconds'`);
  const reversed = await one(`SELECT count(*)::int AS n FROM payments WHERE status = 'REVERSED'`);
  const references = new Set(
    (await q<{ reference: string }>('SELECT reference FROM bookings')).map((r) => r.reference),
  );
  const retried = options.keys.filter((k) => k.retries > 0);
  const stuck = options.keys.filter((k) => k.final === null);
  const retriedWithoutBooking = retried.filter((k) => !k.reference || !references.has(k.reference));
  const answeredWrong = options.keys.filter((k) => k.reference && !references.has(k.reference));

  return {
    checks: [
      {
        name: 'captured payments without a booking (with every ticket) or refund',
        found: lostCharges,
        expected: 0,
      },
      { name: 'bookings without a payment', found: bookingsWithoutPayment, expected: 0 },
      { name: 'seats in two live claims', found: doubleClaims, expected: 0 },
      { name: 'seats with two live tickets', found: doubleSold, expected: 0 },
      { name: 'holds past expiry still ACTIVE after the sweep', found: overdueHolds, expected: 0 },
      { name: `PENDING payments after the reconciler's period`, found: pending, expected: 0 },
      { name: 'stuck keys (no definite answer)', found: stuck.length, expected: 0 },
      {
        name: 'retried keys that did not get their booking',
        found: retriedWithoutBooking.length,
        expected: 0,
      },
      { name: 'answers naming a booking that does not exist', found: answeredWrong.length, expected: 0 },
      { name: 'charges reversed', found: reversed, expected: 0 },
    ],
    counts: {
      charges: await one('SELECT count(*)::int AS n FROM sandbox_charges WHERE provider_ref IS NOT NULL'),
      bookings: await one(`SELECT count(*)::int AS n FROM bookings WHERE status = 'CONFIRMED'`),
      abandoned: await one(`SELECT count(*)::int AS n FROM payments WHERE failure_code = 'abandoned'`),
    },
  };
}
