import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Cleanup } from '@/bench/lib/cleanup';
import { httpClient } from '@/bench/lib/http';
import { type BenchPostgres, startBenchPostgres } from '@/bench/lib/postgres';
import { type AppServer, freePort, startAppServer } from '@/bench/lib/server';
import { fmtMs } from '@/bench/lib/table';
import { ensureBuild } from '@/server/build';
import { migrate } from '@/server/db/migrate';

// What the drills (bench/drills/*.ts) share: the --small switch CI uses, a health monitor that
// probes the server every 250 ms throughout, and the report each drill prints and keeps in
// bench/results/. A drill exits 1 when any check fails; its table says which.

/** `--small` (or DRILL_SMALL=1): the few-second version CI runs after the build. */
export function smallRun(): boolean {
  return process.argv.includes('--small') || ['1', 'true', 'yes'].includes(process.env.DRILL_SMALL ?? '');
}

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

const started = performance.now();
export function progress(msg: string): void {
  process.stderr.write(`  [${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}\n`);
}

export type Probe = { sentAt: number; answeredAt: number; status: number; ms: number };

export type HealthSummary = {
  probes: number;
  answered: number;
  /** Status → count; 0 is no answer within the probe's timeout. */
  statuses: Map<number, number>;
  maxMs: number;
  /** The longest time without an answer to any probe (probes go out every 250 ms). */
  longestGapMs: number;
};

/**
 * GET /api/health every `everyMs`, each on its own connection slot so a slow probe never delays
 * the next: the question is whether the server answers at all, promptly, the whole time.
 */
export function monitorHealth(baseUrl: string, everyMs = 250, timeoutMs = 5_000) {
  const client = httpClient(baseUrl, Math.ceil(timeoutMs / everyMs) + 2);
  const probes: Probe[] = [];
  const pending = new Set<Promise<void>>();
  const t0 = performance.now();
  const probe = () => {
    const sentAt = performance.now();
    const p = client.request('GET', '/api/health', { timeoutMs }).then((r) => {
      probes.push({ sentAt: sentAt - t0, answeredAt: performance.now() - t0, status: r.status, ms: r.ms });
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  probe();
  const timer = setInterval(probe, everyMs);
  return {
    /** Stops probing, waits for the probes in flight, and summarises. */
    async stop(): Promise<HealthSummary> {
      clearInterval(timer);
      await Promise.all([...pending]);
      client.close();
      const end = performance.now() - t0;
      const answered = probes.filter((p) => p.status !== 0).sort((a, b) => a.answeredAt - b.answeredAt);
      let longestGapMs = answered.length ? answered[0]!.answeredAt : end;
      for (let i = 1; i < answered.length; i++) {
        longestGapMs = Math.max(longestGapMs, answered[i]!.answeredAt - answered[i - 1]!.answeredAt);
      }
      if (answered.length) longestGapMs = Math.max(longestGapMs, end - answered.at(-1)!.answeredAt);
      const statuses = new Map<number, number>();
      for (const p of probes) statuses.set(p.status, (statuses.get(p.status) ?? 0) + 1);
      return {
        probes: probes.length,
        answered: answered.length,
        statuses,
        maxMs: Math.max(0, ...probes.map((p) => (p.status === 0 ? timeoutMs : p.ms))),
        longestGapMs,
      };
    },
  };
}

function statusList(statuses: Map<number, number>): string {
  return [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n}×${s === 0 ? 'none' : s}`)
    .join(' ');
}

/** One check of a drill: what must hold, what was seen. */
export type Check = { name: string; ok: boolean; seen: string };

function checksTable(checks: Check[]): string {
  return [
    '| check | result | seen |',
    '|:--|:--|:--|',
    ...checks.map((c) => `| ${c.name} | ${c.ok ? 'pass' : '**FAIL**'} | ${c.seen} |`),
  ].join('\n');
}

/** The health check every drill makes: each probe answered, none slower than `limitMs`. */
export function healthCheck(health: HealthSummary, limitMs = 1_000): Check {
  return {
    name: `health answers every probe within ${limitMs} ms`,
    ok: health.answered === health.probes && health.maxMs <= limitMs,
    seen: `${health.probes} probes (${statusList(health.statuses)}), slowest ${fmtMs(health.maxMs)} ms, longest gap ${fmtMs(health.longestGapMs)} ms`,
  };
}

/**
 * Prints the report (heading with PASS or FAIL, what was done, the table, the checks, any notes)
 * and keeps it as bench/results/<drill>-<timestamp>[-small].md. Returns the exit code.
 */
export async function report(
  drill: string,
  small: boolean,
  parts: { intro: string; table: string; checks: Check[]; notes?: string[] },
): Promise<number> {
  const ok = parts.checks.every((c) => c.ok);
  const text = [
    `## ${drill} drill${small ? ' (small)' : ''}: ${ok ? 'PASS' : 'FAIL'}`,
    '',
    parts.intro,
    '',
    parts.table,
    '',
    checksTable(parts.checks),
    ...(parts.notes?.length ? ['', ...parts.notes] : []),
  ].join('\n');
  const dir = path.join(process.cwd(), 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${drill}-${timestamp()}${small ? '-small' : ''}.md`);
  await writeFile(file, `${text}\n`);
  process.stdout.write(`\n${text}\n\n(kept in ${path.relative(process.cwd(), file)})\n`);
  return ok ? 0 : 1;
}

// ─── Scaffolding every drill runs in ─────────────────────────────────────────────────────────────

export const DRILL_AUTH_SECRET = 'marquee-drill-auth-secret-not-for-production-use';

/**
 * Runs a drill: everything it starts registers its undoing on `cleanup`, which unwinds on success,
 * failure and Ctrl-C alike. Exits with the drill's code, or 1 if it crashed.
 */
export function runDrill(name: string, drill: (cleanup: Cleanup) => Promise<number>): void {
  const cleanup = new Cleanup();
  cleanup.onSignals(progress);
  drill(cleanup)
    .finally(() => cleanup.run(progress))
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        process.stderr.write(
          `${name} drill crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exit(1);
      },
    );
}

/** A temporary directory for the drill's database, data and server log, removed at the end. */
export async function drillDir(cleanup: Cleanup, name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `marquee-drill-${name}-`));
  // The embedded PostgreSQL runs as the postgres user when we are root: it must reach the data.
  await chmod(dir, 0o755);
  cleanup.add('remove the drill directory', () => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The drill's own PostgreSQL (durable settings) with a migrated database `drill` in it. */
export async function drillDatabase(
  cleanup: Cleanup,
  dir: string,
  port: number,
): Promise<{ postgres: BenchPostgres; url: string }> {
  progress(`starting PostgreSQL (port ${port} or the next free one)`);
  const postgres = await startBenchPostgres({ dataDir: path.join(dir, 'postgres'), port });
  cleanup.add('stop PostgreSQL', () => postgres.stop());
  const url = await postgres.createDatabase('drill');
  await migrate(url);
  return { postgres, url };
}

/**
 * The production server (`npm start`, built first if needed) on `url`, with sandbox payments, its
 * state in the drill directory, and the log in `dir/server.log`.
 */
export async function startDrillServer(
  cleanup: Cleanup,
  options: { dir: string; port: number; url: string; env?: Record<string, string> },
): Promise<AppServer> {
  progress('checking the production build');
  await ensureBuild(progress);
  const server = await startAppServer({
    port: await freePort(options.port),
    logFile: path.join(options.dir, 'server.log'),
    launcherArgs: [],
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: options.url,
      DATA_DIR: path.join(options.dir, 'data'),
      PAYMENT_PROVIDER: 'sandbox',
      AUTH_SECRET: DRILL_AUTH_SECRET,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
  cleanup.add('stop the server', () => server.stop());
  progress(`server on ${server.url} (log: ${server.logFile})`);
  return server;
}
