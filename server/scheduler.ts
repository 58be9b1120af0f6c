import 'server-only';
import pg from 'pg';
import { log } from '@/server/log';

// Periodic work inside the custom server: every instance runs the timer, but a PostgreSQL
// advisory lock (held on a dedicated connection for the duration of one run) lets exactly one
// instance do a given job at a time. A run that overlaps the next tick is skipped, not queued.

export type Job = { name: string; everyMs: number; run: () => Promise<unknown> };

function lockKey(name: string): number {
  let h = 0;
  for (const c of `marquee:job:${name}`) h = (Math.imul(31, h) + c.charCodeAt(0)) | 0;
  return h;
}

export function startScheduler(databaseUrl: string, jobs: Job[]): { stop: () => Promise<void> } {
  // One connection per job: each holds its job's advisory lock for the length of a run, and two
  // jobs running at once must not share a client (pg allows one query at a time per client).
  const clients = new Map<string, { client: pg.Client; connected: Promise<void> }>();
  const clientFor = (name: string) => {
    let entry: { client: pg.Client; connected: Promise<void> } | undefined = clients.get(name);
    if (!entry) {
      const client = new pg.Client({
        connectionString: databaseUrl,
        application_name: `marquee-job-${name}`,
      });
      client.on('error', (error) =>
        log.error('scheduler connection error', { job: name, err: String(error) }),
      );
      entry = { client, connected: client.connect().then(() => undefined) };
      clients.set(name, entry);
    }
    return entry;
  };
  const running = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const tick = (job: Job) => {
    if (stopped || running.has(job.name)) return;
    running.add(job.name);
    const p = (async () => {
      const { client, connected } = clientFor(job.name);
      await connected;
      const key = lockKey(job.name);
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key]);
      if (!rows[0]?.ok) return; // another instance is on it
      try {
        const t0 = performance.now();
        const result = await job.run();
        log.debug('job done', {
          job: job.name,
          ms: Math.round(performance.now() - t0),
          result: result as object,
        });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    })()
      .catch((error: unknown) => log.error('job failed', { job: job.name, err: String(error) }))
      .finally(() => {
        running.delete(job.name);
        inFlight.delete(p);
      });
    inFlight.add(p);
  };

  const timers = jobs.map((job) => setInterval(() => tick(job), job.everyMs));
  const first = jobs.map((job) => setTimeout(() => tick(job), 500));

  return {
    stop: async () => {
      stopped = true;
      for (const t of [...timers, ...first]) clearInterval(t);
      await Promise.allSettled([...inFlight]);
      await Promise.allSettled([...clients.values()].map(({ client }) => client.end()));
    },
  };
}
