import 'server-only';
import { metrics } from '@/server/metrics/registry';

// What the scheduler (server/scheduler.ts) records about its jobs: each tick's outcome, how long
// the runs took, and when each last succeeded (from which marquee_job_lag_seconds is computed at
// scrape time, so a job that stopped running shows a lag that keeps growing).

export type JobOutcome = 'ok' | 'error' | 'locked' | 'overlap' | 'backoff';

export function jobScheduled(job: string, everyMs: number): void {
  const m = metrics();
  m.jobs.set(job, { everyMs, startedAt: Date.now(), lastSuccessAt: null });
  // At 0 from the start, so an error-rate alert has a series to divide by before the first run.
  for (const outcome of ['ok', 'error'] as const) m.jobRuns.inc({ job_name: job, outcome }, 0);
}

export function jobUnscheduled(job: string): void {
  metrics().jobs.delete(job);
}

/** A tick of a job; `seconds` when it ran here (ok or error). */
export function jobTicked(job: string, outcome: JobOutcome, seconds?: number): void {
  const m = metrics();
  m.jobRuns.inc({ job_name: job, outcome });
  if (seconds !== undefined) m.jobDuration.observe({ job_name: job }, seconds);
  if (outcome === 'ok') {
    const now = Date.now();
    m.jobLastSuccess.set({ job_name: job }, now / 1000);
    const state = m.jobs.get(job);
    if (state) state.lastSuccessAt = now;
  }
}
