import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { httpClient } from '@/bench/lib/http';

// What the drills (bench/drills/*.ts) share: the --small switch CI uses, a health monitor that
// probes the server every 250 ms throughout, and the report each drill prints and keeps in
// bench/results/. A drill exits 1 when any check fails; its table says which.

/** `--small` (or DRILL_SMALL=1): the few-second version CI runs after the build. */
export function smallRun(): boolean {
  return process.argv.includes('--small') || ['1', 'true', 'yes'].includes(process.env.DRILL_SMALL ?? '');
}

export function timestamp(d = new Date()): string {
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

export function statusList(statuses: Map<number, number>): string {
  return [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n}×${s === 0 ? 'none' : s}`)
    .join(' ');
}

/** One check of a drill: what must hold, what was seen. */
export type Check = { name: string; ok: boolean; seen: string };

export function checksTable(checks: Check[]): string {
  return [
    '| check | result | seen |',
    '|:--|:--|:--|',
    ...checks.map((c) => `| ${c.name} | ${c.ok ? 'pass' : '**FAIL**'} | ${c.seen} |`),
  ].join('\n');
}

/** Prints the report and keeps it as bench/results/<drill>-<timestamp>[-small].md. */
export async function writeReport(drill: string, report: string, small: boolean): Promise<string> {
  const dir = path.join(process.cwd(), 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${drill}-${timestamp()}${small ? '-small' : ''}.md`);
  await writeFile(file, `${report}\n`);
  process.stdout.write(`\n${report}\n\n(kept in ${path.relative(process.cwd(), file)})\n`);
  return file;
}
