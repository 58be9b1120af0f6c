import 'server-only';
import os from 'node:os';
import pg from 'pg';
import { trackPool, untrackPool } from '@/server/db/pools';
import { trySessionLock } from '@/server/db/session-lock';
import { log } from '@/server/log';
import { jobScheduled, jobTicked, jobUnscheduled } from '@/server/metrics/jobs';

// Periodic work inside the custom server: every instance runs the timer, but a PostgreSQL
// advisory lock (held on a connection of the scheduler's pool for the duration of one run) lets
// exactly one instance do a given job at a time, and the job's row in `job_runs` lets one run
// start per period across all instances: holding the lock, a run claims its period with a
// conditional upsert (last start at least PERIOD_SLACK of a period ago) and does nothing if
// another instance has already run it this period. (The lock alone is held only while a run
// lasts: with a 20 ms run every instance ran every job each period, N instances N times.)
// A run that overlaps the next tick is skipped, not queued.
//
// The connections come from a pool, checked out per run: a connection broken by a database
// restart is destroyed with its run and the next run gets a new one. (Each job used to keep one
// pg.Client forever; after a restart every run failed with "Client has encountered a connection
// error and is not queryable" until the process restarted: holds stayed ACTIVE past expiry, mail
// stayed PENDING.) While the database is unreachable a job backs off, so an outage costs a few
// log lines rather than one per tick.

export type Job = { name: string; everyMs: number; run: () => Promise<unknown> };

/** What readiness (server/health/readiness.ts) is told about the jobs. */
export type SchedulerStatus = {
  stopped: boolean;
  /** When the heartbeat timer last fired: timers still fire and the event loop is not wedged. */
  heartbeatAt: number;
  jobs: {
    name: string;
    everyMs: number;
    /** When the run in progress began (undefined: none running). */
    runningSince?: number;
    /** Consecutive failed runs (0: the last run succeeded or none ran yet). */
    failures: number;
    lastSuccessAt?: number;
  }[];
};

const HEARTBEAT_MS = 1_000;

const MAX_BACKOFF_MS = 30_000;
/**
 * A run may start this fraction of a period after the last start anywhere: instances' timers drift
 * apart by a few milliseconds, and a strict "a whole period" would skip every other period.
 */
const PERIOD_SLACK = 0.8;

/** Milliseconds to wait after `failures` consecutive failed runs: 1 s, 2 s, 4 s … 30 s. */
function backoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (failures - 1));
}

export function startScheduler(
  databaseUrl: string,
  jobs: Job[],
  // Recorded in job_runs.last_instance: which process ran a job last.
  options: { instance?: string } = { instance: `${os.hostname()}:${process.pid}` },
): { stop: () => Promise<void>; status: () => SchedulerStatus } {
  // Two connections per job at most (its lock, and its claim on job_runs while it holds the lock):
  // two jobs running at once never wait for each other's.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: Math.max(2, jobs.length * 2),
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'marquee-jobs',
  });
  // An idle connection that breaks (a database restart) is dropped by the pool: log, no more.
  pool.on('error', (error) => log.warn('scheduler connection lost', { err: error.message }));
  trackPool('jobs', pool);
  for (const job of jobs) jobScheduled(job.name, job.everyMs);

  const running = new Map<string, number>();
  const lastSuccess = new Map<string, number>();
  let heartbeatAt = Date.now();
  const inFlight = new Set<Promise<void>>();
  const failures = new Map<string, { count: number; retryAt: number }>();
  let stopped = false;

  const tick = (job: Job) => {
    if (stopped) return;
    if (running.has(job.name)) return jobTicked(job.name, 'overlap');
    const failed = failures.get(job.name);
    if (failed && Date.now() < failed.retryAt) return jobTicked(job.name, 'backoff');
    running.set(job.name, Date.now());
    const p = (async () => {
      const t0 = performance.now();
      const outcome = await trySessionLock(pool, ['marquee:job', job.name], async () =>
        (await claimPeriod(pool, job, options.instance))
          ? { ran: true, result: await job.run() }
          : { ran: false },
      ).catch((error: unknown) => {
        jobTicked(job.name, 'error', (performance.now() - t0) / 1000);
        throw error;
      });
      // Not acquired: another instance is on it. Not ran: another instance ran it this period.
      // Both are 'locked' to the metrics: this instance had nothing to do.
      const ran = outcome.acquired && outcome.value.ran;
      jobTicked(job.name, ran ? 'ok' : 'locked', ran ? (performance.now() - t0) / 1000 : undefined);
      if (outcome.acquired && outcome.value.ran) {
        log.debug('job done', {
          job: job.name,
          ms: Math.round(performance.now() - t0),
          result: outcome.value.result as object,
        });
      }
      if (failed) log.info('job recovered', { job: job.name, after: failed.count });
      failures.delete(job.name);
      lastSuccess.set(job.name, Date.now());
    })()
      .catch((error: unknown) => {
        const count = (failures.get(job.name)?.count ?? 0) + 1;
        const wait = backoffMs(count);
        failures.set(job.name, { count, retryAt: Date.now() + wait });
        log.error('job failed', { job: job.name, err: String(error), failures: count, retryInMs: wait });
      })
      .finally(() => {
        running.delete(job.name);
        inFlight.delete(p);
      });
    inFlight.add(p);
  };

  const timers = jobs.map((job) => setInterval(() => tick(job), job.everyMs));
  const first = jobs.map((job) => setTimeout(() => tick(job), 500));
  const heartbeat = setInterval(() => {
    heartbeatAt = Date.now();
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    stop: async () => {
      stopped = true;
      for (const t of [...timers, ...first, heartbeat]) clearInterval(t);
      await Promise.allSettled([...inFlight]);
      untrackPool('jobs', pool);
      for (const job of jobs) jobUnscheduled(job.name);
      await pool.end().catch(() => {});
    },
    status: () => ({
      stopped,
      heartbeatAt,
      jobs: jobs.map((job) => ({
        name: job.name,
        everyMs: job.everyMs,
        runningSince: running.get(job.name),
        failures: failures.get(job.name)?.count ?? 0,
        lastSuccessAt: lastSuccess.get(job.name),
      })),
    }),
  };
}

/** Claims this period of `job` in job_runs; false when a run started less than a period ago. */
async function claimPeriod(pool: pg.Pool, job: Job, instance: string | undefined): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO job_runs AS j (name, last_started_at, runs, last_instance) VALUES ($1, now(), 1, $3)
     ON CONFLICT (name) DO UPDATE SET last_started_at = now(), runs = j.runs + 1, last_instance = $3
     WHERE j.last_started_at <= now() - make_interval(secs => $2)`,
    [job.name, (job.everyMs * PERIOD_SLACK) / 1000, instance ?? null],
  );
  return rowCount === 1;
}
