import 'server-only';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { healthState } from '@/server/health/state';
import { redis } from '@/server/security/redis';

// Readiness: may a load balancer send this instance traffic? Each check answers in a bounded
// time (a probe that hangs is as bad as a failure) and says why it failed in words an operator
// can act on, never with a connection string, host or password (the body is public). Checks of
// services that cost a round trip to someone else (Upstash, the SMTP server) are cached, so
// probes every few seconds do not open a connection each.

export type CheckStatus = 'ok' | 'fail' | 'skipped';
export type Check = { status: CheckStatus; ms: number; detail?: string };
export type ReadinessReport = {
  status: 'ok' | 'fail' | 'draining';
  /** Kept from the first /api/health: whether the database answered. */
  database: 'ok' | 'fail';
  time: string;
  checks: {
    shutdown: Check;
    database: Check;
    migrations: Check;
    scheduler: Check;
    redis: Check;
    smtp: Check;
  };
};

const DB_TIMEOUT_MS = 2_000;
const REMOTE_TIMEOUT_MS = 3_000;
const REMOTE_CACHE_MS = 30_000;
/** The scheduler's heartbeat fires every second; this long without one means its timers are dead. */
const HEARTBEAT_STALE_MS = 10_000;
/** A run in progress longer than this (and 10 of its intervals) is stuck, not slow. */
const STUCK_RUN_MS = 10 * 60_000;

class CheckFailed extends Error {}

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A failure in words, with an error code (ECONNREFUSED) but never a message that may hold a URL. */
function reason(what: string, error: unknown): string {
  if (error instanceof CheckFailed) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return `${what} failed${typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? ` (${code})` : ''}`;
}

async function timed(what: string, run: () => Promise<string | undefined>): Promise<Check> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  try {
    const detail = await run();
    return { status: 'ok', ms: ms(), ...(detail ? { detail } : {}) };
  } catch (error) {
    return { status: 'fail', ms: ms(), detail: reason(what, error) };
  }
}

const skipped = (detail: string): Check => ({ status: 'skipped', ms: 0, detail });

function checkDatabase(): Promise<Check> {
  return timed('connecting to the database', async () => {
    await within(DB_TIMEOUT_MS, 'the database', db().$queryRaw`SELECT 1`);
    return undefined;
  });
}

/** The migration folders shipped with this build (the same rule as server/db/migrate.ts). */
async function shippedMigrations(): Promise<string[]> {
  const entries = await readdir(path.join(process.cwd(), 'prisma', 'migrations'), { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

function checkMigrations(): Promise<Check> {
  return timed('reading the migrations table', async () => {
    const [shipped, rows] = await Promise.all([
      shippedMigrations(),
      within(
        DB_TIMEOUT_MS,
        'the database',
        db().$queryRaw<{ migration_name: string }[]>`
          SELECT migration_name FROM "_prisma_migrations"
           WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      ),
    ]);
    const applied = new Set(rows.map((r) => r.migration_name));
    const missing = shipped.filter((name) => !applied.has(name)).sort();
    if (missing.length > 0) {
      const named = missing.slice(0, 3).join(', ');
      throw new CheckFailed(
        `${missing.length} migration${missing.length === 1 ? '' : 's'} not applied: ${named}${missing.length > 3 ? ', …' : ''} (a restart applies them)`,
      );
    }
    return `${shipped.length} applied`;
  });
}

function checkScheduler(): Check {
  const status = healthState.scheduler?.();
  if (!status) return skipped('jobs do not run in this process');
  const now = Date.now();
  const fail = (detail: string): Check => ({ status: 'fail', ms: 0, detail });
  if (status.stopped) return fail('the scheduler has stopped');
  const silent = now - status.heartbeatAt;
  if (silent > HEARTBEAT_STALE_MS)
    return fail(`the scheduler's heartbeat is ${Math.round(silent / 1000)} s old`);
  const stuck = status.jobs.filter(
    (j) => j.runningSince !== undefined && now - j.runningSince > Math.max(STUCK_RUN_MS, 10 * j.everyMs),
  );
  if (stuck.length > 0) return fail(`stuck: ${stuck.map((j) => j.name).join(', ')}`);
  // A job that keeps failing is reported but does not take the instance out of rotation: its
  // cause (the database, a provider) lies elsewhere, and every instance would fail alike.
  const failing = status.jobs.filter((j) => j.failures > 0);
  const jobs = `${status.jobs.length} job${status.jobs.length === 1 ? '' : 's'}`;
  return {
    status: 'ok',
    ms: 0,
    detail:
      failing.length > 0
        ? `${jobs}; failing: ${failing.map((j) => `${j.name} (${j.failures}×)`).join(', ')}`
        : jobs,
  };
}

type Cached = { key: string; at: number; check: Check };
const remoteCache = new Map<'redis' | 'smtp', Cached>();

/** A remote check, answered from its last result for REMOTE_CACHE_MS (while `key` is the same). */
async function cached(name: 'redis' | 'smtp', key: string, run: () => Promise<Check>): Promise<Check> {
  const hit = remoteCache.get(name);
  if (hit && hit.key === key && Date.now() - hit.at < REMOTE_CACHE_MS) return hit.check;
  const check = await run();
  remoteCache.set(name, { key, at: Date.now(), check });
  return check;
}

function checkRedis(): Promise<Check> {
  const client = redis();
  const { UPSTASH_REDIS_REST_URL: url } = env();
  if (!client || !url) return Promise.resolve(skipped('Upstash is not configured (in-process limits)'));
  return cached('redis', url, () =>
    timed('Redis (Upstash) ping', async () => {
      await within(REMOTE_TIMEOUT_MS, 'Redis (Upstash)', client.ping());
      return undefined;
    }),
  );
}

function checkSmtp(): Promise<Check> {
  const { SMTP_URL: url } = env();
  if (!url) return Promise.resolve(skipped('SMTP is not configured (mail goes to the local mailbox)'));
  return cached('smtp', url, () =>
    timed('connecting to the SMTP server', async () => {
      // Connect, greet (EHLO) and, with credentials, log in; nothing is sent. A transport of its
      // own, closed after, so the probe never holds a connection the mail job would share.
      const transport = nodemailer.createTransport(url);
      try {
        await within(REMOTE_TIMEOUT_MS, 'the SMTP server', transport.verify());
      } finally {
        transport.close();
      }
      return undefined;
    }),
  );
}

function checkShutdown(): Check {
  const since = healthState.drainingSince;
  if (since === undefined) return { status: 'ok', ms: 0 };
  return {
    status: 'fail',
    ms: 0,
    detail: `draining for ${Math.round((Date.now() - since) / 1000)} s: this instance is shutting down`,
  };
}

export async function checkReadiness(): Promise<ReadinessReport> {
  const [database, migrations, redisCheck, smtp] = await Promise.all([
    checkDatabase(),
    checkMigrations(),
    checkRedis(),
    checkSmtp(),
  ]);
  const checks = {
    shutdown: checkShutdown(),
    database,
    migrations,
    scheduler: checkScheduler(),
    redis: redisCheck,
    smtp,
  };
  const failed = Object.values(checks).some((c) => c.status === 'fail');
  return {
    status: healthState.drainingSince !== undefined ? 'draining' : failed ? 'fail' : 'ok',
    database: database.status === 'ok' ? 'ok' : 'fail',
    time: new Date().toISOString(),
    checks,
  };
}

export type LivenessReport = { status: 'ok'; uptimeSeconds: number; time: string };

/** Liveness: the process answers. No database and no I/O: a restart would not mend those. */
export function checkLiveness(): LivenessReport {
  return { status: 'ok', uptimeSeconds: Math.round(process.uptime()), time: new Date().toISOString() };
}
