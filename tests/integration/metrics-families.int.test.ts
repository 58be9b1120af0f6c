import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { serializable } from '@/server/db/transaction';
import { outboxReader } from '@/server/metrics/outbox';
import { metrics } from '@/server/metrics/registry';
import { createUser } from '../support/factories';
import { parsePrometheusText, sumOf } from '../support/prometheus-text';

// Families the production-server test cannot provoke on demand, against the real database: a
// serialization conflict (two SERIALIZABLE transactions writing one row), the outbox gauges and
// their cache, and the pool gauges of this process.

async function scrape() {
  return parsePrometheusText(await metrics().registry.metrics()).samples;
}

describe('metrics read from the database and the transactions', () => {
  it('counts a serialization retry under the transaction label', async () => {
    const user = await createUser();
    const before = sumOf(await scrape(), 'marquee_db_serialization_retries_total', {
      transaction: 'metrics-probe',
    });
    // Both transactions read the row before either writes it: the second writer of the row fails
    // with 40001 (could not serialize access due to concurrent update) and runs again.
    let arrived = 0;
    let release: () => void = () => {};
    const bothRead = new Promise<void>((r) => {
      release = r;
    });
    let attempts = 0;
    const write = (name: string) =>
      serializable(
        async (tx) => {
          attempts++;
          await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true } });
          if (++arrived === 2) release();
          await bothRead;
          await tx.user.update({ where: { id: user.id }, data: { name } });
        },
        { label: 'metrics-probe' },
      );
    await Promise.all([write('first'), write('second')]);
    expect(attempts).toBeGreaterThanOrEqual(3);
    const after = sumOf(await scrape(), 'marquee_db_serialization_retries_total', {
      transaction: 'metrics-probe',
    });
    expect(after - before).toBe(attempts - 2);
  });

  it('reads the outbox depth and oldest age, at most once per 5 s', async () => {
    await db().notificationOutbox.create({
      data: {
        kind: 'booking.reminder',
        recipient: 'someone@test.local',
        payload: {},
        createdAt: new Date(Date.now() - 120_000),
        // Not due for a day: a mail worker running in another test file leaves it PENDING.
        availableAt: new Date(Date.now() + 86_400_000),
      },
    });
    const read = outboxReader();
    const first = await read();
    expect(first?.pending).toBeGreaterThanOrEqual(1);
    expect(first?.oldestPendingSeconds).toBeGreaterThanOrEqual(119);
    // Another row now is not seen until the reading is 5 s old: scrapes cannot hammer the database.
    await db().notificationOutbox.create({
      data: {
        kind: 'booking.reminder',
        recipient: 'x@test.local',
        payload: {},
        availableAt: new Date(Date.now() + 86_400_000),
      },
    });
    const second = await read();
    expect(second).toEqual(first);
  });

  it('exports the outbox and pool gauges at scrape time', async () => {
    metrics().outbox.read = outboxReader();
    await db().$queryRaw`SELECT 1`;
    const samples = await scrape();
    expect(sumOf(samples, 'marquee_outbox_pending_messages')).toBeGreaterThanOrEqual(1);
    expect(sumOf(samples, 'marquee_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(119);
    expect(sumOf(samples, 'marquee_db_pool_max_connections', { pool: 'app' })).toBe(30);
    expect(
      sumOf(samples, 'marquee_db_pool_connections', { pool: 'app', state: 'idle' }) +
        sumOf(samples, 'marquee_db_pool_connections', { pool: 'app', state: 'in_use' }),
    ).toBeGreaterThanOrEqual(1);
  });
});
