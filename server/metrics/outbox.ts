import 'server-only';
import { db } from '@/server/db';
import { log } from '@/server/log';
import { metrics, type OutboxReading } from '@/server/metrics/registry';

// The outbox gauges are read from the database at scrape time. However often Prometheus (or
// several of them, or someone with curl) scrapes, the database sees one small query per 5 s, and a
// slow database makes a scrape wait at most a second: the gauges then keep their last value and
// marquee_outbox_read_failures_total says so.

const FRESH_MS = 5_000;
const TIMEOUT_MS = 1_000;

async function readOutbox(): Promise<OutboxReading> {
  // One short transaction: the statement timeout bounds the query on the server as well (the
  // JavaScript timeout below only stops waiting for it). The partial scan is of PENDING rows only,
  // through the (status, available_at) index.
  const [, rows] = await db().$transaction([
    db().$executeRawUnsafe(`SET LOCAL statement_timeout = ${TIMEOUT_MS}`),
    db().$queryRaw<{ pending: number; oldest: number }[]>`
      SELECT count(*)::int AS pending,
             coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
        FROM notification_outbox
       WHERE status = 'PENDING'`,
  ]);
  const row = rows[0];
  return { pending: row?.pending ?? 0, oldestPendingSeconds: Math.max(0, row?.oldest ?? 0) };
}

/** A reader of the outbox that asks the database at most once per 5 s, and waits at most 1 s. */
export function outboxReader(): () => Promise<OutboxReading | null> {
  let last: { at: number; value: Promise<OutboxReading | null> } | null = null;
  return () => {
    const now = Date.now();
    if (last && now - last.at < FRESH_MS) return last.value;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    const value = Promise.race([readOutbox(), timeout])
      .catch((error: unknown) => {
        metrics().outboxReadFailures.inc();
        log.warn('metrics: could not read the outbox', { err: String(error) });
        return null;
      })
      .finally(() => clearTimeout(timer));
    last = { at: now, value };
    return value;
  };
}
