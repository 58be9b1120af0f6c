import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Histogram, Summary } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { metrics } from '@/server/metrics/registry';

// The Grafana dashboard and the alert rules under ops/ name metrics and labels the server must
// export: a renamed family would leave a panel empty and an alert silent, and nobody would notice
// until the night it mattered. Every name and label they use is checked against the registry.

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Labels Prometheus adds to every scraped series (the target's), and a histogram bucket's bound. */
const TARGET_LABELS = ['job', 'instance'];
/** Series Prometheus makes itself, not the server. */
const PROMETHEUS_SERIES = new Set(['up']);

type Family = { name: string; labels: Set<string> };

/** Exposed series name → its family, with the suffixes a histogram or summary is exposed under. */
function exposedSeries(): Map<string, Family> {
  const { registry } = metrics();
  const out = new Map<string, Family>();
  for (const metric of registry.getMetricsAsArray()) {
    const name = (metric as unknown as { name: string }).name;
    const labelNames = (metric as unknown as { labelNames?: string[] }).labelNames ?? [];
    const type = metric instanceof Histogram ? 'histogram' : metric instanceof Summary ? 'summary' : 'other';
    const labels = new Set([...labelNames, ...TARGET_LABELS]);
    out.set(name, { name, labels });
    if (type === 'histogram') {
      out.set(`${name}_bucket`, { name, labels: new Set([...labels, 'le']) });
      out.set(`${name}_sum`, { name, labels });
      out.set(`${name}_count`, { name, labels });
    }
    if (type === 'summary') {
      out.set(name, { name, labels: new Set([...labels, 'quantile']) });
      out.set(`${name}_sum`, { name, labels });
      out.set(`${name}_count`, { name, labels });
    }
  }
  return out;
}

const dashboardSchema = z.object({
  panels: z.array(
    z.object({
      title: z.string(),
      targets: z.array(z.object({ expr: z.string() })).optional(),
      panels: z
        .array(z.object({ title: z.string(), targets: z.array(z.object({ expr: z.string() })).optional() }))
        .optional(),
    }),
  ),
  templating: z.object({ list: z.array(z.object({ name: z.string(), definition: z.string().optional() })) }),
});

const rulesSchema = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(z.object({ alert: z.string(), expr: z.string(), for: z.string().optional() })),
    }),
  ),
});

function dashboardExpressions(): { where: string; expr: string }[] {
  const dashboard = dashboardSchema.parse(
    JSON.parse(readFileSync(path.join(ROOT, 'ops/grafana/marquee.json'), 'utf8')),
  );
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  return [
    ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
    ...dashboard.templating.list.flatMap((v) =>
      v.definition ? [{ where: `variable ${v.name}`, expr: v.definition }] : [],
    ),
  ];
}

function alertExpressions(): { where: string; expr: string }[] {
  const rules = rulesSchema.parse(
    parseYaml(readFileSync(path.join(ROOT, 'ops/prometheus/alerts.yml'), 'utf8')),
  );
  return rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })));
}

/** Problems with one PromQL expression: unknown series, unknown labels in selectors or groupings. */
function problems(where: string, expr: string, series: Map<string, Family>): string[] {
  const found: string[] = [];
  const used = new Set<Family>();
  // A series name: an identifier followed by `{`, `[`, whitespace, `)` or the end, that is not a
  // function or keyword (those are followed by `(`), and not inside a label matcher's quotes.
  const unquoted = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const m of unquoted.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)) {
    const name = m[1] as string;
    if (!name.startsWith('marquee_') && !PROMETHEUS_SERIES.has(name)) continue;
    const family = series.get(name);
    if (!family && !PROMETHEUS_SERIES.has(name)) found.push(`${where}: no series ${name}`);
    if (family) used.add(family);
  }
  // Label matchers in selectors: each label must be one the series has.
  for (const m of unquoted.matchAll(/\b(marquee_[a-zA-Z0-9_]+)\{([^}]*)\}/g)) {
    const family = series.get(m[1] as string);
    for (const l of (m[2] as string).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) {
      if (family && !family.labels.has(l[1] as string)) {
        found.push(`${where}: ${m[1]} has no label ${l[1]}`);
      }
    }
  }
  // by (...) / without (...): labels one of the expression's series has.
  const known = new Set([...used].flatMap((f) => [...f.labels]));
  for (const m of unquoted.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) {
    for (const label of (m[1] as string)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (!known.has(label)) found.push(`${where}: grouped by ${label}, which none of its series has`);
    }
  }
  return found;
}

describe('ops/ names only metrics the server exports', () => {
  it('the Grafana dashboard: every series, selector label and grouping exists', async () => {
    const series = exposedSeries();
    const expressions = dashboardExpressions();
    expect(expressions.length).toBeGreaterThan(20);
    expect(expressions.flatMap((e) => problems(e.where, e.expr, series))).toEqual([]);
    // What the dashboard is for: each of these has a panel.
    const all = expressions.map((e) => e.expr).join('\n');
    for (const name of [
      'marquee_http_request_duration_seconds_count',
      'marquee_http_request_duration_seconds_bucket',
      'marquee_holds_total',
      'marquee_bookings_total',
      'marquee_checkouts_total',
      'marquee_db_serialization_retries_total',
      'marquee_db_pool_connections',
      'marquee_db_pool_waiting_requests',
      'marquee_socketio_connections',
      'marquee_job_lag_seconds',
      'marquee_outbox_pending_messages',
      'marquee_outbox_oldest_pending_age_seconds',
      'marquee_nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(all, name).toContain(name);
    }
  });

  it('the alert rules: every series, selector label and grouping exists, and each alert we promise is there', async () => {
    const series = exposedSeries();
    const expressions = alertExpressions();
    expect(expressions.flatMap((e) => problems(e.where, e.expr, series))).toEqual([]);
    const byName = new Map(expressions.map((e) => [e.where.replace(/^alert /, ''), e.expr]));
    expect(byName.get('MarqueeInstanceDown')).toContain('up{');
    expect(byName.get('MarqueeHighErrorRate')).toMatch(/status=~"5\.\."/);
    expect(byName.get('MarqueeSlowRequests')).toContain('histogram_quantile(0.95');
    expect(byName.get('MarqueeJobLagging')).toContain('marquee_job_lag_seconds');
    expect(byName.get('MarqueeOutboxBacklog')).toContain('marquee_outbox_oldest_pending_age_seconds');
    expect(byName.get('MarqueeDbPoolSaturated')).toContain('marquee_db_pool_waiting_requests');
    expect(byName.get('MarqueeEventLoopLag')).toContain('marquee_nodejs_eventloop_lag');
  });

  it('the checker itself finds a wrong name, label and grouping', async () => {
    const series = exposedSeries();
    expect(
      problems(
        'test',
        'sum by (route, colour) (rate(marquee_http_requests_total{kind="api"}[5m])) + marquee_holds_total{flavour="x"}',
        series,
      ),
    ).toEqual([
      'test: no series marquee_http_requests_total',
      'test: marquee_holds_total has no label flavour',
      'test: grouped by route, which none of its series has',
      'test: grouped by colour, which none of its series has',
    ]);
  });

  it('promtool parses the rules and every dashboard query (when Prometheus is installed: apt-get install prometheus)', async (ctx) => {
    const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
    if (probe.error) {
      process.stdout.write(
        'promtool is not installed: ops/ was checked for names only, not for PromQL syntax\n',
      );
      ctx.skip();
      return;
    }
    const rules = spawnSync('promtool', ['check', 'rules', path.join(ROOT, 'ops/prometheus/alerts.yml')], {
      encoding: 'utf8',
    });
    expect(rules.stdout + rules.stderr).toMatch(/SUCCESS/);
    expect(rules.status).toBe(0);
    // The dashboard's queries as recording rules, with Grafana's variables filled in: promtool
    // parses each of them as Prometheus would.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-ops-'));
    try {
      const file = path.join(dir, 'dashboard-queries.yml');
      const recorded = dashboardExpressions().map((e, i) => ({
        record: `dashboard:query_${i}`,
        expr: e.expr
          .replaceAll('$__rate_interval', '5m')
          .replaceAll('$job', 'marquee')
          .replaceAll('$instance', '.*')
          .replace(/^label_values\((.*), instance\)$/, '$1'),
      }));
      await writeFile(file, stringifyYaml({ groups: [{ name: 'dashboard', rules: recorded }] }));
      const dashboard = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(dashboard.stdout + dashboard.stderr).toMatch(/SUCCESS/);
      expect(dashboard.status).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
