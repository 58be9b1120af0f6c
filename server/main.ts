import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import nextEnv from '@next/env';
import next from 'next';
import pg from 'pg';
import { ensureBuild } from '@/server/build';
import { type EmbeddedHandle, isPortFree, startEmbedded } from '@/server/db/embedded';
import { migrate } from '@/server/db/migrate';
import { EnvError, productionProblems, refreshEnv, testMode } from '@/server/env';
import { drainBeforeClose } from '@/server/health/drain';
import { watchScheduler } from '@/server/health/state';
import { toAppError } from '@/server/http/errors';
import {
  actionIds,
  answerClientError,
  answerConnect,
  apiRouteTable,
  checkServerAction,
  isServerActionPost,
  refuseMalformed,
} from '@/server/http/request-gate';
import { beginRequest } from '@/server/http/request-log';
import { applySecurityHeaders } from '@/server/http/security-headers';
import { optionalTracing } from '@/server/http/tracing-option';
import { log, withLogContext } from '@/server/log';
import { installMetrics } from '@/server/metrics/install';
import { attachRealtime, closeRealtime } from '@/server/realtime/io';

// The one process: PostgreSQL (embedded unless DATABASE_URL is set) → migrations → seed on first
// run → Next.js and Socket.IO on one HTTP port. SIGTERM/SIGINT shut it down in reverse order.

const dev = process.argv.includes('--dev');
// `npm run demo`: the production build, with the demo conveniences asked for by name (sandbox
// payments, demo data and sign-ins, a generated AUTH_SECRET kept in DATA_DIR).
const demo = process.argv.includes('--demo');
(process.env as Record<string, string>).NODE_ENV ??= dev ? 'development' : 'production';
if (demo) {
  process.env.PAYMENT_PROVIDER ??= 'sandbox';
  process.env.SEED_ON_START ??= 'true';
  // No load balancer to drain in a demo: Ctrl-C or a SIGTERM stops at once.
  process.env.SHUTDOWN_DRAIN_SECONDS ??= '0';
}
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
nextEnv.loadEnvConfig(process.cwd(), dev);

async function persistentSecret(dataDir: string, file: string): Promise<string> {
  const full = path.join(dataDir, file);
  if (existsSync(full)) return (await readFile(full, 'utf8')).trim();
  const secret = randomBytes(32).toString('base64url');
  await writeFile(full, secret, { mode: 0o600 });
  return secret;
}

// Module-level so a failed start can still stop the database it started.
let embedded: EmbeddedHandle | undefined;

async function main(): Promise<void> {
  const t0 = performance.now();
  let config = refreshEnv();
  // Fail fast, before touching the database, when the HTTP port is taken.
  if (!(await isPortFree(config.PORT, config.HOST === '0.0.0.0' ? undefined : config.HOST))) {
    throw new Error(
      `Port ${config.PORT} is already in use. Is Marquee already running? Stop it, or start on another port: PORT=${config.PORT + 1} npm start`,
    );
  }
  const dataDir = path.resolve(config.DATA_DIR);
  await mkdir(dataDir, { recursive: true, mode: 0o755 });

  if (!config.AUTH_SECRET && (dev || demo || config.NODE_ENV !== 'production')) {
    // Local runs get a secret kept in .data so sessions survive restarts; production sets its own.
    process.env.AUTH_SECRET = await persistentSecret(dataDir, 'auth-secret');
    config = refreshEnv();
  }
  const problems = productionProblems(config);
  if (problems.length > 0) {
    throw new EnvError(
      `Marquee will not start in production until these are set:\n${problems.map((p) => `  ${p}`).join('\n')}\n\nTo try Marquee with demo data and test payments instead: npm run demo`,
    );
  }

  if (!config.DATABASE_URL) {
    embedded = await startEmbedded({
      dataDir: path.join(dataDir, 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      database: 'marquee',
      log: (msg) => log.info(msg),
    });
    process.env.DATABASE_URL = embedded.url;
    log.info('embedded PostgreSQL ready', {
      port: embedded.port,
      startMs: Math.round(embedded.startMs),
      initialised: embedded.initialised,
    });
  }
  process.env.NEXTAUTH_SECRET = process.env.AUTH_SECRET;
  config = refreshEnv();
  const databaseUrl = config.DATABASE_URL as string;

  const migrated = await migrate(databaseUrl, {
    onApply: (name) => log.info('applying migration', { name }),
  });
  for (const w of migrated.warnings) log.warn(w);

  if (config.SEED_ON_START) {
    const { createPrisma } = await import('@/server/db');
    const { seed } = await import('@/prisma/seed');
    const prisma = createPrisma(databaseUrl, 4);
    try {
      await seed(prisma, { log: (msg: string) => log.info(msg) });
    } finally {
      await prisma.$disconnect();
    }
  }

  const appUrl = config.APP_URL ?? `http://localhost:${config.PORT}`;
  process.env.NEXTAUTH_URL ??= appUrl;

  if (!dev) await ensureBuild((msg) => log.info(msg));

  const httpServer = createServer();
  const app = next({ dev, hostname: 'localhost', port: config.PORT, httpServer, turbopack: true });
  await app.prepare();
  const handle = app.getRequestHandler();

  const security = {
    dev,
    production: !dev,
    corsOrigins: config.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    stripe: config.paymentProvider === 'stripe',
  };
  // Requests the custom server answers itself, in the error envelope (server/http/request-gate.ts).
  const { API_OPERATIONS } = await import('@/server/api/registry');
  const apiRoutes = apiRouteTable(API_OPERATIONS);
  // The REST API is served by its own router, not Next's route pipeline (server/api/router.ts).
  const { apiRouter, servedByApiRouter } = await import('@/server/api/router');
  const api = await apiRouter();
  const knownActions = dev
    ? undefined
    : actionIds(
        JSON.parse(await readFile(path.join('.next', 'server', 'server-reference-manifest.json'), 'utf8')),
      );
  // Anonymous public pages served from a copy until what they show changes (server/http/page-cache.ts).
  const { pageCache } = await import('@/server/http/page-cache');
  const pages = dev ? null : pageCache({ ttlSeconds: config.PAGE_CACHE_SECONDS });
  httpServer.on('clientError', answerClientError);
  httpServer.on('connect', (_req: IncomingMessage, socket: Duplex) => answerConnect(socket));

  // /metrics and the request histogram (server/metrics/install.ts): before this server's listener.
  const metricsEndpoint = installMetrics(httpServer, { dev });
  // OpenTelemetry only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise never loaded.
  const tracing = await optionalTracing();
  let inFlight = 0;
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Socket.IO answers its own polling requests on this server; everything else is Next's.
    if (req.url?.startsWith('/socket.io/')) return;
    if (metricsEndpoint.serve(req, res)) return;
    // The caller's X-Request-Id / traceparent when valid (else new ones), echoed, and logged once.
    const { requestId, trace } = beginRequest(req, res, tracing?.onEnd);
    // Set here, over anything the client sent, so handlers can trust it.
    req.headers['x-marquee-client-ip'] = req.socket.remoteAddress ?? '';
    inFlight++;
    res.on('close', () => inFlight--);
    if (applySecurityHeaders(req, res, security)) return;
    if (refuseMalformed(req, res, apiRoutes)) return;
    if (servedByApiRouter(req.url ?? '/')) {
      api.handle(req, res);
      return;
    }
    if (pages?.serve(req, res)) return;
    withLogContext({ requestId, traceId: trace.traceId }, () => {
      // A server action's body is checked before Next's decoder sees it (it answers 500 to garbage).
      const forNext = isServerActionPost(req)
        ? checkServerAction(req, res, knownActions)
        : Promise.resolve(req);
      forNext
        .then((checked) => (checked ? handle(checked, res) : undefined))
        .catch((error: unknown) => {
          log.error('request failed', { err: error instanceof Error ? error.message : String(error) });
          // The one mapping, so an outage that escaped Next is a 503 with Retry-After here too.
          const appError = toAppError(error);
          if (!res.headersSent) {
            res.statusCode = appError.status;
            res.setHeader('content-type', 'application/json');
            if (appError.retryAfter !== undefined) res.setHeader('retry-after', String(appError.retryAfter));
            res.end(JSON.stringify(appError.toBody()));
          }
        });
    });
  });

  // Several instances share seat events through PostgreSQL; one instance needs no adapter.
  const adapterPool =
    config.REALTIME_ADAPTER === 'postgres'
      ? new pg.Pool({ connectionString: databaseUrl, max: 4 })
      : undefined;
  const io = await attachRealtime(httpServer, { adapterPool });
  metricsEndpoint.watchRealtime(io);
  // Several instances also tell each other what their caches must forget (seat maps, prices).
  const { startCluster } = await import('@/server/events/cluster');
  const cluster = adapterPool ? startCluster(databaseUrl) : undefined;
  // Holds commit asynchronously: after a database crash every copy of seat states starts again.
  const { watchDatabaseRecovery } = await import('@/server/db/recovery-watch');
  const recovery = watchDatabaseRecovery();
  const { startScheduler } = await import('@/server/scheduler');
  const { expireHolds } = await import('@/server/booking/expire-holds');
  const { retryRefunds } = await import('@/server/booking/refund-payment');
  const { reconcilePayments } = await import('@/server/booking/reconcile-payments');
  // Waitlist (sold out → waitlist): offers freed seats as they come free, and sweeps every 10 s.
  const { sweepWaitlists, watchFreedSeats } = await import('@/server/waitlist/waitlist-triggers');
  watchFreedSeats();
  const { deliverOutbox } = await import('@/server/mail/deliver-outbox');
  const { queueReminders } = await import('@/server/notifications/queue-reminders');
  const { extendRollingProgrammes } = await import('@/server/programme/extend-rolling-programmes');
  const { refreshReportRollups } = await import('@/server/reports/refresh-report-rollups');
  const { clusterJobs } = await import('@/server/events/cluster-jobs');
  const { deleteExpiredRefreshTokens } = await import('@/server/auth/delete-expired-refresh-tokens');
  const { walletPassesEnabled } = await import('@/server/tickets/wallet-pass');
  const { deliverWalletPushes } = await import('@/server/wallet/deliver-wallet-pushes');
  const scheduler = startScheduler(databaseUrl, [
    { name: 'expire-holds', everyMs: config.EXPIRY_SWEEP_SECONDS * 1000, run: () => expireHolds() },
    { name: 'retry-refunds', everyMs: 30_000, run: () => retryRefunds() },
    // Payments left PENDING by a request that died (crash, lost answer): settled within a minute.
    { name: 'reconcile-payments', everyMs: 10_000, run: () => reconcilePayments() },
    { name: 'waitlist', everyMs: 10_000, run: () => sweepWaitlists() },
    // Booking and waitlist emails (notification_outbox), with retries and backoff.
    { name: 'deliver-mail', everyMs: 10_000, run: () => deliverOutbox() },
    // Reminder mail REMINDER_HOURS_BEFORE each show, queued exactly once per booking.
    { name: 'send-reminders', everyMs: 60_000, run: () => queueReminders() },
    // Rolling schedules: each screen with a template stays programmed its days ahead. Extending is
    // idempotent per day, so running often only catches the cinema's midnight sooner.
    { name: 'rolling-programme', everyMs: 10 * 60_000, run: () => extendRollingProgrammes() },
    // Report rollups: the shows whose bookings, tickets or refunds changed since the last run.
    { name: 'report-rollups', everyMs: 60_000, run: () => refreshReportRollups() },
    // API refresh tokens past their family's end, or revoked a week ago.
    { name: 'refresh-token-cleanup', everyMs: 60 * 60_000, run: () => deleteExpiredRefreshTokens() },
    // Several instances without Redis: expired limits and lockouts leave kv_entries.
    ...clusterJobs(),
    // Apple Wallet: the pushes telling devices a pass changed (queued by database triggers).
    ...(walletPassesEnabled()
      ? [{ name: 'wallet-push', everyMs: 5_000, run: () => deliverWalletPushes() }]
      : []),
  ]);

  watchScheduler(scheduler.status);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });

  const startupMs = Math.round(performance.now() - t0);
  // Demo sign-ins only where they exist (never in a production database nobody seeded).
  const { demoSignIns, hasAdmin } = await import('@/server/auth/demo-sign-ins');
  const [signIns, admin] = await Promise.all([demoSignIns(), hasAdmin()]);
  const { DEMO_PASSWORD } = await import('@/prisma/seed-data/accounts');
  const lines = [
    '',
    `  Marquee is running at ${appUrl}  (${dev ? 'development' : 'production'}, started in ${startupMs} ms)`,
    `  Database: ${embedded ? `embedded PostgreSQL, data in ${embedded.dataDir}` : 'DATABASE_URL'}`,
    ...(testMode(config) ? ['  TEST MODE: payments go to the sandbox provider; no money moves.'] : []),
    ...(signIns.length
      ? [
          `  Demo sign-ins (password for all: ${DEMO_PASSWORD}):`,
          ...signIns.map((a) => `    ${a.role.padEnd(9)} ${a.email}`),
        ]
      : []),
    ...(admin
      ? []
      : ['  No administrator yet. Create one: npm run user:create -- --email you@example.com --role ADMIN']),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      log.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    shuttingDown = true;
    // Readiness answers 503 first, while everything is still served (server/health/drain.ts).
    await drainBeforeClose(signal);
    log.info('shutting down', { signal, inFlight });
    const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    // Sockets first: they are long-lived and would hold the HTTP server open forever.
    io.local.disconnectSockets(true);
    await scheduler.stop();
    recovery.stop();
    await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
    httpServer.closeAllConnections();
    await closeRealtime(io).catch(() => {});
    await cluster?.stop().catch(() => {});
    await adapterPool?.end().catch(() => {});
    await app.close().catch(() => {});
    await tracing?.stop().catch(() => {});
    const { disconnectDb } = await import('@/server/db');
    await disconnectDb().catch(() => {});
    await embedded
      ?.stop()
      .catch((e: unknown) => log.error('embedded PostgreSQL stop failed', { err: String(e) }));
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
}

main().catch(async (error: unknown) => {
  await embedded?.stop().catch(() => {});
  if (error instanceof EnvError) {
    process.stderr.write(`\n${error.message}\n\n`);
  } else {
    process.stderr.write(
      `\nMarquee could not start: ${error instanceof Error ? error.message : String(error)}\n\n`,
    );
    if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  }
  process.exit(1);
});
