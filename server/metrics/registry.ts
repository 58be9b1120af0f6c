import 'server-only';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { trackedPools } from '@/server/db/pools';
import { singleton } from '@/server/singleton';

// Every metric family Marquee exports, made once per process. This process loads modules twice
// (the custom server through tsx, pages and server actions through Next's bundle), and a metric
// defined in each copy would count half the story each, or fail on a duplicate name: the families
// live in one singleton, and every module (either copy) records into that one.
//
// Names follow Prometheus conventions: `marquee_` prefix, base units (`_seconds`), `_total` for
// counters. Label values are bounded by construction: route templates, never raw URLs; outcomes
// from fixed sets (error codes, job names, transaction labels written in code).

/** Latency buckets for requests and use cases: 5 ms … 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Job runs: a sweep takes milliseconds, a rollup refresh may take a minute. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

/** What a namespace of Socket.IO has: its sockets, and its rooms (a socket's own room included). */
export type RealtimeNamespaces = {
  _nsps: Map<string, { sockets: Map<string, unknown>; adapter: { rooms: Map<string, Set<string>> } }>;
};

// Job metrics label the job `job_name`: `job` is the label Prometheus gives every target's
// series, and a scraped `job` would be renamed `exported_job`.
type JobState = { everyMs: number; startedAt: number; lastSuccessAt: number | null };

export type OutboxReading = { pending: number; oldestPendingSeconds: number };

function make() {
  const registry = new Registry();
  // Process (CPU, memory, file descriptors, start time) and Node (event-loop lag, heap, GC).
  collectDefaultMetrics({ register: registry, prefix: 'marquee_' });
  const registers = [registry];

  const jobs = new Map<string, JobState>();
  const realtime: { io: RealtimeNamespaces | null } = { io: null };
  const outbox: { read: (() => Promise<OutboxReading | null>) | null } = { read: null };

  const families = {
    registry,
    jobs,
    realtime,
    outbox,

    httpDuration: new Histogram({
      name: 'marquee_http_request_duration_seconds',
      help: 'HTTP requests by kind (page, api, action, static, socket), route template, method and status.',
      labelNames: ['kind', 'route', 'method', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),

    holds: new Counter({
      name: 'marquee_holds_total',
      help: 'Seat holds asked for, by outcome (ok, or the error code in lower case).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    holdDuration: new Histogram({
      name: 'marquee_hold_duration_seconds',
      help: 'Time to hold seats (the use case, retries included), by outcome.',
      labelNames: ['outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    checkouts: new Counter({
      name: 'marquee_checkouts_total',
      help: 'Checkouts (pay for a hold and book), by outcome: ok, replayed (an earlier attempt had booked), or the error code.',
      labelNames: ['outcome'] as const,
      registers,
    }),
    checkoutDuration: new Histogram({
      name: 'marquee_checkout_duration_seconds',
      help: 'Time to check out (payment included), by outcome.',
      labelNames: ['outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    bookings: new Counter({
      name: 'marquee_bookings_total',
      help: 'Bookings made, whichever path made them (checkout, payment confirmation, webhook, reconciler), by channel (online, counter).',
      labelNames: ['channel'] as const,
      registers,
    }),
    refunds: new Counter({
      name: 'marquee_refunds_total',
      help: 'Refunds sent to the payment provider, by outcome (succeeded; pending: will be sent again; failed: needs a person).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    checkIns: new Counter({
      name: 'marquee_check_ins_total',
      help: 'Tickets presented at the door, by outcome (admitted, already-used, too-early, ... or the error code) and mode (online, offline sync).',
      labelNames: ['outcome', 'mode'] as const,
      registers,
    }),

    txRetries: new Counter({
      name: 'marquee_db_serialization_retries_total',
      help: 'Transactions run again after a serialization failure or deadlock, by transaction.',
      labelNames: ['transaction'] as const,
      registers,
    }),
    txGiveUps: new Counter({
      name: 'marquee_db_serialization_give_ups_total',
      help: 'Transactions that failed on contention every time they were tried (answered 503 BUSY), by transaction.',
      labelNames: ['transaction'] as const,
      registers,
    }),

    poolConnections: new Gauge({
      name: 'marquee_db_pool_connections',
      help: 'Connections of each database pool, by state (in_use, idle).',
      labelNames: ['pool', 'state'] as const,
      registers,
      collect() {
        this.reset();
        for (const [pool, p] of trackedPools()) {
          this.set({ pool, state: 'in_use' }, p.totalCount - p.idleCount);
          this.set({ pool, state: 'idle' }, p.idleCount);
        }
      },
    }),
    poolWaiting: new Gauge({
      name: 'marquee_db_pool_waiting_requests',
      help: 'Queries waiting for a free connection of each database pool (above 0 for long: the pool is saturated).',
      labelNames: ['pool'] as const,
      registers,
      collect() {
        this.reset();
        for (const [pool, p] of trackedPools()) this.set({ pool }, p.waitingCount);
      },
    }),
    poolMax: new Gauge({
      name: 'marquee_db_pool_max_connections',
      help: 'The most connections each database pool opens.',
      labelNames: ['pool'] as const,
      registers,
      collect() {
        this.reset();
        for (const [pool, p] of trackedPools()) this.set({ pool }, p.options.max ?? 10);
      },
    }),

    socketConnections: new Gauge({
      name: 'marquee_socketio_connections',
      help: 'Socket.IO connections to this instance, by namespace.',
      labelNames: ['namespace'] as const,
      registers,
      collect() {
        this.reset();
        for (const [namespace, nsp] of realtime.io?._nsps ?? []) this.set({ namespace }, nsp.sockets.size);
      },
    }),
    socketRooms: new Gauge({
      name: 'marquee_socketio_rooms',
      help: "Socket.IO rooms on this instance (a showtime's viewers, a cinema's dashboard), by namespace; each socket's own room is not counted.",
      labelNames: ['namespace'] as const,
      registers,
      collect() {
        this.reset();
        for (const [namespace, nsp] of realtime.io?._nsps ?? []) {
          let rooms = 0;
          // Socket.IO puts every socket in a room named by its id; those are not rooms anyone joined.
          for (const room of nsp.adapter.rooms.keys()) if (!nsp.sockets.has(room)) rooms++;
          this.set({ namespace }, rooms);
        }
      },
    }),

    jobRuns: new Counter({
      name: 'marquee_job_runs_total',
      help: 'Scheduled job runs, by job and outcome (ok, error, locked: another instance was running it, overlap: the previous run was still going).',
      labelNames: ['job_name', 'outcome'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'marquee_job_duration_seconds',
      help: 'How long each run of a job took on this instance (runs it did, failed ones included).',
      labelNames: ['job_name'] as const,
      buckets: JOB_BUCKETS,
      registers,
    }),
    jobLastSuccess: new Gauge({
      name: 'marquee_job_last_success_timestamp_seconds',
      help: 'When each job last finished without error on this instance (Unix time).',
      labelNames: ['job_name'] as const,
      registers,
    }),
    jobLag: new Gauge({
      name: 'marquee_job_lag_seconds',
      help: 'Seconds since each job last succeeded on this instance (since the scheduler started, if never). With several instances, take the min over them: any one may run it.',
      labelNames: ['job_name'] as const,
      registers,
      collect() {
        this.reset();
        const now = Date.now();
        for (const [job_name, s] of jobs)
          this.set({ job_name }, (now - (s.lastSuccessAt ?? s.startedAt)) / 1000);
      },
    }),
    jobInterval: new Gauge({
      name: 'marquee_job_interval_seconds',
      help: 'How often each job is scheduled: its lag is judged against this.',
      labelNames: ['job_name'] as const,
      registers,
      collect() {
        this.reset();
        for (const [job_name, s] of jobs) this.set({ job_name }, s.everyMs / 1000);
      },
    }),

    outboxPending: new Gauge({
      name: 'marquee_outbox_pending_messages',
      help: 'Notifications (mail) queued in the outbox and not yet sent (read at most every 5 s).',
      registers,
      async collect() {
        const reading = await outbox.read?.();
        if (reading) this.set(reading.pending);
      },
    }),
    outboxOldest: new Gauge({
      name: 'marquee_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest notification still waiting to be sent (0 when none waits).',
      registers,
      async collect() {
        const reading = await outbox.read?.();
        if (reading) this.set(reading.oldestPendingSeconds);
      },
    }),
    outboxReadFailures: new Counter({
      name: 'marquee_outbox_read_failures_total',
      help: 'Scrapes at which the outbox could not be read in time (the outbox gauges then keep their last value).',
      registers,
    }),
  };
  // The series alerts and dashboards divide by exist from the start at 0, so a rate over them is
  // 0 rather than absent before the first event (Prometheus's advice for known label values).
  families.holds.inc({ outcome: 'ok' }, 0);
  families.checkouts.inc({ outcome: 'ok' }, 0);
  for (const channel of ['online', 'counter']) families.bookings.inc({ channel }, 0);
  for (const outcome of ['succeeded', 'pending', 'failed']) families.refunds.inc({ outcome }, 0);
  for (const mode of ['online', 'offline']) families.checkIns.inc({ outcome: 'admitted', mode }, 0);
  return families;
}

export type Metrics = ReturnType<typeof make>;

/** The process's metric families (made on first use). */
export function metrics(): Metrics {
  return singleton('metrics', make);
}
