import 'server-only';
import pg from 'pg';
import { trySessionLock } from '@/server/db/session-lock';
import { log } from '@/server/log';

// Periodic work inside the custom server: every instance runs the timer, but a PostgreSQL
// advisory lock (held on a connection of the scheduler's pool for the duration of one run) lets
// exactly one instance do a given job at a time. A run that overlaps the next tick is skipped, not
// queued.
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

/** Milliseconds to wait after `failures` consecutive failed runs: 1 s, 2 s, 4 s … 30 s. */
function backoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (failures - 1));
}

export function startScheduler(
  databaseUrl: string,
  jobs: Job[],
): { stop: () => Promise<void>; status: () => SchedulerStatus } {
  // One connection per job at most: two jobs running at once never wait for each other's.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: Math.max(1, jobs.length),
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'marquee-jobs',
  });
  // An idle connection that breaks (a database restart) is dropped by the pool: log, no more.
  pool.on('error', (error) => log.warn('scheduler connection lost', { err: error.message }));

  const running = new Map<string, number>();
  const lastSuccess = new Map<string, number>();
  let heartbeatAt = Date.now();
  const inFlight = new Set<Promise<void>>();
  const failures = new Map<string, { count: number; retryAt: number }>();
  let stopped = false;

  const tick = (job: Job) => {
    if (stopped || running.has(job.name)) return;
    const failed = failures.get(job.name);
    if (failed && Date.now() < failed.retryAt) return;
    running.set(job.name, Date.now());
    const p = (async () => {
      const t0 = performance.now();
      const outcome = await trySessionLock(pool, ['marquee:job', job.name], job.run);
      // Not acquired: another instance is on it.
      if (outcome.acquired) {
        log.debug('job done', {
          job: job.name,
          ms: Math.round(performance.now() - t0),
          result: outcome.value as object,
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
