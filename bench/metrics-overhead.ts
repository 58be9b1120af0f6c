import { API_OPERATIONS } from '@/server/api/registry';
import { metrics } from '@/server/metrics/registry';
import { declaredPath, loadBuildRoutes, matchRoute } from '@/server/metrics/routes';

// What the metrics cost, in this process, without a server: the work added to each request (its
// route label and one histogram observation) and one scrape of a registry holding as many series
// as a busy instance would. Run after `npm run build` (page labels come from its manifest).
//   npm run bench:metrics-overhead

const m = metrics();
const routes = loadBuildRoutes();
if (routes.pages.length === 0) throw new Error('no build manifest: run `npm run build` first');

function perOp(label: string, n: number, fn: (i: number) => void): string {
  for (let i = 0; i < 10_000; i++) fn(i); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  return `| ${label} | ${ns.toFixed(0)} ns |`;
}

const N = 300_000;
const slugs = Array.from({ length: 1000 }, (_, i) => `/movies/film-${i}`);
const rows = [
  perOp('label a page request (routes manifest, dynamic page)', N, (i) => {
    matchRoute(routes, { method: 'GET', url: slugs[i % slugs.length] as string, headers: {} });
  }),
  perOp('label a REST request (Fastify path → declared path)', N, () => {
    declaredPath('/api/v1/showtimes/:id/seats');
  }),
  perOp('observe one request in the histogram', N, (i) => {
    m.httpDuration.observe(
      { kind: 'page', route: '/movies/[slug]', method: 'GET', status: i % 50 ? '200' : '304' },
      0.004,
    );
  }),
];

// A busy instance's series: every REST operation and page with a few statuses each.
const statuses = ['200', '201', '304', '400', '401', '404', '409', '503'];
for (const op of API_OPERATIONS) {
  for (const status of statuses) {
    m.httpDuration.observe({ kind: 'api', route: op.path, method: op.method.toUpperCase(), status }, 0.01);
  }
}
for (const page of routes.pages) {
  for (const status of ['200', '304', '404']) {
    m.httpDuration.observe({ kind: 'page', route: page.page, method: 'GET', status }, 0.02);
  }
}
for (let i = 0; i < 20; i++) await m.registry.metrics(); // warm-up
const scrapes = 200;
const t0 = performance.now();
let bytes = 0;
for (let i = 0; i < scrapes; i++) bytes = (await m.registry.metrics()).length;
const scrapeMs = (performance.now() - t0) / scrapes;
const series = (await m.registry.getMetricsAsJSON()).reduce((n, f) => n + f.values.length, 0);

process.stdout.write(
  [
    '| what | cost |',
    '|---|--:|',
    ...rows,
    `| one scrape (${series} series, ${(bytes / 1024).toFixed(0)} KiB of text) | ${scrapeMs.toFixed(2)} ms |`,
    '',
  ].join('\n'),
);
process.exit(0);
