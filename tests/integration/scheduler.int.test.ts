import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startScheduler } from '@/server/scheduler';
import { type OwnPostgres, startOwnPostgres } from '../support/own-postgres';

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return ok();
}

describe('the scheduler', () => {
  it('runs a job on one instance at a time, even when several instances tick together', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const job = {
      name: `test-job-${Date.now()}`,
      everyMs: 20,
      run: async () => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 60));
        running--;
      },
    };
    const instances = [1, 2, 3].map(() => startScheduler(inject('databaseUrl'), [job]));
    await new Promise((r) => setTimeout(r, 1_500));
    await Promise.all(instances.map((i) => i.stop()));
    expect(runs).toBeGreaterThan(5);
    expect(maxRunning).toBe(1);
  });
});

// Issue 11, item 2: each job kept one pg.Client forever, so after a PostgreSQL restart every run
// failed ("Client has encountered a connection error and is not queryable") until the process
// was restarted. A real restart of a PostgreSQL of this test's own.
describe('the scheduler across a database restart', () => {
  let pgOwn: OwnPostgres;
  beforeAll(async () => {
    pgOwn = await startOwnPostgres();
  });
  afterAll(async () => {
    await pgOwn?.stop();
  });

  it('keeps running its jobs once PostgreSQL is back', async () => {
    const runs = { expire: 0, mail: 0 };
    const scheduler = startScheduler(pgOwn.url, [
      { name: 'expire', everyMs: 100, run: async () => runs.expire++ },
      { name: 'mail', everyMs: 100, run: async () => runs.mail++ },
    ]);
    try {
      expect(await until(() => runs.expire >= 3 && runs.mail >= 3, 5_000)).toBe(true);
      await pgOwn.restart();
      const before = { ...runs };
      // The backoff after a failed run is 1 s, then 2 s: a few seconds is plenty to resume.
      const resumed = await until(
        () => runs.expire >= before.expire + 3 && runs.mail >= before.mail + 3,
        10_000,
      );
      expect({ resumed, runs }).toMatchObject({ resumed: true });
    } finally {
      await scheduler.stop();
    }
  });
});
