import type { HttpResult } from '@/bench/lib/http';
import { Counter } from '@/bench/lib/stats';

// Closed-loop load: each of C clients runs one iteration (one or more requests), waits for it
// to finish, and starts the next. Nothing is measured during the warm-up; afterwards every
// response that completes inside the measurement window counts. Clients stop starting new
// iterations when the window closes and finish the one in flight (its results do not count,
// but the scenario's own bookkeeping still sees them).

export type Recorder = {
  /** A request whose latency and status make the table row (e.g. POST …/holds). */
  measured(r: HttpResult): void;
  /** A request that is part of the iteration but not of the latency figures (e.g. DELETE). */
  extra(r: HttpResult, expectedStatus: number): void;
};

export type LoadOptions = {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  iteration: (client: number, record: Recorder) => Promise<void>;
  onMeasureStart?: () => void;
  onMeasureEnd?: () => void;
  /** Stops the clients early (Ctrl-C): they start no new iteration. */
  signal?: AbortSignal;
};

export type LoadResult = {
  concurrency: number;
  /** Length of the measurement window actually observed, in ms. */
  windowMs: number;
  latencies: number[];
  /** Status of each measured request in the window (0 = no response). */
  statuses: Counter<number>;
  /** Requests of any kind that completed in the window. */
  requests: number;
  /** Measured requests over the whole run, warm-up and tail included. */
  attempts: number;
  /** Unexpected outcomes of extra requests in the window, by "status CODE". */
  extraErrors: Counter<string>;
  /** Error codes of measured requests that were neither 2xx nor the expected conflict. */
  errorDetails: Counter<string>;
};

export async function runClosedLoop(
  options: LoadOptions & { describeError?: (r: HttpResult) => string },
): Promise<LoadResult> {
  const t0 = performance.now();
  const measureFrom = t0 + options.warmupMs;
  const measureUntil = measureFrom + options.durationMs;
  const result: LoadResult = {
    concurrency: options.concurrency,
    windowMs: options.durationMs,
    latencies: [],
    statuses: new Counter(),
    requests: 0,
    attempts: 0,
    extraErrors: new Counter(),
    errorDetails: new Counter(),
  };
  const labelOf = options.describeError ?? ((r: HttpResult) => `${r.status} ${r.error ?? ''}`.trim());
  const inWindow = () => {
    const now = performance.now();
    return now >= measureFrom && now < measureUntil;
  };
  const record: Recorder = {
    measured(r) {
      result.attempts++;
      if (!inWindow()) return;
      result.requests++;
      result.latencies.push(r.ms);
      result.statuses.add(r.status);
      if (r.status < 200 || (r.status >= 300 && r.status !== 409)) result.errorDetails.add(labelOf(r));
    },
    extra(r, expectedStatus) {
      if (!inWindow()) return;
      result.requests++;
      if (r.status !== expectedStatus) result.extraErrors.add(labelOf(r));
    },
  };
  const startTimer = setTimeout(() => options.onMeasureStart?.(), options.warmupMs);
  const endTimer = setTimeout(() => options.onMeasureEnd?.(), options.warmupMs + options.durationMs);
  const client = async (i: number) => {
    while (performance.now() < measureUntil && !options.signal?.aborted) await options.iteration(i, record);
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, (_, i) => client(i)));
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
  }
  return result;
}
