import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '@/server/db/migrate';
import { startScheduler } from '@/server/scheduler';
import { type OwnPostgres, startOwnPostgres } from '../support/own-postgres';

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return ok();
}

describe('the scheduler', () => {
  const sql = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
  afterAll(() => sql.end());

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

  // Issue 15: the lock is held only while a run lasts, so with a short job every instance used
  // to run it each period (two instances: twice per period). job_runs lets one start per period.
  it('runs a short job once per period across two instances, not once per instance', async () => {
    const starts: { at: number; instance: string }[] = [];
    const name = `test-once-${Date.now()}`;
    const everyMs = 200;
    const instances = ['a', 'b'].map((instance) =>
      startScheduler(
        inject('databaseUrl'),
        [{ name, everyMs, run: async () => starts.push({ at: performance.now(), instance }) }],
        { instance },
      ),
    );
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 2_500));
    await Promise.all(instances.map((i) => i.stop()));
    const periods = (performance.now() - t0 - 500) / everyMs; // the first tick comes after 500 ms
    const gaps = starts.slice(1).map((s, i) => s.at - (starts[i]?.at ?? 0));
    // At most one start per 0.8 period (the slack for timers drifting apart), and none missed.
    expect(starts.length).toBeLessThanOrEqual(Math.ceil(periods / 0.8) + 1);
    expect(starts.length).toBeGreaterThanOrEqual(Math.floor(periods) - 1);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(everyMs * 0.8 - 15);
    const { rows } = await sql.query<{ runs: string }>('SELECT runs FROM job_runs WHERE name = $1', [name]);
    expect(Number(rows[0]?.runs)).toBe(starts.length);
  });
});

// Issue 11, item 2: each job kept one pg.Client forever, so after a PostgreSQL restart every run
// failed ("Client has encountered a connection error and is not queryable") until the process
// was restarted. A real restart of a PostgreSQL of this test's own.
describe('the scheduler across a database restart', () => {
  let pgOwn: OwnPostgres;
  beforeAll(async () => {
    pgOwn = await startOwnPostgres();
    await migrate(pgOwn.url); // job_runs
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
